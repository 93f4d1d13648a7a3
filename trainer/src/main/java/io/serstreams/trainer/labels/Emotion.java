package io.serstreams.trainer.labels;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Every emotion the corpora name, with its association to the dimensional groups (labels.md).
 * Only the four core classes are discrete targets; the others still train the arousal and valence
 * heads through the association.
 */
public enum Emotion {
    NEUTRAL(ArousalGroup.MID, ValenceGroup.NEUTRAL, 0),
    CALM(ArousalGroup.LOW, ValenceGroup.NEUTRAL, -1),
    HAPPY(ArousalGroup.HIGH, ValenceGroup.POSITIVE, 1),
    ANGRY(ArousalGroup.HIGH, ValenceGroup.NEGATIVE, 2),
    SAD(ArousalGroup.LOW, ValenceGroup.NEGATIVE, 3),
    FEAR(ArousalGroup.HIGH, ValenceGroup.NEGATIVE, -1),
    DISGUST(ArousalGroup.MID, ValenceGroup.NEGATIVE, -1),
    /** Valence unknown: surprise can be good or bad. */
    SURPRISE(ArousalGroup.HIGH, null, -1),
    BOREDOM(ArousalGroup.LOW, ValenceGroup.NEGATIVE, -1);

    /** Names of the discrete classes, in the order of the emotion head. */
    public static final java.util.List<String> CORE_CLASSES = java.util.List.of("neutral", "happy", "angry", "sad");

    private static final Map<String, Emotion> ALIASES = Map.ofEntries(
            Map.entry("neutral", NEUTRAL), Map.entry("calm", CALM),
            Map.entry("happy", HAPPY), Map.entry("happiness", HAPPY), Map.entry("joy", HAPPY),
            Map.entry("angry", ANGRY), Map.entry("anger", ANGRY),
            Map.entry("sad", SAD), Map.entry("sadness", SAD),
            Map.entry("fear", FEAR), Map.entry("fearful", FEAR),
            Map.entry("disgust", DISGUST), Map.entry("disgusted", DISGUST),
            Map.entry("surprise", SURPRISE), Map.entry("surprised", SURPRISE),
            Map.entry("boredom", BOREDOM), Map.entry("bored", BOREDOM));

    private final ArousalGroup arousal;
    private final ValenceGroup valence;
    private final int coreClass;

    Emotion(ArousalGroup arousal, ValenceGroup valence, int coreClass) {
        this.arousal = arousal;
        this.valence = valence;
        this.coreClass = coreClass;
    }

    public Optional<ArousalGroup> arousal() {
        return Optional.ofNullable(arousal);
    }

    public Optional<ValenceGroup> valence() {
        return Optional.ofNullable(valence);
    }

    /** Index among {@link #CORE_CLASSES}, or empty for emotions that are no discrete target. */
    public OptionalInt coreClass() {
        return coreClass < 0 ? OptionalInt.empty() : OptionalInt.of(coreClass);
    }

    /** The emotion a label names (English, any case, common inflections), or empty. */
    public static Optional<Emotion> parse(String label) {
        return label == null ? Optional.empty() : Optional.ofNullable(ALIASES.get(label.trim().toLowerCase(Locale.ROOT)));
    }
}
