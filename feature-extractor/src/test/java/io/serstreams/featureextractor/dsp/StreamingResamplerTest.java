package io.serstreams.featureextractor.dsp;

import io.serstreams.featureextractor.testing.Signals;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Arrays;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class StreamingResamplerTest {

    static float[] resample(float[] in, int from, int to, int[] chunks) {
        StreamingResampler r = new StreamingResampler(from, to);
        float[] out = new float[0];
        int at = 0;
        for (int c = 0; at < in.length; c++) {
            int n = Math.min(chunks[c % chunks.length], in.length - at);
            int ready = r.process(in, at, n);
            out = append(out, r.output(), ready);
            at += n;
        }
        return append(out, r.output(), r.flush());
    }

    private static float[] append(float[] a, float[] b, int n) {
        float[] c = Arrays.copyOf(a, a.length + n);
        System.arraycopy(b, 0, c, a.length, n);
        return c;
    }

    private static double levelDb(float[] x, int rate) {
        // Skip the edges, where the filter sees the silence around the stream.
        return 20 * Math.log10(Signals.rms(x, rate / 10, x.length - rate / 10));
    }

    @ParameterizedTest(name = "{0} Hz tone, {1} -> {2} Hz")
    @CsvSource({"1000, 8000, 16000", "3000, 8000, 16000", "1000, 11025, 16000", "5000, 22050, 16000",
            "1000, 44100, 16000", "6000, 44100, 16000", "1000, 48000, 16000", "6000, 48000, 16000"})
    void aToneInThePassbandKeepsItsLevel(int hz, int from, int to) {
        float[] tone = Signals.tone(hz, 0.5, from, from);
        float[] out = resample(tone, from, to, new int[]{from});
        assertThat(out.length).isEqualTo((int) Math.ceil((double) tone.length * to / from));
        assertThat(levelDb(out, to) - levelDb(tone, from)).isBetween(-0.1, 0.1);
    }

    @ParameterizedTest(name = "{0} Hz tone, {1} -> {2} Hz")
    @CsvSource({"9000, 48000, 16000", "12000, 48000, 16000", "10000, 44100, 16000", "15000, 32000, 16000", "20000, 44100, 16000",
            "8100, 48000, 16000", "8100, 44100, 16000", "4050, 16000, 8000"})
    void aToneAboveTheNewNyquistIsSuppressed(int hz, int from, int to) {
        float[] tone = Signals.tone(hz, 0.5, from, from);
        float[] out = resample(tone, from, to, new int[]{from});
        assertThat(levelDb(out, to) - levelDb(tone, from)).isLessThan(-60);
    }

    /**
     * Upsampling mirrors the input's band above its Nyquist frequency (a tone at f also appears at
     * {@code from - f}); the filter must remove that image, even for a tone in its transition band.
     */
    @ParameterizedTest(name = "{0} Hz tone, {1} -> {2} Hz")
    @CsvSource({"3000, 8000, 32000", "3900, 8000, 32000", "3990, 8000, 32000", "3900, 8000, 16000", "7800, 16000, 32000",
            "1000, 16000, 32000"})
    void upsamplingAddsNothingAboveTheInputsNyquist(int hz, int from, int to) {
        float[] tone = Signals.tone(hz, 0.5, from, from);
        float[] out = resample(tone, from, to, new int[]{from / 50});
        double image = amplitude(out, from - hz, to);
        assertThat(20 * Math.log10(image / 0.5)).as("image at %d Hz, dB", from - hz).isLessThan(-85);
    }

    /** Amplitude of the component at {@code hz} over the middle of {@code x} (Hann-windowed single-bin DFT). */
    private static double amplitude(float[] x, double hz, int rate) {
        int from = rate / 10;
        int n = x.length - 2 * from;
        double re = 0;
        double im = 0;
        double windowSum = 0;
        for (int i = 0; i < n; i++) {
            double w = 0.5 - 0.5 * Math.cos(2 * Math.PI * i / n);
            double phase = 2 * Math.PI * hz * (from + i) / rate;
            re += w * x[from + i] * Math.cos(phase);
            im -= w * x[from + i] * Math.sin(phase);
            windowSum += w;
        }
        return 2 * Math.hypot(re, im) / windowSum;
    }

    @Property(tries = 30)
    void chunkingDoesNotChangeTheOutput(@ForAll("rates") int from, @ForAll("targets") int to, @ForAll @IntRange(min = 1, max = 5000) int a,
                                        @ForAll @IntRange(min = 1, max = 5000) int b, @ForAll @IntRange(min = 1, max = 300) int c) {
        float[] noise = new float[from / 2 + 17];
        Random random = new Random(from);
        for (int i = 0; i < noise.length; i++) {
            noise[i] = (float) random.nextGaussian() * 0.1f;
        }
        float[] whole = resample(noise, from, to, new int[]{noise.length});
        float[] chunked = resample(noise, from, to, new int[]{a, b, c});
        assertThat(chunked).containsExactly(whole);
    }

    @net.jqwik.api.Provide
    net.jqwik.api.Arbitrary<Integer> rates() {
        return net.jqwik.api.Arbitraries.of(8000, 11025, 16000, 22050, 44100, 48000);
    }

    @net.jqwik.api.Provide
    net.jqwik.api.Arbitrary<Integer> targets() {
        return net.jqwik.api.Arbitraries.of(16000, 32000);
    }
}
