#!/usr/bin/env bash
# Runs the feature front-end JMH benchmark (figures in README.md). Extra arguments go to JMH,
# for example:  feature-extractor/bench.sh -prof gc
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
./mvnw -B -q -pl feature-extractor -am test-compile -DskipTests
cd feature-extractor
# Long class paths go through an argument file and a class-path jar for the forked JVMs:
# ONNX Runtime crashes a JVM whose command line exceeds about 4 KB.
printf -- '-cp\n"%s"\n' "target/test-classes:target/classes:$(cat target/test-classpath.txt)" > target/bench-java.args
exec java -Djmh.separateClasspathJAR=true -Dshared.dir="$(cd ../.. && pwd)/shared" @target/bench-java.args org.openjdk.jmh.Main FrontEndBenchmark "$@"
