package io.serstreams.featureextractor.features;

import java.util.ArrayList;
import java.util.List;

/**
 * The frame-level low-level descriptors of the BiLSTM path, one row per 10 ms frame, in this order.
 * Each constant is a group of {@link #width()} columns starting at {@link #offset()}.
 */
public enum FrameDescriptor {
    /** Mel-frequency cepstral coefficients c0..c12: orthonormal DCT-II of the 64 log-mel energies. */
    MFCC(13, "mfcc"),
    /** First differences of the MFCCs: regression over +-2 frames within the segment, edges repeated. */
    DELTA_MFCC(13, "delta_mfcc"),
    /** ln of the frame's mean squared sample value (plus 1e-10). */
    LOG_ENERGY(1, "log_energy"),
    /** Regression delta of log energy. */
    DELTA_LOG_ENERGY(1, "delta_log_energy"),
    /** YIN fundamental frequency as log2(F0 / 100 Hz); 0 where the frame has no pitch. */
    PITCH(1, "pitch_log2"),
    /** Regression delta of the pitch column. */
    DELTA_PITCH(1, "delta_pitch_log2"),
    /** YIN's periodicity (1 - the normalised difference at the chosen lag); 0 where the frame has no pitch. */
    VOICING(1, "voicing"),
    /** Share of adjacent sample pairs that change sign. */
    ZERO_CROSSING_RATE(1, "zcr"),
    /** Power-weighted mean frequency of the spectrum, divided by the Nyquist frequency. */
    SPECTRAL_CENTROID(1, "spectral_centroid"),
    /** Power-weighted standard deviation of frequency around the centroid, divided by the Nyquist frequency. */
    SPECTRAL_SPREAD(1, "spectral_spread"),
    /** Frequency below which 85% of the spectral power lies, divided by the Nyquist frequency. */
    SPECTRAL_ROLLOFF(1, "spectral_rolloff85"),
    /** Geometric over arithmetic mean of the mel band energies (plus the log offset): near 1 for flat noise, near 0 for a few strong bands. */
    SPECTRAL_FLATNESS(1, "spectral_flatness"),
    /** Euclidean distance between this frame's and the previous frame's sum-normalised magnitude spectra. */
    SPECTRAL_FLUX(1, "spectral_flux"),
    /** Shannon entropy of the sum-normalised mel band energies (plus the log offset), divided by ln(bands). */
    SPECTRAL_ENTROPY(1, "spectral_entropy"),
    /** 1 where voice activity detection marked the frame as speech, else 0. */
    VOICED(1, "vad");

    /** Columns per frame. */
    public static final int COUNT;

    static {
        int total = 0;
        for (FrameDescriptor d : values()) {
            d.offset = total;
            total += d.width;
        }
        COUNT = total;
    }

    private final int width;
    private final String label;
    private int offset;

    FrameDescriptor(int width, String label) {
        this.width = width;
        this.label = label;
    }

    public int width() {
        return width;
    }

    /** First column of this group. */
    public int offset() {
        return offset;
    }

    /** Every column's name, in order: {@code mfcc_0 ... vad}. */
    public static List<String> columnNames() {
        List<String> names = new ArrayList<>(COUNT);
        for (FrameDescriptor d : values()) {
            for (int i = 0; i < d.width; i++) {
                names.add(d.width == 1 ? d.label : d.label + "_" + i);
            }
        }
        return names;
    }
}
