package io.serstreams.trainer.augment;

import io.serstreams.featureextractor.audio.AudioFiles;
import io.serstreams.featureextractor.audio.AudioFormatException;
import io.serstreams.featureextractor.audio.DecodedAudio;
import io.serstreams.featureextractor.dsp.Biquad;
import io.serstreams.featureextractor.dsp.NoiseSignals;
import io.serstreams.featureextractor.encoder.Sha256;
import io.serstreams.featureextractor.features.Resampling;
import io.serstreams.featureextractor.features.TelephoneLine;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

/**
 * One simulated contact-centre channel for a training copy of a recording, drawn from a seed so a
 * run can be repeated exactly. Applied in this order: short reverberation, additive noise at a
 * signal-to-noise ratio, gain, clipping, the telephone band limit (300-3400 Hz), and the line
 * (a G.711 round trip at 8 kHz, or wideband).
 *
 * @param seed          what the condition was drawn from; also seeds its noise
 * @param line          the line the copy is heard over
 * @param bandLimited   whether the 300-3400 Hz telephone band limit applies
 * @param noise         the kind of additive noise
 * @param snrDb         the noise's level below the recording's, in dB (unused without noise)
 * @param gainDb        gain applied after the noise, in dB
 * @param clipLevel     samples are clipped to +-clipLevel of full scale (1: only at full scale)
 * @param reverbSeconds the reverberation time (RT60) of the simulated room; 0: none
 * @param babble        recordings of other speakers mixed into babble noise
 */
