package io.serstreams.featureextractor.features;

import be.tarsos.dsp.pitch.PitchDetectionResult;
import be.tarsos.dsp.pitch.Yin;
import io.serstreams.featureextractor.dsp.RealSpectrum;

/**
 * Analyses one frame of 16 kHz audio into its log-mel row (the VGGish front end) and its frame
 * descriptors (all but the deltas, which need neighbouring frames, and the voice activity flag).
 * Every buffer is allocated once: analysing a frame allocates nothing. Keeps the previous frame's
 * spectrum for the spectral flux, so one analyser serves one channel.
 */
public final class FrameAnalyzer {
    /** YIN runs on the frame decimated to this rate: enough for speech F0 (80-1000 Hz), 16x cheaper than at 16 kHz. */
    private static final int PITCH_RATE = 4000;

    private final FeatureConfig config;
    private final float[] window;
    private final RealSpectrum fft;
    private final float[] spectrum;
    private final float[] magnitude;
    private final float[] previousShape;
    private final MelFilterBank melBank;
    private final float[] mel;
    private final float[][] dct;
    private final Yin yin;
    private final int decimation;
    private final float[] decimated;
    private boolean hasPrevious;
    private double lastEnergyDb;

    public FrameAnalyzer(FeatureConfig config) {
        this.config = config;
        int n = config.windowSamples();
        this.window = new float[n];
        for (int i = 0; i < n; i++) {
            window[i] = (float) (0.5 - 0.5 * Math.cos(2 * Math.PI * i / n)); // periodic Hann
        }
        this.fft = new RealSpectrum(config.fftSize());
        this.spectrum = new float[config.fftSize()];
        this.magnitude = new float[config.fftSize() / 2 + 1];
        this.previousShape = new float[magnitude.length];
        this.melBank = new MelFilterBank(config.sampleRate(), config.fftSize(), config.melBands(), config.melLowHz(), config.melHighHz());
        this.mel = new float[config.melBands()];
        this.dct = dctMatrix(FrameDescriptor.MFCC.width(), config.melBands());
        this.decimation = Math.max(1, config.sampleRate() / PITCH_RATE);
        this.decimated = new float[n / decimation];
        this.yin = new Yin((float) config.sampleRate() / decimation, decimated.length);
    }

    public MelFilterBank melFilterBank() {
        return melBank;
    }

    /** Energy of the last analysed frame in dB relative to full scale (mean square). */
    public double lastEnergyDb() {
        return lastEnergyDb;
    }

    /** Writes the carry-over from the previous frame (its spectrum shape, for the flux). */
    void writeState(java.io.DataOutput out) throws java.io.IOException {
        out.writeBoolean(hasPrevious);
        if (hasPrevious) {
            for (float v : previousShape) {
                out.writeFloat(v);
            }
        }
    }

    void readState(java.io.DataInput in) throws java.io.IOException {
        hasPrevious = in.readBoolean();
        if (hasPrevious) {
            for (int k = 0; k < previousShape.length; k++) {
                previousShape[k] = in.readFloat();
            }
        }
    }

    /** Forgets the previous frame: the next frame starts a new run (after a long gap), its flux is 0. */
    public void resetContinuity() {
        hasPrevious = false;
    }

    /**
     * Analyses {@code config.windowSamples()} samples from {@code samples[offset]}: writes
     * {@code melBands} log-mel values to {@code logMel[logMelOffset..]} and the frame's descriptors to
     * {@code descriptors[descriptorOffset..]} (delta and voice-activity columns are left for the caller).
     */
    public void analyze(float[] samples, int offset, float[] logMel, int logMelOffset, float[] descriptors, int descriptorOffset) {
        int n = config.windowSamples();
        double sumSquares = 0;
        int crossings = 0;
        float previous = samples[offset];
        for (int i = 0; i < n; i++) {
            float x = samples[offset + i];
            sumSquares += x * x;
            if ((x >= 0) != (previous >= 0)) {
                crossings++;
            }
            previous = x;
            spectrum[i] = x * window[i];
        }
        java.util.Arrays.fill(spectrum, n, spectrum.length, 0f);
        fft.magnitude(spectrum, magnitude);
        melBank.apply(magnitude, mel, 0);

        float offsetLog = (float) config.logOffset();
        double logSum = 0;
        double melSum = 0;
        for (int b = 0; b < mel.length; b++) {
            float shifted = mel[b] + offsetLog;
            float log = (float) Math.log(shifted);
            logMel[logMelOffset + b] = log;
            logSum += log;
            melSum += shifted;
        }

        int d = descriptorOffset;
        for (int c = 0; c < dct.length; c++) {
            float[] basis = dct[c];
            float sum = 0;
            for (int b = 0; b < basis.length; b++) {
                sum += basis[b] * logMel[logMelOffset + b];
            }
            descriptors[d + FrameDescriptor.MFCC.offset() + c] = sum;
        }
        double meanSquare = sumSquares / n;
        descriptors[d + FrameDescriptor.LOG_ENERGY.offset()] = (float) Math.log(meanSquare + 1e-10);
        lastEnergyDb = 10 * Math.log10(meanSquare + 1e-12);
        descriptors[d + FrameDescriptor.ZERO_CROSSING_RATE.offset()] = (float) crossings / (n - 1);
        spectralShape(descriptors, d, logMel, logMelOffset, logSum, melSum);
        pitch(samples, offset, descriptors, d);
    }

