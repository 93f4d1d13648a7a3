package io.serstreams.trainer.eval;

import io.serstreams.modelserver.quality.ConfusionMatrix;
import io.serstreams.featureextractor.audio.AudioFormatException;
import io.serstreams.modelserver.classify.DomainProfileBuilder;
import io.serstreams.modelserver.classify.FileClassifier;
import io.serstreams.modelserver.profile.DomainProfile;
import io.serstreams.modelserver.engine.Argmax;
import io.serstreams.modelserver.engine.InferenceEngine;
import io.serstreams.modelserver.engine.SegmentPrediction;
import io.serstreams.trainer.data.DataProblems;
import io.serstreams.trainer.data.Utterance;
import io.serstreams.trainer.labels.Emotion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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
    private static final Logger LOG = LoggerFactory.getLogger(Evaluator.class);

    private Evaluator() {
    }

    /**
     * Scores a bundle through the serving engine, each utterance read as {@code ser classify} reads
     * it ({@link FileClassifier}: the same segments and, for a bundle over an encoder, the same
     * encoder log-mel); the reading is its first channel's.
     */
    public static List<DomainResult> evaluate(InferenceEngine engine, List<Utterance> test, DataProblems problems) {
        FileClassifier pool = new FileClassifier(engine, BATCH);
        return evaluate(u -> reading(pool.classify(u.read())), test, problems);
    }

    private static Optional<UtteranceClassifier.Reading> reading(FileClassifier.FileResult result) {
        SegmentPrediction p = result.channels().get(0).overall();
        if (p == null) {
            return Optional.empty();
        }
        return Optional.of(new UtteranceClassifier.Reading(p.emotionProbabilities(), p.arousal().probabilities(), p.valence().probabilities()));
    }

    // Segments per engine call; the engine masks each segment, so results do not depend on it.
    private static final int BATCH = 64;

    /**
     * Scores with the training pool's statistics and with each domain's own profile, the profile made from the unlabelled
     * audio of that domain's utterances in {@code test} (labels are never read): the statistics an unsupervised adaptation
     * to that domain would gather, as the stream serves a declared domain once its profile is active.
     */
    public record Adapted(List<DomainResult> pool, List<DomainResult> ownProfile, Map<String, DomainProfile> profiles) {
    }

    /**
     * Each recording read with the training pool's statistics and again with its domain's own profile, made from the
     * unlabelled audio of that domain's recordings among those read (labels are never read).
     *
     * @param pool       each readable recording's reading with the pool's statistics, in the order given
     * @param ownProfile the same recordings read through their domain's profile
     * @param profiles   each domain's profile
     */
    public record ProfiledReadings(Map<Utterance, FileClassifier.FileResult> pool, Map<Utterance, FileClassifier.FileResult> ownProfile,
                                   Map<String, DomainProfile> profiles) {
    }

    /**
     * {@link ProfiledReadings} in one decoding of the audio: each recording's pool reading also feeds its domain's profile,
     * and the audio it kept is read again through that profile. An unreadable recording is reported and left out.
     */
    public static ProfiledReadings readWithOwnProfiles(InferenceEngine engine, List<Utterance> recordings, DataProblems problems) {
        FileClassifier pool = new FileClassifier(engine, BATCH);
        Map<Utterance, FileClassifier.FileResult> pooled = new LinkedHashMap<>();
        Map<String, DomainProfileBuilder> builders = new LinkedHashMap<>();
        long start = System.nanoTime();
        for (int i = 0; i < recordings.size(); i++) {
            Utterance u = recordings.get(i);
            try {
                FileClassifier.FileResult result = pool.classify(u.read());
                pooled.put(u, result);
                builders.computeIfAbsent(u.domain(), d -> new DomainProfileBuilder(engine, BATCH)).add(result);
            } catch (AudioFormatException e) {
                problems.report(u.file(), e.getMessage());
            }
            if ((i + 1) % 200 == 0 || i + 1 == recordings.size()) {
                LOG.info("read with the pool's statistics: {}/{} recordings, {} s elapsed", i + 1, recordings.size(),
                        Math.round((System.nanoTime() - start) / 1e9));
            }
        }
        Map<String, DomainProfile> profiles = new LinkedHashMap<>();
        builders.forEach((domain, builder) -> profiles.put(domain, builder.build(domain)));
        Map<String, FileClassifier> byDomain = new HashMap<>();
        profiles.forEach((domain, profile) -> byDomain.put(domain, pool.withProfile(profile)));
        Map<Utterance, FileClassifier.FileResult> profiled = new LinkedHashMap<>();
        pooled.forEach((u, result) -> profiled.put(u, byDomain.get(u.domain()).classify(result.audio())));
        LOG.info("read again through {} domain profiles: {} recordings, {} s elapsed in all", profiles.size(), profiled.size(),
                Math.round((System.nanoTime() - start) / 1e9));
        return new ProfiledReadings(pooled, profiled, profiles);
    }

    /** {@link Adapted}: the recordings read once with the pool's statistics and once through their domain's profile. */
    public static Adapted evaluateWithOwnProfiles(InferenceEngine engine, List<Utterance> test, DataProblems problems) {
        ProfiledReadings readings = readWithOwnProfiles(engine, test, problems);
        List<Utterance> read = List.copyOf(readings.pool().keySet());
        return new Adapted(evaluate(u -> reading(readings.pool().get(u)), read, problems),
                evaluate(u -> reading(readings.ownProfile().get(u)), read, problems), readings.profiles());
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
                emotion.get(u.domain()).add(new int[]{u.labels().coreClass().getAsInt(), Argmax.of(p.emotion())});
            }
            if (u.labels().arousal() != null) {
                arousal.get(u.domain()).add(new int[]{u.labels().arousal().ordinal(), Argmax.of(p.arousal())});
            }
            if (u.labels().valence() != null) {
                valence.get(u.domain()).add(new int[]{u.labels().valence().ordinal(), Argmax.of(p.valence())});
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
}