public record ChannelCondition(long seed, TelephoneLine line, boolean bandLimited, Noise noise, double snrDb, double gainDb, double clipLevel,
                               double reverbSeconds, List<Path> babble) {
    /** Kinds of additive noise. */
    public enum Noise { NONE, WHITE, PINK, BABBLE }

    /** Recordings mixed into one babble noise. */
    static final int BABBLE_TALKERS = 3;
    private static final double LOW_EDGE_HZ = 300;
    private static final double HIGH_EDGE_HZ = 3400;

    public ChannelCondition {
        Objects.requireNonNull(line, "line");
        Objects.requireNonNull(noise, "noise");
        babble = List.copyOf(babble);
        if (noise == Noise.BABBLE && babble.isEmpty()) {
            throw new IllegalArgumentException("babble noise needs recordings of other speakers");
        }
        if (!(clipLevel > 0 && clipLevel <= 1)) {
            throw new IllegalArgumentException("clip level must be in (0, 1], got " + clipLevel);
        }
    }

    /**
     * A condition drawn from {@code seed}: mostly telephone lines (half mu-law, a quarter A-law),
     * noise at 5-30 dB SNR in four of five copies (white, pink or babble of recordings from
     * {@code babblePool} other than {@code self}), gain -12 to +6 dB, clipping in about one copy in
     * seven, reverberation of 0.15-0.5 s in about one in three.
     */
    public static ChannelCondition draw(long seed, Path self, List<Path> babblePool) {
        // SplittableRandom mixes its seed: java.util.Random's first draws barely differ between nearby seeds.
        SplittableRandom r = new SplittableRandom(seed);
        double u = r.nextDouble();
        TelephoneLine line = u < 0.5 ? TelephoneLine.MU_LAW : u < 0.75 ? TelephoneLine.A_LAW : TelephoneLine.WIDEBAND;
        boolean bandLimited = r.nextDouble() < (line == TelephoneLine.WIDEBAND ? 0.2 : 0.8);
        double n = r.nextDouble();
        Noise noise = n < 0.2 ? Noise.NONE : n < 0.45 ? Noise.WHITE : n < 0.7 ? Noise.PINK : Noise.BABBLE;
        double snr = 5 + 25 * r.nextDouble();
        double gain = -12 + 18 * r.nextDouble();
        double clip = r.nextDouble() < 0.15 ? 0.1 + 0.4 * r.nextDouble() : 1.0;
        double reverb = r.nextDouble() < 0.35 ? 0.15 + 0.35 * r.nextDouble() : 0;
        List<Path> talkers = new ArrayList<>();
        List<Path> others = babblePool.stream().filter(p -> !p.equals(self)).toList();
        if (noise == Noise.BABBLE && others.isEmpty()) {
            noise = Noise.PINK;
        }
        for (int i = 0; noise == Noise.BABBLE && i < BABBLE_TALKERS; i++) {
            talkers.add(others.get(r.nextInt(others.size())));
        }
        return new ChannelCondition(seed, line, bandLimited, noise, snr, gain, clip, reverb, talkers);
    }

    /**
     * Names this condition among a recording's copies: the seed, and for babble the talkers. Those are drawn
     * from the run's training recordings, so the same seed gives another copy in a run that holds out
     * another corpus or the validation speakers; a cache keyed by the seed alone handed such a run the
     * copies of the run before it.
     */
    public String key() {
        return "aug" + Long.toHexString(seed) + (babble.isEmpty() ? "" : "-" + digestOf(babble));
    }

    private static String digestOf(List<Path> talkers) {
        StringBuilder names = new StringBuilder();
        talkers.forEach(t -> names.append(t.toAbsolutePath().normalize()).append('\n'));
        return Sha256.of(names.toString()).substring(0, 12);
    }

    /** {@code audio} as heard through this channel, at the line's rate. */
    public DecodedAudio apply(DecodedAudio audio) throws AudioFormatException {
        int rate = audio.sampleRate();
        float[] noiseSource = noise == Noise.BABBLE ? babbleAt(rate, audio.frames()) : null;
        float[][] out = new float[audio.channelCount()][];
        for (int c = 0; c < out.length; c++) {
            out[c] = applyTo(audio.channels()[c], rate, noiseSource, new SplittableRandom(seed * 31 + c));
        }
        int outRate = line == TelephoneLine.WIDEBAND ? rate : TelephoneLine.TELEPHONE_RATE;
        return new DecodedAudio(outRate, out);
    }

    private float[] applyTo(float[] samples, int rate, float[] babbleNoise, RandomGenerator random) {
        float[] x = reverbSeconds > 0 ? Reverberation.apply(samples, rate, reverbSeconds) : samples.clone();
        if (noise != Noise.NONE) {
            float[] n = switch (noise) {
                case WHITE -> NoiseSignals.white(x.length, random);
                case PINK -> NoiseSignals.pink(x.length, random);
                case BABBLE -> babbleNoise;
                case NONE -> throw new IllegalStateException();
            };
            NoiseSignals.mixAt(x, n, snrDb);
        }
        float gain = (float) Math.pow(10, gainDb / 20);
        float ceiling = (float) clipLevel;
        for (int i = 0; i < x.length; i++) {
            x[i] = Math.max(-ceiling, Math.min(ceiling, x[i] * gain));
        }
        if (bandLimited) {
            Biquad[] band = {Biquad.highPass(LOW_EDGE_HZ, rate), Biquad.highPass(LOW_EDGE_HZ, rate),
                    Biquad.lowPass(Math.min(HIGH_EDGE_HZ, rate * 0.45), rate), Biquad.lowPass(Math.min(HIGH_EDGE_HZ, rate * 0.45), rate)};
            for (Biquad section : band) {
                x = section.filter(x);
            }
        }
        return line.transmit(x, rate);
    }

    /** The babble talkers' first channels at {@code rate}, each at unit power, summed and looped to {@code frames}. */
    private float[] babbleAt(int rate, int frames) throws AudioFormatException {
        float[] sum = new float[frames];
        for (Path talker : babble) {
            DecodedAudio other = AudioFiles.read(talker);
            float[] voice = Resampling.resample(other.channels()[0], other.sampleRate(), rate);
            double power = NoiseSignals.power(voice);
            if (voice.length == 0 || power == 0) {
                continue;
            }
            float scale = (float) (1 / Math.sqrt(power));
            for (int i = 0; i < frames; i++) {
                sum[i] += voice[i % voice.length] * scale;
            }
        }
        return sum;
    }
}
