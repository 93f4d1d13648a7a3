#!/usr/bin/env bash
# Runs the inference JMH benchmark (figures in model-server/README.md). Extra arguments go to JMH,
# for example:  model-server/bench.sh -p threads=1
# and the shipped model over mn04 (models/mpgln-mn04, mn04 from the encoder cache):
#   SER_BENCH=Mn04InferenceBenchmark model-server/bench.sh
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
./mvnw -B -q -pl model-server -am test-compile -DskipTests
cd model-server
# The class path goes through an argument file and a class-path jar for the forked JVMs, which
# keeps their command lines short and readable in ps.
printf -- '-cp\n"%s"\n' "target/test-classes:target/classes:$(cat target/test-classpath.txt)" > target/bench-java.args
# Mn04InferenceBenchmark reads mn04 from the encoder cache: ../shared/encoders unless SER_ENCODER_CACHE says otherwise.
cache="${SER_ENCODER_CACHE:-$(cd ../.. && pwd)/shared/encoders}"
exec java -Djmh.separateClasspathJAR=true -Dser.encoder.cache="$cache" @target/bench-java.args org.openjdk.jmh.Main "${SER_BENCH:-InferenceBenchmark}" "$@"
