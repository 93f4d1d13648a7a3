package io.serstreams.trainer.data;

import java.util.Optional;
import java.util.Set;

/**
 * The gender of a corpus speaker, from each corpus's documentation: the pre-training target of the
 * transferred path, a task that uses no emotion label.
 */
public final class SpeakerGender {
    /** Class indices of the pre-training head. */
    public static final int FEMALE = 0;
    public static final int MALE = 1;

    private static final Set<String> EMODB_MALE = Set.of("03", "10", "11", "12", "15");
    private static final Set<String> EMODB_FEMALE = Set.of("08", "09", "13", "14", "16");
    private static final Set<String> KOREAN_FEMALE = Set.of("ema", "emb", "nea", "neb", "nec", "ned", "nee");
    private static final Set<String> KOREAN_MALE = Set.of("emf", "emg", "emh", "nek", "nel", "nem", "nen", "neo");

    private SpeakerGender() {
    }

    /** {@link #FEMALE} or {@link #MALE}; empty for a speaker whose gender the corpus does not document. */
    public static Optional<Integer> of(Utterance u) {
        String s = u.speaker();
        return switch (u.domain()) {
            case "emodb" -> EMODB_MALE.contains(s) ? Optional.of(MALE) : EMODB_FEMALE.contains(s) ? Optional.of(FEMALE) : Optional.empty();
            case "emovo" -> s.startsWith("m") ? Optional.of(MALE) : s.startsWith("f") ? Optional.of(FEMALE) : Optional.empty();
            case "ravdess" -> s.startsWith("Actor_") ? Optional.of(Integer.parseInt(s.substring(6)) % 2 == 1 ? MALE : FEMALE) : Optional.empty();
            case "korean" -> KOREAN_MALE.contains(s) ? Optional.of(MALE) : KOREAN_FEMALE.contains(s) ? Optional.of(FEMALE) : Optional.empty();
            case "baved" -> {
                String[] parts = u.file().getFileName().toString().split("-");
                yield parts.length > 1 && parts[1].equals("m") ? Optional.of(MALE) : parts.length > 1 && parts[1].equals("f") ? Optional.of(FEMALE) : Optional.empty();
            }
            default -> Optional.empty();
        };
    }
}
