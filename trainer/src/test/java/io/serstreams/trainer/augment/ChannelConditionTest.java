package io.serstreams.trainer.augment;

import io.serstreams.featureextractor.audio.DecodedAudio;
import io.serstreams.featureextractor.dsp.NoiseSignals;
import io.serstreams.featureextractor.features.TelephoneLine;
import io.serstreams.trainer.data.Utterance;
import io.serstreams.trainer.labels.Emotion;
import io.serstreams.trainer.labels.UtteranceLabels;
import io.serstreams.trainer.testing.SyntheticVoice;
import io.serstreams.trainer.testing.TestWav;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

/** Channel augmentation: drawn deterministically, and each stage does what it says. */
class ChannelConditionTest {
    private static final int RATE = 16000;

    @TempDir
    Path dir;

    private static ChannelCondition only(TelephoneLine line, boolean band, ChannelCondition.Noise noise, double snr, double clip, double reverb) {
        return new ChannelCondition(7, line, band, noise, snr, 0, clip, reverb, List.of());
    }

    @Test
    void theSameSeedDrawsTheSameConditionAndLinesFollowTheirShares() {
        List<Path> pool = List.of(Path.of("a.wav"), Path.of("b.wav"), Path.of("c.wav"));
        assertThat(ChannelCondition.draw(42, pool.get(0), pool)).isEqualTo(ChannelCondition.draw(42, pool.get(0), pool));
        Map<TelephoneLine, Integer> lines = new EnumMap<>(TelephoneLine.class);
        int babble = 0;
        for (long seed = 0; seed < 2000; seed++) {
            ChannelCondition c = ChannelCondition.draw(seed, pool.get(0), pool);
            lines.merge(c.line(), 1, Integer::sum);
            assertThat(c.snrDb()).isBetween(5.0, 30.0);
            assertThat(c.gainDb()).isBetween(-12.0, 6.0);
            if (c.noise() == ChannelCondition.Noise.BABBLE) {
                babble++;
                assertThat(c.babble()).hasSize(ChannelCondition.BABBLE_TALKERS).doesNotContain(pool.get(0));
            }
        }
        assertThat(lines.get(TelephoneLine.MU_LAW) / 2000.0).isCloseTo(0.5, offset(0.05));
        assertThat(lines.get(TelephoneLine.A_LAW) / 2000.0).isCloseTo(0.25, offset(0.05));
        assertThat(babble / 2000.0).isCloseTo(0.3, offset(0.05));
    }

    @Test
    void noiseIsMixedAtTheDrawnSignalToNoiseRatio() throws Exception {
        float[] voice = voice(2);
        for (ChannelCondition.Noise kind : new ChannelCondition.Noise[]{ChannelCondition.Noise.WHITE, ChannelCondition.Noise.PINK}) {
            float[] noisy = only(TelephoneLine.WIDEBAND, false, kind, 10, 1, 0).apply(mono(voice)).channels()[0];
            double noise = 0;
            for (int i = 0; i < voice.length; i++) {
                noise += (noisy[i] - voice[i]) * (noisy[i] - voice[i]);
            }
            assertThat(10 * Math.log10(NoiseSignals.power(voice) * voice.length / noise)).as(kind.name()).isCloseTo(10, offset(0.3));
        }
    }

    @Test
    void pinkNoiseHasMorePowerInLowOctavesThanWhiteNoise() {
        float[] pink = NoiseSignals.pink(RATE * 4, new Random(1));
        // Averaging 16 samples keeps what lies below ~500 Hz: most of pink noise's power, 1/16 of white noise's.
        assertThat(lowShare(pink)).isGreaterThan(0.3);
        assertThat(lowShare(NoiseSignals.white(RATE * 4, new Random(1)))).isLessThan(0.1);
    }

    @Test
    void clippingBandLimitAndLineApply() throws Exception {
        float[] voice = voice(1);
        DecodedAudio clipped = only(TelephoneLine.WIDEBAND, false, ChannelCondition.Noise.NONE, 0, 0.2, 0).apply(mono(voice));
        for (float v : clipped.channels()[0]) {
            assertThat(Math.abs(v)).isLessThanOrEqualTo(0.2f);
        }
        float[] hum = tone(100, 0.5, 1);
        float[] band = only(TelephoneLine.WIDEBAND, true, ChannelCondition.Noise.NONE, 0, 1, 0).apply(mono(hum)).channels()[0];
        assertThat(NoiseSignals.power(band) / NoiseSignals.power(hum)).isLessThan(0.05);
        DecodedAudio phoned = only(TelephoneLine.A_LAW, true, ChannelCondition.Noise.NONE, 0, 1, 0).apply(mono(voice));
        assertThat(phoned.sampleRate()).isEqualTo(8000);
    }

    @Test
    void reverberationLeavesADecayingTail() throws Exception {
        float[] click = new float[RATE];
        click[0] = 1;
        float[] room = only(TelephoneLine.WIDEBAND, false, ChannelCondition.Noise.NONE, 0, 1, 0.3).apply(mono(click)).channels()[0];
        double early = energy(room, 0.05, 0.1);
        double late = energy(room, 0.35, 0.4);
        assertThat(early).isGreaterThan(0);
        // RT60 0.3 s: 60 dB down after 0.3 s, so the late window holds far less than the early one.
        assertThat(late).isLessThan(early * 1e-3);
    }

