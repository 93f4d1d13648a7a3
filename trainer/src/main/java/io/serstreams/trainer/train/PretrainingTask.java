package io.serstreams.trainer.train;

import java.util.Locale;

/** What the VGG-style transferred path is pre-trained on before it is frozen ({@code --pretrain-target}). */
public enum PretrainingTask {
    /** Telling female from male speakers, one patch at a time ({@link GenderTarget}). */
    GENDER,
    /** Reproducing the frozen EfficientAT mn04's standardised embedding of each segment ({@link DistillationTarget}). */
    MN04,
    /** Reproducing, from each 0.96 s patch, the standardised mean of the frozen mn04's time steps under it ({@link DistillationTarget}). */
    MN04_PATCHES;

    /** The option's value, e.g. {@code mn04} or {@code mn04-patches}. */
    public String optionValue() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** Whether this distils mn04, which training then needs in the encoder cache. */
    public boolean distilsMn04() {
        return this != GENDER;
    }

    /** The task named by {@code value} ({@code gender}, {@code mn04} or {@code mn04-patches}, any case). */
    public static PretrainingTask of(String value) {
        for (PretrainingTask t : values()) {
            if (t.optionValue().equalsIgnoreCase(value)) {
                return t;
            }
        }
        throw new IllegalArgumentException("--pretrain-target takes gender, mn04 or mn04-patches, not " + value);
    }
}
