package io.serstreams.featureextractor.features;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Arrays;

/**
 * Frame-level voice activity from energy: a frame is speech when it is louder than an absolute
 * floor and clearly louder than the background, taken as the quietest frame of the last 2.5 to 3 s
 * (minimum statistics over sub-windows of 0.5 s); a short hangover keeps word endings. Speech has
 * quiet frames between syllables and words every few hundred milliseconds, so the background stays
 * at the line's noise under it; a steady sound with no quiet frames (hum, hiss, white noise) becomes
 * the background within 3 s wherever it starts, instead of passing for speech until a slowly rising
 * floor caught up with it (which took 19 s for noise at -14 dBFS) and then being dropped.
 *
 * <p>Causal and deterministic: its decision depends only on the frames before, in order, so a
 * stream fed in chunks decides exactly as the whole recording would.
 */
public final class VoiceActivityDetector {
    static final double ABSOLUTE_FLOOR_DB = -55;
    static final double MARGIN_DB = 9;
    static final double LOWEST_FLOOR_DB = -75;
    static final int HANGOVER_FRAMES = 10;
    /** Frames per sub-window of the minimum search (0.5 s). */
    static final int SUBWINDOW_FRAMES = 50;
    /** Completed sub-windows remembered: with the one in progress, the background covers 2.5 to 3 s. */
    static final int SUBWINDOWS = 5;

    private final double[] subwindowMinima = new double[SUBWINDOWS];
    private int subwindowsKept;
    private int nextSubwindow;
    private double currentMinimum = Double.POSITIVE_INFINITY;
    private int currentFrames;
    private double backgroundDb = Double.POSITIVE_INFINITY;
    private int hangover;

    public VoiceActivityDetector() {
        Arrays.fill(subwindowMinima, Double.POSITIVE_INFINITY);
    }

    /** Updates with a frame's energy (dB relative to full scale) and says whether the frame is speech. */
    public boolean update(double energyDb) {
        currentMinimum = Math.min(currentMinimum, energyDb);
        double minimum = currentMinimum;
        for (int i = 0; i < subwindowsKept; i++) {
            minimum = Math.min(minimum, subwindowMinima[i]);
        }
        backgroundDb = Math.max(LOWEST_FLOOR_DB, minimum);
        if (++currentFrames == SUBWINDOW_FRAMES) {
            subwindowMinima[nextSubwindow] = currentMinimum;
            nextSubwindow = (nextSubwindow + 1) % SUBWINDOWS;
            subwindowsKept = Math.min(SUBWINDOWS, subwindowsKept + 1);
            currentMinimum = Double.POSITIVE_INFINITY;
            currentFrames = 0;
        }
        boolean speech = energyDb > ABSOLUTE_FLOOR_DB && energyDb > backgroundDb + MARGIN_DB;
        if (speech) {
            hangover = HANGOVER_FRAMES;
            return true;
        }
        if (hangover > 0) {
            hangover--;
            return true;
        }
        return false;
    }

    void writeState(DataOutput out) throws IOException {
        for (double minimum : subwindowMinima) {
            out.writeDouble(minimum);
        }
        out.writeInt(subwindowsKept);
        out.writeInt(nextSubwindow);
        out.writeDouble(currentMinimum);
        out.writeInt(currentFrames);
        out.writeDouble(backgroundDb);
        out.writeInt(hangover);
    }

    void readState(DataInput in) throws IOException {
        for (int i = 0; i < SUBWINDOWS; i++) {
            subwindowMinima[i] = in.readDouble();
        }
        subwindowsKept = in.readInt();
        nextSubwindow = in.readInt();
        currentMinimum = in.readDouble();
        currentFrames = in.readInt();
        backgroundDb = in.readDouble();
        hangover = in.readInt();
    }

    /**
     * Reads the state of the detector before minimum statistics (extractor snapshot format 1: a
     * background level and the hangover), taking that level as the quietest of the last 3 s.
     */
    void readFormerState(DataInput in) throws IOException {
        backgroundDb = in.readDouble();
        Arrays.fill(subwindowMinima, backgroundDb);
        subwindowsKept = SUBWINDOWS;
        nextSubwindow = 0;
        currentMinimum = Double.POSITIVE_INFINITY;
        currentFrames = 0;
        hangover = in.readInt();
    }

    /** The background level of the last frame, dB relative to full scale; +Infinity before the first frame. */
    public double backgroundDb() {
        return backgroundDb;
    }
}
