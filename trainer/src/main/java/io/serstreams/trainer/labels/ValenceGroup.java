package io.serstreams.trainer.labels;

/** Valence groups of labels.md, negative to positive (the order of the model's valence head). */
public enum ValenceGroup {
    NEGATIVE, NEUTRAL, POSITIVE
}
