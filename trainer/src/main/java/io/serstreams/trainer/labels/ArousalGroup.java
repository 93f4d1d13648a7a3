package io.serstreams.trainer.labels;

/** Arousal groups of labels.md, low to high (the order of the model's arousal head). */
public enum ArousalGroup {
    LOW, MID, HIGH
}
