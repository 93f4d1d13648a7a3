package io.serstreams.trainer.model;

/** The ablations of labels.md, named as in the source paper. */
public enum Variant {
    /** Single path (BiLSTM over frame descriptors), single loss (discrete cross-entropy): the baseline. */
    SPSL(false, false),
    /** Both paths, discrete cross-entropy only. */
    MPSL(true, false),
    /** Both paths, group loss: the proposed model. */
    MPGL(true, true);

    private final boolean transferredPath;
    private final boolean groupLoss;

    Variant(boolean transferredPath, boolean groupLoss) {
        this.transferredPath = transferredPath;
        this.groupLoss = groupLoss;
    }

    public boolean transferredPath() {
        return transferredPath;
    }

    public boolean groupLoss() {
        return groupLoss;
    }
}
