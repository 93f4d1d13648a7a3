#!/usr/bin/env bash
# Runs the front-end JMH benchmark, FrontEndBenchmark: the VGGish features (tenSecondsOfSpeech)
# and the encoder's log-mel (encoderLogMelOfTenSeconds); figures in README.md. Extra arguments go
# to JMH, for example:  feature-extractor/bench.sh -prof gc
# or, for the encoder's front end alone:  feature-extractor/bench.sh -e tenSecondsOfSpeech
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
./mvnw -B -q -pl feature-extractor -am test-compile -DskipTests
cd feature-extractor
# The class path goes through an argument file and a class-path jar for the forked JVMs, which
# keeps their command lines short and readable in ps.
printf -- '-cp\n"%s"\n' "target/test-classes:target/classes:$(cat target/test-classpath.txt)" > target/bench-java.args
exec java -Djmh.separateClasspathJAR=true -Dshared.dir="$(cd ../.. && pwd)/shared" @target/bench-java.args org.openjdk.jmh.Main FrontEndBenchmark "$@"