    @Test
    void babbleMixesOtherRecordingsAndCopiesRepeatExactly() throws Exception {
        List<Utterance> recordings = voices(3, "emodb");
        ChannelCondition babble = new ChannelCondition(3, TelephoneLine.WIDEBAND, false, ChannelCondition.Noise.BABBLE, 5, 0, 1, 0,
                List.of(recordings.get(1).file(), recordings.get(2).file()));
        float[] own = recordings.get(0).read().channels()[0];
        float[] mixed = recordings.get(0).through(babble).read().channels()[0];
        assertThat(mixed).isNotEqualTo(own).isEqualTo(recordings.get(0).through(babble).read().channels()[0]);

        List<Utterance> copies = AugmentedCopies.of(recordings, 2, 11);
        assertThat(copies).hasSize(9);
        assertThat(copies.get(0)).isEqualTo(recordings.get(0));
        assertThat(copies.get(1).condition()).isNotNull().isNotEqualTo(copies.get(2).condition());
        assertThat(copies.get(1).copyKey()).isNotEqualTo(copies.get(2).copyKey()).startsWith(recordings.get(0).copyKey());
        assertThat(AugmentedCopies.of(recordings, 2, 11)).isEqualTo(copies);
        assertThat(AugmentedCopies.of(recordings, 2, 12).get(1).condition()).isNotEqualTo(copies.get(1).condition());
    }

    @Test
    void aCopysKeyNamesItsBabbleTalkersSoRunsOverOtherRecordingsDoNotShareCachedCopies() {
        Path self = Path.of("self.wav");
        List<Path> all = List.of(self, Path.of("a.wav"), Path.of("b.wav"), Path.of("c.wav"), Path.of("d.wav"));
        List<Path> fewer = List.of(self, Path.of("a.wav"), Path.of("b.wav"));
        long babbleSeed = java.util.stream.LongStream.range(0, 1000)
                .filter(s -> ChannelCondition.draw(s, self, all).noise() == ChannelCondition.Noise.BABBLE
                        && !ChannelCondition.draw(s, self, all).babble().equals(ChannelCondition.draw(s, self, fewer).babble()))
                .findFirst().orElseThrow();
        long quietSeed = java.util.stream.LongStream.range(0, 1000)
                .filter(s -> ChannelCondition.draw(s, self, all).noise() == ChannelCondition.Noise.WHITE).findFirst().orElseThrow();

        assertThat(ChannelCondition.draw(babbleSeed, self, all).key()).isEqualTo(ChannelCondition.draw(babbleSeed, self, all).key())
                .isNotEqualTo(ChannelCondition.draw(babbleSeed, self, fewer).key());
        // Without babble the condition is the seed's alone, whatever the other recordings.
        assertThat(ChannelCondition.draw(quietSeed, self, all).key()).isEqualTo(ChannelCondition.draw(quietSeed, self, fewer).key());
    }

    @Test
    void plainLineCopiesAreEachRecordingOverMuLawThenALawWithNothingElseInTheWay() throws Exception {
        List<Utterance> recordings = voices(2, "emovo");
        List<Utterance> lines = AugmentedCopies.overPlainLines(recordings);
        assertThat(lines).extracting(Utterance::line).containsExactly(TelephoneLine.MU_LAW, TelephoneLine.MU_LAW, TelephoneLine.A_LAW,
                TelephoneLine.A_LAW);
        assertThat(lines).extracting(Utterance::condition).containsOnlyNulls();
        assertThat(lines.get(2).copyKey()).isEqualTo(recordings.get(0).copyKey() + "@a-law");
        // Exactly the copy the evaluation scores over that line: the recording sent through G.711 at 8 kHz.
        DecodedAudio heard = lines.get(1).read();
        assertThat(heard.sampleRate()).isEqualTo(TelephoneLine.TELEPHONE_RATE);
        assertThat(heard.channels()[0]).isEqualTo(recordings.get(1).over(TelephoneLine.MU_LAW).read().channels()[0])
                .isNotEqualTo(lines.get(3).read().channels()[0]);
    }

    /** {@code n} one-second synthetic voices of different pitch, written as recordings of {@code domain}. */
    private List<Utterance> voices(int n, String domain) throws Exception {
        List<Utterance> recordings = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Path file = dir.resolve(domain + i + ".wav");
            TestWav.write(file, SyntheticVoice.of(120 + 40 * i, 0.4, 0.5, 0.3, 0.01, 0.002, RATE, new Random(i)), RATE);
            recordings.add(new Utterance(file, domain, "s" + i, UtteranceLabels.of(Emotion.HAPPY)));
        }
        return recordings;
    }

    private static DecodedAudio mono(float[] x) {
        return new DecodedAudio(RATE, new float[][]{x});
    }

    private static float[] voice(double seconds) {
        return SyntheticVoice.of(150, 0.4, 0.5, 0.3, 0.01, 0.0, (int) (seconds * RATE), new Random(5));
    }

    private static float[] tone(double hz, double amplitude, double seconds) {
        float[] out = new float[(int) (seconds * RATE)];
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) (amplitude * Math.sin(2 * Math.PI * hz * i / RATE));
        }
        return out;
    }

    private static double energy(float[] x, double from, double to) {
        double sum = 0;
        for (int i = (int) (from * RATE); i < (int) (to * RATE); i++) {
            sum += x[i] * x[i];
        }
        return sum;
    }

    private static double lowShare(float[] x) {
        float[] smooth = new float[x.length / 16];
        for (int i = 0; i < smooth.length; i++) {
            for (int j = 0; j < 16; j++) {
                smooth[i] += x[i * 16 + j] / 16f;
            }
        }
        return NoiseSignals.power(smooth) / NoiseSignals.power(x);
    }
}
