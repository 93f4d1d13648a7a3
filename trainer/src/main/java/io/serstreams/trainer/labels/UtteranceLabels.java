package io.serstreams.trainer.labels;

import java.util.Optional;
import java.util.OptionalInt;

/**
 * What is known about an utterance: its emotion, arousal group and valence group, each possibly
 * unknown (null), in which case its loss term is masked out, never guessed.
 */
public record UtteranceLabels(Emotion emotion, ArousalGroup arousal, ValenceGroup valence) {

    /** Labels of an utterance with a discrete emotion: the groups follow from the association table. */
    public static UtteranceLabels of(Emotion emotion) {
        return new UtteranceLabels(emotion, emotion.arousal().orElse(null), emotion.valence().orElse(null));
    }

    /** BAVED-style labels: an arousal level only (0 low, 1 mid, 2 high), no emotion or valence. */
    public static UtteranceLabels arousalLevel(int level) {
        if (level < 0 || level > 2) {
            throw new IllegalArgumentException("arousal level must be 0, 1 or 2, not " + level);
        }
        return new UtteranceLabels(null, ArousalGroup.values()[level], null);
    }

    public Optional<Emotion> emotionIfKnown() {
        return Optional.ofNullable(emotion);
    }

    /** Target of the emotion head, or empty where the emotion is unknown or not a core class. */
    public OptionalInt coreClass() {
        return emotion == null ? OptionalInt.empty() : emotion.coreClass();
    }
}
