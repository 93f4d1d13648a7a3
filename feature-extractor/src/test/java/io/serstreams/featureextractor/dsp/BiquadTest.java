package io.serstreams.featureextractor.dsp;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

/** Butterworth sections: flat in the pass band, -3 dB at the cut-off, 12 dB per octave beyond it. */
class BiquadTest {
    private static final int RATE = 16000;

    @Test
    void aLowPassSectionKeepsLowTonesAndCutsHighOnes() {
        Biquad low = Biquad.lowPass(1000, RATE);
        assertThat(gainDb(low, 100)).isCloseTo(0, offset(0.2));
        assertThat(gainDb(low, 1000)).isCloseTo(-3, offset(0.3));
        assertThat(gainDb(low, 4000)).isLessThan(-22);
    }

    @Test
    void aHighPassSectionCutsLowTonesAndKeepsHighOnes() {
        Biquad high = Biquad.highPass(300, RATE);
        assertThat(gainDb(high, 3000)).isCloseTo(0, offset(0.2));
        assertThat(gainDb(high, 300)).isCloseTo(-3, offset(0.3));
        assertThat(gainDb(high, 75)).isLessThan(-22);
    }

    @Test
    void aCutOffOutsideTheBandIsRefused() {
        assertThatThrownBy(() -> Biquad.lowPass(9000, RATE)).hasMessageContaining("half the sample rate 16000");
        assertThatThrownBy(() -> Biquad.highPass(0, RATE)).hasMessageContaining("cut-off 0.0 Hz");
    }

    /** Steady-state gain of a tone, measured after the filter has settled. */
    private static double gainDb(Biquad filter, double hz) {
        float[] tone = new float[RATE];
        for (int i = 0; i < tone.length; i++) {
            tone[i] = (float) Math.sin(2 * Math.PI * hz * i / RATE);
        }
        float[] out = filter.filter(tone);
        double in = 0;
        double kept = 0;
        for (int i = RATE / 2; i < RATE; i++) {
            in += tone[i] * tone[i];
            kept += out[i] * out[i];
        }
        return 10 * Math.log10(kept / in);
    }
}
