package io.serstreams.featureextractor.features;

/**
 * Triangular mel filters over FFT bins, on the HTK mel scale (1127 ln(1 + f/700)), as VGGish and
 * Kaldi (torchaudio's, which EfficientAT uses) define them: band edges evenly spaced in mel between
 * the lowest and highest edge, each band rising from its lower edge to its centre and falling to its
 * upper edge, linearly in mel, with no area normalisation, and the DC bin given no weight. Stored
 * sparsely: each band keeps only its non-zero span.
 */
public final class MelFilterBank {
    private final int bins;
    private final int[] firstBin;
    private final float[][] weights;

    public MelFilterBank(int sampleRate, int fftSize, int bands, double lowHz, double highHz) {
        this.bins = fftSize / 2 + 1;
        double nyquist = sampleRate / 2.0;
        double[] binMel = new double[bins];
        for (int k = 0; k < bins; k++) {
            binMel[k] = hertzToMel(nyquist * k / (bins - 1));
        }
        double lowMel = hertzToMel(lowHz);
        double highMel = hertzToMel(highHz);
        double step = (highMel - lowMel) / (bands + 1);
        firstBin = new int[bands];
        weights = new float[bands][];
        for (int b = 0; b < bands; b++) {
            double lower = lowMel + b * step;
            double center = lower + step;
            double upper = center + step;
            float[] dense = new float[bins];
            int first = -1;
            int last = -1;
            for (int k = 1; k < bins; k++) { // k = 0: DC carries no weight
                double rising = (binMel[k] - lower) / (center - lower);
                double falling = (upper - binMel[k]) / (upper - center);
                double w = Math.max(0, Math.min(rising, falling));
                if (w > 0) {
                    dense[k] = (float) w;
                    first = first < 0 ? k : first;
                    last = k;
                }
            }
            firstBin[b] = Math.max(first, 0);
            weights[b] = first < 0 ? new float[0] : java.util.Arrays.copyOfRange(dense, first, last + 1);
        }
    }

    public static double hertzToMel(double hz) {
        return 1127.0 * Math.log(1.0 + hz / 700.0);
    }

    public int bands() {
        return weights.length;
    }

    /** Band energies of a spectrum (magnitudes or powers) of {@code fftSize / 2 + 1} bins, into {@code out[offset..]}. */
    public void apply(float[] spectrum, float[] out, int offset) {
        for (int b = 0; b < weights.length; b++) {
            float[] w = weights[b];
            int first = firstBin[b];
            float sum = 0;
            for (int j = 0; j < w.length; j++) {
                sum += spectrum[first + j] * w[j];
            }
            out[offset + b] = sum;
        }
    }

    /** The weight of FFT bin {@code bin} in band {@code band}, as a dense matrix would hold it. */
    public float weight(int bin, int band) {
        int j = bin - firstBin[band];
        return j >= 0 && j < weights[band].length ? weights[band][j] : 0f;
    }

    public int bins() {
        return bins;
    }
}
