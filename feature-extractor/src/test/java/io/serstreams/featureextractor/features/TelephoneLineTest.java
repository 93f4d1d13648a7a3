package io.serstreams.featureextractor.features;

import io.serstreams.featureextractor.audio.DecodedAudio;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Telephone copies: 8 kHz, nothing above 4 kHz, speech-band content kept to G.711's precision. */
class TelephoneLineTest {
    private static final int RATE = 16000;

    @Test
    void aSpeechBandToneComesThroughEitherCodecAt8KHzWithG711Precision() {
        float[] tone = tone(1000, 0.5, 2.0);
        float[] reference = Resampling.resample(tone, RATE, TelephoneLine.TELEPHONE_RATE);
        for (TelephoneLine line : new TelephoneLine[]{TelephoneLine.MU_LAW, TelephoneLine.A_LAW}) {
            DecodedAudio copy = line.transmit(new DecodedAudio(RATE, new float[][]{tone, tone.clone()}));

            assertThat(copy.sampleRate()).isEqualTo(8000);
            assertThat(copy.channelCount()).isEqualTo(2);
            assertThat(copy.frames()).isEqualTo(reference.length);
            // G.711's 8-bit logarithmic code keeps a loud tone about 35 dB above its quantisation noise.
            assertThat(snrDb(reference, copy.channels()[0])).as(line.label()).isGreaterThan(30);
        }
    }

    @Test
    void contentAbove4KHzDoesNotReachTheLine() {
        float[] high = tone(6000, 0.5, 1.0);
        float[] copy = TelephoneLine.MU_LAW.transmit(high, RATE);
        assertThat(rms(copy) / rms(high)).isLessThan(0.05);
    }

    @Test
    void wideBandLeavesTheRecordingAsItIs() {
        DecodedAudio audio = new DecodedAudio(RATE, new float[][]{tone(440, 0.3, 0.5)});
        assertThat(TelephoneLine.WIDEBAND.transmit(audio)).isSameAs(audio);
    }

    @Test
    void linesAreNamedAsUsersTypeThem() {
        assertThat(TelephoneLine.parse("mu-law")).isEqualTo(TelephoneLine.MU_LAW);
        assertThat(TelephoneLine.parse("MULAW")).isEqualTo(TelephoneLine.MU_LAW);
        assertThat(TelephoneLine.parse("a_law")).isEqualTo(TelephoneLine.A_LAW);
        assertThat(TelephoneLine.parse("wideband")).isEqualTo(TelephoneLine.WIDEBAND);
        assertThatThrownBy(() -> TelephoneLine.parse("gsm")).hasMessage("unknown line 'gsm': use one of wideband, mu-law, a-law");
    }

    private static float[] tone(double hz, double amplitude, double seconds) {
        float[] out = new float[(int) (seconds * RATE)];
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) (amplitude * Math.sin(2 * Math.PI * hz * i / RATE));
        }
        return out;
    }

    private static double rms(float[] x) {
        double sum = 0;
        for (float v : x) {
            sum += v * v;
        }
        return Math.sqrt(sum / x.length);
    }

    private static double snrDb(float[] reference, float[] copy) {
        double signal = 0;
        double noise = 0;
        for (int i = 0; i < reference.length; i++) {
            signal += reference[i] * reference[i];
            noise += (reference[i] - copy[i]) * (reference[i] - copy[i]);
        }
        return 10 * Math.log10(signal / noise);
    }
}