    private void spectralShape(float[] out, int d, float[] logMel, int logMelOffset, double logSum, double melSum) {
        int bins = magnitude.length;
        double power = 0;
        double weighted = 0;
        double magnitudeSum = 0;
        for (int k = 0; k < bins; k++) {
            double p = (double) magnitude[k] * magnitude[k];
            power += p;
            weighted += p * k;
            magnitudeSum += magnitude[k];
        }
        float centroid = 0;
        float spread = 0;
        float rolloff = 0;
        if (power > 0) {
            double meanBin = weighted / power;
            double variance = 0;
            double cumulative = 0;
            int rolloffBin = -1;
            for (int k = 0; k < bins; k++) {
                double p = (double) magnitude[k] * magnitude[k];
                variance += p * (k - meanBin) * (k - meanBin);
                cumulative += p;
                if (rolloffBin < 0 && cumulative >= 0.85 * power) {
                    rolloffBin = k;
                }
            }
            centroid = (float) (meanBin / (bins - 1));
            spread = (float) (Math.sqrt(variance / power) / (bins - 1));
            rolloff = (float) rolloffBin / (bins - 1);
        }
        out[d + FrameDescriptor.SPECTRAL_CENTROID.offset()] = centroid;
        out[d + FrameDescriptor.SPECTRAL_SPREAD.offset()] = spread;
        out[d + FrameDescriptor.SPECTRAL_ROLLOFF.offset()] = rolloff;

        int bands = mel.length;
        out[d + FrameDescriptor.SPECTRAL_FLATNESS.offset()] = (float) (Math.exp(logSum / bands) / (melSum / bands));
        double logTotal = Math.log(melSum);
        double entropy = 0;
        for (int b = 0; b < bands; b++) {
            double q = (mel[b] + config.logOffset()) / melSum;
            entropy -= q * (logMel[logMelOffset + b] - logTotal);
        }
        out[d + FrameDescriptor.SPECTRAL_ENTROPY.offset()] = (float) (entropy / Math.log(bands));

        double flux = 0;
        float scale = magnitudeSum > 0 ? (float) (1 / magnitudeSum) : 0f;
        for (int k = 0; k < bins; k++) {
            float shape = magnitude[k] * scale;
            float diff = shape - previousShape[k];
            flux += diff * diff;
            previousShape[k] = shape;
        }
        out[d + FrameDescriptor.SPECTRAL_FLUX.offset()] = hasPrevious ? (float) Math.sqrt(flux) : 0f;
        hasPrevious = true;
    }

    private void pitch(float[] samples, int offset, float[] out, int d) {
        for (int i = 0; i < decimated.length; i++) {
            float sum = 0;
            int base = offset + i * decimation;
            for (int j = 0; j < decimation; j++) {
                sum += samples[base + j];
            }
            decimated[i] = sum / decimation;
        }
        PitchDetectionResult result = yin.getPitch(decimated);
        // YIN divides by zero on degenerate frames (a zero running sum, a flat parabola): only a finite, positive pitch counts.
        boolean pitched = result.isPitched() && result.getPitch() > 0 && Float.isFinite(result.getPitch())
                && Float.isFinite(result.getProbability());
        out[d + FrameDescriptor.PITCH.offset()] = pitched ? (float) (Math.log(result.getPitch() / 100.0) / Math.log(2)) : 0f;
        out[d + FrameDescriptor.VOICING.offset()] = pitched ? result.getProbability() : 0f;
    }

    private static float[][] dctMatrix(int coefficients, int bands) {
        float[][] m = new float[coefficients][bands];
        for (int c = 0; c < coefficients; c++) {
            double scale = c == 0 ? Math.sqrt(1.0 / bands) : Math.sqrt(2.0 / bands);
            for (int b = 0; b < bands; b++) {
                m[c][b] = (float) (scale * Math.cos(Math.PI * c * (b + 0.5) / bands));
            }
        }
        return m;
    }
}
