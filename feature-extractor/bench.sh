#!/usr/bin/env bash
# Runs the feature front-end JMH benchmark (figures in README.md). Extra arguments go to JMH,
# for example:  feature-extractor/bench.sh -prof gc
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
./mvnw -B -q -pl feature-extractor -am test-compile -DskipTests
cd feature-extractor
exec java -Dshared.dir="$(cd ../.. && pwd)/shared" -cp "target/test-classes:target/classes:$(cat target/test-classpath.txt)" \
  org.openjdk.jmh.Main FrontEndBenchmark "$@"
