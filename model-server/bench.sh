#!/usr/bin/env bash
# Runs the inference JMH benchmark (figures in model-server/README.md). Extra arguments go to JMH,
# for example:  model-server/bench.sh -p threads=1
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
./mvnw -B -q -pl model-server -am test-compile -DskipTests
cd model-server
# The class path goes through an argument file and a class-path jar for the forked JVMs, which
# keeps their command lines short and readable in ps.
printf -- '-cp\n"%s"\n' "target/test-classes:target/classes:$(cat target/test-classpath.txt)" > target/bench-java.args
exec java -Djmh.separateClasspathJAR=true @target/bench-java.args org.openjdk.jmh.Main InferenceBenchmark "$@"
