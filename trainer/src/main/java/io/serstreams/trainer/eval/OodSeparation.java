package io.serstreams.trainer.eval;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * How well each out-of-domain score tells one kind of audio (positives: a held-out corpus, a
 * non-speech sound) from the in-domain test speech heard over the same line (negatives).
 *
 * @param line                the line both were heard over
 * @param positives           what the positives are
 * @param positiveSegments    how many segments of them were scored
 * @param negativeSegments    how many in-domain segments were scored
 * @param positivesSpeech     the share of positive segments the speech gate passes as speech
 * @param scores              per score: AUROC and flag rates at the chosen threshold
 * @param servedFlagged       the share of positive segments the served flag marks (the manifest's threshold)
 * @param servedFalseFlagged  the share of in-domain segments it marks
 */
public record OodSeparation(String line, String positives, int positiveSegments, int negativeSegments, double positivesSpeech,
                            Map<OodScore, Figures> scores, double servedFlagged, double servedFalseFlagged) {

    /**
     * One score's figures.
     *
     * @param auroc            over segments
     * @param utteranceAuroc   over utterances (each the mean of its segments' scores); NaN where the positives are no utterances
     * @param flagged          the share of positive segments above the chosen threshold (the detector's true-positive rate)
     * @param falseFlagged     the share of in-domain segments above it
     */
    public record Figures(double auroc, double utteranceAuroc, double flagged, double falseFlagged) {
    }

    /**
     * The figures of positives against negatives, each given as segment readings per recording.
     *
     * @param thresholds      the chosen threshold of each score
     * @param servedThreshold the manifest's {@code outOfDomainThreshold} on the domain head's largest probability
     * @param utterances      whether the positives' recordings are utterances to score as a whole
     */
    public static OodSeparation of(String line, String positives, List<List<DomainReading>> positive, List<List<DomainReading>> negative,
                                   EmbeddingPool pool, Map<OodScore, Double> thresholds, double servedThreshold, boolean utterances) {
        List<DomainReading> pos = positive.stream().flatMap(List::stream).toList();
        List<DomainReading> neg = negative.stream().flatMap(List::stream).toList();
        Map<OodScore, Figures> figures = new EnumMap<>(OodScore.class);
        for (OodScore score : thresholds.keySet()) {
            double[] p = scores(pos, score, pool);
            double[] n = scores(neg, score, pool);
            double t = thresholds.get(score);
            double perUtterance = utterances ? Auroc.of(means(positive, score, pool), means(negative, score, pool)) : Double.NaN;
            figures.put(score, new Figures(Auroc.of(p, n), perUtterance, OodThreshold.flaggedShare(p, t), OodThreshold.flaggedShare(n, t)));
        }
        Predicate<DomainReading> served = r -> r.maxProbability() < servedThreshold;
        return new OodSeparation(line, positives, pos.size(), neg.size(), share(pos, DomainReading::speech), figures, share(pos, served),
                share(neg, served));
    }

    /** {@code score} of each reading. */
    public static double[] scores(List<DomainReading> readings, OodScore score, EmbeddingPool pool) {
        return readings.stream().mapToDouble(r -> score.of(r, pool)).toArray();
    }

    private static double[] means(List<List<DomainReading>> recordings, OodScore score, EmbeddingPool pool) {
        List<Double> out = new ArrayList<>();
        for (List<DomainReading> r : recordings) {
            if (!r.isEmpty()) {
                out.add(java.util.Arrays.stream(scores(r, score, pool)).average().orElseThrow());
            }
        }
        return out.stream().mapToDouble(Double::doubleValue).toArray();
    }

    private static double share(List<DomainReading> readings, Predicate<DomainReading> which) {
        return readings.isEmpty() ? Double.NaN : (double) readings.stream().filter(which).count() / readings.size();
    }
}
