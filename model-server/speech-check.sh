#!/usr/bin/env bash
# The speech gate's figures (model-server/README.md, Speech gate; docs/performance.md): per generated non-speech
# kind, segments emitted and claiming an emotion; per corpus, utterances still giving a speech segment, wideband
# and over 8 kHz mu-law. A documented command, not a test (about 10 minutes per model on 2 cores over the corpora).
#   model-server/speech-check.sh [MODEL_DIR] [CORPORA_DIR] [all|pitch|audioset]
# e.g. model-server/speech-check.sh models/mpgln-mn04 ../shared/corpora audioset   (mn04 from SER_ENCODER_CACHE, else ../shared/encoders)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
root="$(pwd)"
model="$(realpath "${1:-models/mpgln}")"
corpora="$(realpath -m "${2:-../shared/corpora}")"
./mvnw -B -q -pl model-server -am test-compile -DskipTests
cd model-server
cache="${SER_ENCODER_CACHE:-$(cd "$root/.." && pwd)/shared/encoders}"
exec java -Dser.encoder.cache="$cache" -cp "target/test-classes:target/classes:$(cat target/test-classpath.txt)" \
  io.serstreams.modelserver.speech.SpeechGateCheck "$model" "$corpora" "${3:-all}"
