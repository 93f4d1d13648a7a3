package io.serstreams.modelserver.bundle;

import java.util.List;

/**
 * The model's classes, in output order. Arousal groups run from low to high and valence groups
 * from negative to positive: their scores map the groups to -1, 0 and +1.
 */
public record Labels(List<String> emotion, List<String> arousal, List<String> valence, List<String> domains) {

    public Labels {
        emotion = List.copyOf(emotion);
        arousal = List.copyOf(arousal);
        valence = List.copyOf(valence);
        domains = List.copyOf(domains);
    }

    /** The label space of labels.md: four emotions, three arousal and valence groups, the five corpora. */
    public static Labels standard() {
        return new Labels(List.of("neutral", "happy", "angry", "sad"), List.of("low", "mid", "high"),
                List.of("negative", "neutral", "positive"), List.of("emodb", "emovo", "ravdess", "korean", "baved"));
    }
}
