package io.serstreams.trainer.train;

import java.util.Locale;

/** What the VGG-style transferred path is pre-trained on before it is frozen ({@code --pretrain-target}). */
public enum PretrainingTask {
    /** Telling female from male speakers, one patch at a time ({@link GenderTarget}). */
    GENDER,
    /** Reproducing the frozen EfficientAT mn04's standardised embedding of each segment ({@link DistillationTarget}). */
    MN04;

    /** The option's value, e.g. {@code mn04}. */
    public String optionValue() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The task named by {@code value} ({@code gender} or {@code mn04}, any case). */
    public static PretrainingTask of(String value) {
        for (PretrainingTask t : values()) {
            if (t.optionValue().equalsIgnoreCase(value)) {
                return t;
            }
        }
        throw new IllegalArgumentException("--pretrain-target takes gender or mn04, not " + value);
    }
}
