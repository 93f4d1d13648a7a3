package io.serstreams.featureextractor.features;

/**
 * Frame-level voice activity from energy: a frame is speech when it is louder than an absolute
 * floor and clearly louder than the tracked background level. The background follows quiet frames
 * down at once and creeps up slowly through loud ones, so it adapts to a line's noise without
 * mistaking a long stretch of speech for noise; a short hangover keeps word endings.
 *
 * <p>Causal and deterministic: its decision depends only on the frames before, in order, so a
 * stream fed in chunks decides exactly as the whole recording would.
 */
public final class VoiceActivityDetector {
    static final double ABSOLUTE_FLOOR_DB = -55;
    static final double MARGIN_DB = 9;
    static final double FLOOR_RISE_DB_PER_FRAME = 0.02;
    static final double LOWEST_FLOOR_DB = -75;
    static final int HANGOVER_FRAMES = 10;

    private double backgroundDb = -60;
    private int hangover;

    /** Updates with a frame's energy (dB relative to full scale) and says whether the frame is speech. */
    public boolean update(double energyDb) {
        if (energyDb < backgroundDb) {
            backgroundDb = Math.max(LOWEST_FLOOR_DB, energyDb);
        } else {
            backgroundDb += FLOOR_RISE_DB_PER_FRAME;
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

    void writeState(java.io.DataOutput out) throws java.io.IOException {
        out.writeDouble(backgroundDb);
        out.writeInt(hangover);
    }

    void readState(java.io.DataInput in) throws java.io.IOException {
        backgroundDb = in.readDouble();
        hangover = in.readInt();
    }

    public double backgroundDb() {
        return backgroundDb;
    }
}
