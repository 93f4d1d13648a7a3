package io.serstreams.modelserver.speech;

import io.serstreams.featureextractor.features.FrameDescriptor;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The gate's rules on hand-made descriptors and logits, each on its own and at its bound. */
class SpeechGateTest {
    private static final int C = FrameDescriptor.COUNT;

    /** {@code frames} active frames whose pitch (log2 of F0 / 100 Hz, 0 = none) comes from {@code pitch}. */
    private static float[] frames(int frames, java.util.function.IntToDoubleFunction pitch) {
        float[] d = new float[frames * C];
        for (int f = 0; f < frames; f++) {
            d[f * C + FrameDescriptor.VOICED.offset()] = 1;
            d[f * C + FrameDescriptor.PITCH.offset()] = (float) pitch.applyAsDouble(f);
        }
        return d;
    }

    /** A voice gliding by a few semitones, pitched in 60% of frames. */
    private static float[] gliding(int frames) {
        return frames(frames, f -> f % 10 < 6 ? 0.5 + 0.3 * Math.sin(f / 7.0) : 0);
    }

    @Test
    void aGlidingVoicePitchIsSpeech() {
        assertThat(SpeechGate.DEFAULT.judge(gliding(192), 192, null)).isEqualTo(SpeechVerdict.SPEECH);
        PitchEvidence e = PitchEvidence.of(gliding(192), 192);
        assertThat(e.activeFrames()).isEqualTo(192);
        assertThat(e.pitchedShare()).isCloseTo(0.6, org.assertj.core.data.Offset.offset(0.01));
        assertThat(e.steadyShare()).isLessThan(0.2);
        assertThat(e.pitchSpread()).isGreaterThan(0.2);
    }

    @Test
    void framesWithoutPitchAreNoiseOrMusic() {
        float[] d = frames(192, f -> f % 25 == 0 ? 0.5 + f / 1000.0 : 0);
        SpeechVerdict v = SpeechGate.DEFAULT.judge(d, 192, null);
        assertThat(v.speech()).isFalse();
        assertThat(v.reason()).isEqualTo("no voice pitch (4% of active frames pitched): noise or music");
        // One pitched frame in fifteen (7%) is enough: low, creaky speech has little pitch.
        assertThat(SpeechGate.DEFAULT.judge(frames(192, f -> f % 15 == 0 ? 0.5 + f / 1000.0 : 0), 192, null).speech()).isTrue();
    }

    @Test
    void onlyTheFramesTheVoiceDetectorMarkedCount() {
        float[] d = gliding(192);
        for (int f = 0; f < 150; f++) {
            d[f * C + FrameDescriptor.VOICED.offset()] = 0;
            d[f * C + FrameDescriptor.PITCH.offset()] = 0;
        }
        assertThat(PitchEvidence.of(d, 192).activeFrames()).isEqualTo(42);
        assertThat(SpeechGate.DEFAULT.judge(d, 192, null).speech()).isTrue();
    }

    @Test
    void aPitchThatStandsStillIsATone() {
        // DTMF: 100 ms of one steady (mixed) pitch, 100 ms without.
        float[] d = frames(192, f -> (f / 10) % 2 == 0 ? 2.5 + 0.3 * ((f / 20) % 3) : 0);
        SpeechVerdict v = SpeechGate.DEFAULT.judge(d, 192, null);
        assertThat(v.speech()).isFalse();
        assertThat(v.reason()).startsWith("a pitch that stands still");
    }

    @Test
    void aPitchThatWobblesInANarrowBandIsARingTone() {
        // Ring-back: 440 + 480 Hz, a pitch that moves every frame but within a hundredth of an octave.
        float[] d = frames(192, f -> 2.2 + 0.0035 * (f % 3));
        PitchEvidence e = PitchEvidence.of(d, 192);
        assertThat(e.steadyShare()).isLessThan(0.6);
        SpeechVerdict v = SpeechGate.DEFAULT.judge(d, 192, null);
        assertThat(v.speech()).isFalse();
        assertThat(v.reason()).startsWith("one unchanging pitch");
    }

    @Test
    void tooFewPitchedFramesLeaveTheSpreadUnjudged() {
        float[] d = frames(10, f -> f < 3 ? 1.0 + 0.05 * f : 0);
        assertThat(PitchEvidence.of(d, 10).pitchSpread()).isNaN();
        assertThat(SpeechGate.DEFAULT.judge(d, 10, null).speech()).isTrue();
    }

    @Test
    void anAudioSetTaggerThatHearsMusicAndNoSpeechOverrulesAPitchedSegment() {
        float[] logits = new float[AudioSetEvidence.CLASSES];
        java.util.Arrays.fill(logits, -8);
        logits[AudioSetEvidence.SPEECH] = -4;   // 0.018
        logits[137] = 2;                        // Music 0.88
        SpeechVerdict v = SpeechGate.DEFAULT.judge(gliding(192), 192, logits);
        assertThat(v).isEqualTo(SpeechVerdict.noSpeech("AudioSet tags Music 0.88, Speech 0.02"));

        logits[AudioSetEvidence.SPEECH] = -2.5f; // 0.076: some speech is heard, even with music under it
        assertThat(SpeechGate.DEFAULT.judge(gliding(192), 192, logits).speech()).isTrue();
        logits[AudioSetEvidence.SPEECH] = -4;
        logits[137] = -0.5f;                    // Music 0.38: not sure enough of anything else to drop a pitched segment
        assertThat(SpeechGate.DEFAULT.judge(gliding(192), 192, logits).speech()).isTrue();
        logits[392] = 0.1f;                     // DTMF 0.52
        assertThat(SpeechGate.DEFAULT.judge(gliding(192), 192, logits).reason()).isEqualTo("AudioSet tags Telephone dialing, DTMF 0.52, Speech 0.02");
    }

    @Test
    void logitsOfTheWrongCountAreRefused() {
        assertThatThrownBy(() -> AudioSetEvidence.of(new float[10])).hasMessage("expected 527 AudioSet logits, got 10");
    }

    @Test
    void aVerdictHasAReasonExactlyWhenItFindsNoSpeech() {
        assertThatThrownBy(() -> new SpeechVerdict(true, "music")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SpeechVerdict.noSpeech(null)).isInstanceOf(IllegalArgumentException.class);
    }
}
