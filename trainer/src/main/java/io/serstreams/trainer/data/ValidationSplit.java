package io.serstreams.trainer.data;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * A validation split of the train speakers, for choosing settings without looking at the test
 * speakers: of each corpus's train speakers in sorted order, every fourth (the 4th, 8th, ...),
 * so every corpus keeps at least three quarters of its train speakers for training.
 */
public final class ValidationSplit {
    private static final int EVERY = 4;

    private ValidationSplit() {
    }

    /** Keys {@code domain/speaker} of the validation speakers among {@code trainSide}'s speakers. */
    public static Set<String> speakers(List<Utterance> trainSide) {
        Set<String> validation = new TreeSet<>();
        trainSide.stream().map(Utterance::domain).distinct().forEach(domain -> {
            List<String> speakers = trainSide.stream().filter(u -> u.domain().equals(domain)).map(Utterance::speaker)
                    .collect(Collectors.toCollection(TreeSet::new)).stream().toList();
            for (int i = EVERY - 1; i < speakers.size(); i += EVERY) {
                validation.add(domain + "/" + speakers.get(i));
            }
        });
        return validation;
    }

    public static boolean isValidation(Set<String> validation, Utterance u) {
        return validation.contains(u.domain() + "/" + u.speaker());
    }
}
