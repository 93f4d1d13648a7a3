#!/usr/bin/env bash
# Runs the inference JMH benchmark (figures in model-server/README.md). Extra arguments go to JMH,
# for example:  model-server/bench.sh -p threads=1
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
./mvnw -B -q -pl model-server -am test-compile -DskipTests
cd model-server
exec java -cp "target/test-classes:target/classes:$(cat target/test-classpath.txt)" org.openjdk.jmh.Main InferenceBenchmark "$@"
