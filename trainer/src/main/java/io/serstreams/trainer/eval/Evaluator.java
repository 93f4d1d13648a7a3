package io.serstreams.trainer.eval;

import io.serstreams.modelserver.quality.ConfusionMatrix;
import io.serstreams.featureextractor.audio.AudioFormatException;
import io.serstreams.modelserver.classify.DomainProfileBuilder;
import io.serstreams.modelserver.classify.FileClassifier;
import io.serstreams.modelserver.profile.DomainProfile;
import io.serstreams.modelserver.engine.InferenceEngine;
import io.serstreams.modelserver.engine.SegmentPrediction;
import io.serstreams.trainer.data.DataProblems;
import io.serstreams.trainer.data.Utterance;
import io.serstreams.trainer.labels.Emotion;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Scores an exported bundle, through the serving engine, on test utterances: an utterance's
 * reading is the mean of its segments' probabilities (as {@code ser classify} gives it); per
 * domain, the 4-class confusion matrix over utterances with a core emotion, and arousal and
 * valence group accuracy over those whose group is known.
 */
public final class Evaluator {
    private Evaluator() {
    }

    /**
     * Scores a bundle through the serving engine, each utterance read as {@code ser classify} reads
     * it ({@link FileClassifier}: the same segments and, for a bundle over an encoder, the same
     * encoder log-mel); the reading is its first channel's.
     */
    public static List<DomainResult> evaluate(InferenceEngine engine, List<Utterance> test, DataProblems problems) {
        return evaluate(engine, test, Map.of(), problems);
    }

    /**
     * As {@link #evaluate(InferenceEngine, List, DataProblems)}, each utterance standardised by its domain's profile in
     * {@code profiles} (an utterance of a domain without one, by the training pool's statistics).
     */
    public static List<DomainResult> evaluate(InferenceEngine engine, List<Utterance> test, Map<String, DomainProfile> profiles, DataProblems problems) {
        FileClassifier pool = new FileClassifier(engine, BATCH);
        Map<String, FileClassifier> byDomain = new HashMap<>();
        profiles.forEach((domain, profile) -> byDomain.put(domain, pool.withProfile(profile)));
        return evaluate(u -> {
            SegmentPrediction p = byDomain.getOrDefault(u.domain(), pool).classify(u.read()).channels().get(0).overall();
            if (p == null) {
                return Optional.empty();
            }
            return Optional.of(new UtteranceClassifier.Reading(p.emotionProbabilities(), p.arousal().probabilities(), p.valence().probabilities()));
        }, test, problems);
    }

    // Segments per engine call; the engine masks each segment, so results do not depend on it.
    private static final int BATCH = 64;

    /**
     * Each domain's profile from the unlabelled audio of its utterances in {@code utterances} (labels are never read):
     * the statistics an unsupervised adaptation to that domain would gather.
     */
    public static Map<String, DomainProfile> ownProfiles(InferenceEngine engine, List<Utterance> utterances, DataProblems problems) {
        Map<String, DomainProfileBuilder> builders = new LinkedHashMap<>();
        for (Utterance u : utterances) {
            try {
                builders.computeIfAbsent(u.domain(), d -> new DomainProfileBuilder(engine, BATCH)).add(u.read());
            } catch (AudioFormatException e) {
                problems.report(u.file(), e.getMessage());
            }
        }
        Map<String, DomainProfile> profiles = new LinkedHashMap<>();
        builders.forEach((domain, builder) -> profiles.put(domain, builder.build(domain)));
        return profiles;
    }

    /** Scores any classifier of utterances. */
    public static List<DomainResult> evaluate(UtteranceClassifier classifier, List<Utterance> test, DataProblems problems) {
        Map<String, List<int[]>> emotion = new LinkedHashMap<>();
        Map<String, List<int[]>> arousal = new LinkedHashMap<>();
        Map<String, List<int[]>> valence = new LinkedHashMap<>();
        for (Utterance u : test) {
            UtteranceClassifier.Reading p;
            try {
                Optional<UtteranceClassifier.Reading> reading = classifier.classify(u);
                if (reading.isEmpty()) {
                    problems.report(u.file(), "no segment to classify (too short or too quiet); left out of the scores");
                    continue;
                }
                p = reading.get();
            } catch (AudioFormatException e) {
                problems.report(u.file(), e.getMessage());
                continue;
            }
            emotion.computeIfAbsent(u.domain(), d -> new ArrayList<>());
            arousal.computeIfAbsent(u.domain(), d -> new ArrayList<>());
            valence.computeIfAbsent(u.domain(), d -> new ArrayList<>());
            if (u.labels().coreClass().isPresent()) {
                emotion.get(u.domain()).add(new int[]{u.labels().coreClass().getAsInt(), argmax(p.emotion())});
            }
            if (u.labels().arousal() != null) {
                arousal.get(u.domain()).add(new int[]{u.labels().arousal().ordinal(), argmax(p.arousal())});
            }
            if (u.labels().valence() != null) {
                valence.get(u.domain()).add(new int[]{u.labels().valence().ordinal(), argmax(p.valence())});
            }
        }
        List<DomainResult> results = new ArrayList<>();
        for (String domain : emotion.keySet()) {
            List<int[]> pairs = emotion.get(domain);
            if (pairs.isEmpty()) {
                continue; // a domain without discrete labels (BAVED) has no emotion score
            }
            ConfusionMatrix matrix = ConfusionMatrix.of(Emotion.CORE_CLASSES, column(pairs, 0), column(pairs, 1));
            results.add(new DomainResult(domain, matrix, accuracy(arousal.get(domain)), accuracy(valence.get(domain))));
        }
        return results;
    }

    private static java.util.OptionalDouble accuracy(List<int[]> pairs) {
        return GroupAccuracy.of(column(pairs, 0), column(pairs, 1), 3);
    }

    private static int[] column(List<int[]> pairs, int index) {
        return pairs.stream().mapToInt(p -> p[index]).toArray();
    }

    /** The index of the largest value (the first of equals). */
    static int argmax(float[] values) {
        int best = 0;
        for (int i = 1; i < values.length; i++) {
            if (values[i] > values[best]) {
                best = i;
            }
        }
        return best;
    }
}
