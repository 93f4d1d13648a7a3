package io.serstreams.featureextractor.signals;

import io.serstreams.featureextractor.dsp.NoiseSignals;
import io.serstreams.featureextractor.features.Resampling;
import io.serstreams.featureextractor.features.TelephoneLine;

import java.util.Random;

/**
 * Sounds a contact-centre line carries that are not speech, generated at 16 kHz: silence, white and
 * pink noise, music (a chord sequence with a beat), DTMF digits, ring-back tone and hold music (music at
 * telephone level through a G.711 mu-law line and back). One generator for the speech gate's tests and
 * the trainer's out-of-domain measurement ({@code ser ood}); in its own package because it draws on both
 * {@code dsp} and {@code features}, and {@code features} already depends on {@code dsp}.
 */
public enum NonSpeechSignals {
    /** Digital silence. */
    SILENCE,
    /** A quiet line: Gaussian noise at -60 dBFS. */
    LINE_HISS,
    /** Gaussian white noise at -20 dBFS. */
    WHITE_NOISE,
    /** Pink (1/f) noise at -20 dBFS. */
    PINK_NOISE,
    /** Four chords of three harmonic voices and a bass, a beat every 0.5 s with a hi-hat of noise, -18 dBFS. */
    MUSIC,
    /** DTMF digit pairs (ITU-T Q.23 frequencies), 100 ms tone and 100 ms pause, -12 dBFS per tone. */
    DTMF,
    /** North American ring-back: 440 + 480 Hz, 2 s on and 4 s off, -16 dBFS per tone. */
    RING_BACK,
    /** {@link #MUSIC} at -26 dBFS, carried over a mu-law telephone line and back to 16 kHz. */
    HOLD_MUSIC;

    public static final int RATE = 16000;
    private static final double[] DTMF_ROWS = {697, 770, 852, 941};
    private static final double[] DTMF_COLUMNS = {1209, 1336, 1477, 1633};

    /** {@code seconds} of this sound at {@link #RATE}. */
    public float[] generate(double seconds, long seed) {
        int n = (int) Math.round(seconds * RATE);
        Random random = new Random(seed);
        return switch (this) {
            case SILENCE -> new float[n];
            case LINE_HISS -> gaussian(n, dbfs(-60), random);
            case WHITE_NOISE -> gaussian(n, dbfs(-20), random);
            case PINK_NOISE -> pink(n, dbfs(-20), random);
            case MUSIC -> music(n, dbfs(-18), random);
            case DTMF -> dtmf(n, random);
            case RING_BACK -> ringBack(n);
            case HOLD_MUSIC -> Resampling.resample(TelephoneLine.MU_LAW.transmit(music(n, dbfs(-26), random), RATE), TelephoneLine.TELEPHONE_RATE, RATE);
        };
    }

    /**
     * {@code seconds} of this sound as a call would carry it: after 3 s of a quiet line (hiss at -60 dBFS), so the voice
     * activity detector has learnt a low background and lets the sound's onset through.
     */
    public float[] onALine(double seconds, long seed) {
        float[] quiet = LINE_HISS.generate(3, seed + 1);
        float[] sound = generate(seconds, seed);
        float[] out = java.util.Arrays.copyOf(quiet, quiet.length + sound.length);
        for (int i = 0; i < sound.length; i++) {
            out[quiet.length + i] = sound[i] + quiet[i % quiet.length];
        }
        return out;
    }

    /** The amplitude of a level in dB relative to full scale. */
    public static double dbfs(double db) {
        return Math.pow(10, db / 20);
    }

    private static float[] gaussian(int n, double rms, Random random) {
        float[] out = NoiseSignals.white(n, random);
        for (int i = 0; i < n; i++) {
            out[i] *= (float) rms;
        }
        return out;
    }

    /** Pink noise (the project's own generator, as channel augmentation draws it), scaled to {@code rms}. */
    private static float[] pink(int n, double rms, Random random) {
        float[] pink = NoiseSignals.pink(n, random);
        double[] raw = new double[n];
        for (int k = 0; k < n; k++) {
            raw[k] = pink[k];
        }
        return scaled(raw, rms);
    }

    private static float[] music(int n, double rms, Random random) {
        double[][] chords = {{261.63, 329.63, 392.00}, {196.00, 246.94, 293.66}, {220.00, 261.63, 329.63}, {174.61, 220.00, 261.63}};
        double beat = 0.5;
        double[] raw = new double[n];
        for (int i = 0; i < n; i++) {
            double t = (double) i / RATE;
            int beatIndex = (int) (t / beat);
            double inBeat = t - beatIndex * beat;
            double[] chord = chords[(beatIndex / 4) % chords.length];
            double envelope = Math.exp(-3 * inBeat);
            double sum = 0;
            for (double f : chord) {
                for (int h = 1; h <= 4; h++) {
                    sum += Math.sin(2 * Math.PI * f * h * t) / (h * h);
                }
            }
            sum += 1.2 * Math.sin(2 * Math.PI * chord[0] / 2 * t);
            double lead = 2 * chord[beatIndex % 3];
            for (int h = 1; h <= 6; h++) {
                sum += 1.5 * Math.exp(-1.5 * inBeat) * Math.sin(2 * Math.PI * lead * h * t) / h;
            }
            double hat = inBeat < 0.03 ? 0.6 * random.nextGaussian() * (1 - inBeat / 0.03) : 0;
            raw[i] = envelope * sum + hat;
        }
        return scaled(raw, rms);
    }

    private static float[] dtmf(int n, Random random) {
        float[] out = new float[n];
        int tone = RATE / 10;
        double amplitude = dbfs(-12) * Math.sqrt(2);
        for (int start = 0; start < n; start += 2 * tone) {
            double row = DTMF_ROWS[random.nextInt(4)];
            double column = DTMF_COLUMNS[random.nextInt(4)];
            for (int i = 0; i < tone && start + i < n; i++) {
                double t = (double) i / RATE;
                out[start + i] = (float) (amplitude * (Math.sin(2 * Math.PI * row * t) + Math.sin(2 * Math.PI * column * t)) / 2);
            }
        }
        return out;
    }

    private static float[] ringBack(int n) {
        float[] out = new float[n];
        double amplitude = dbfs(-16) * Math.sqrt(2);
        for (int i = 0; i < n; i++) {
            double t = (double) i / RATE;
            if (t % 6.0 < 2.0) {
                out[i] = (float) (amplitude * (Math.sin(2 * Math.PI * 440 * t) + Math.sin(2 * Math.PI * 480 * t)) / 2);
            }
        }
        return out;
    }

    private static float[] scaled(double[] raw, double rms) {
        double energy = 0;
        for (double v : raw) {
            energy += v * v;
        }
        double gain = rms / Math.sqrt(energy / raw.length);
        float[] out = new float[raw.length];
        for (int i = 0; i < raw.length; i++) {
            out[i] = (float) (raw[i] * gain);
        }
        return out;
    }
}
