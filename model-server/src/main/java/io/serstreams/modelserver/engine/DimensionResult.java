package io.serstreams.modelserver.engine;

/**
 * An arousal or valence reading: the most likely group, every group's probability, and the score
 * (expected value with the groups at -1, 0 and +1), which lies in [-1, 1].
 */
public record DimensionResult(String group, float[] probabilities, float score) {

    static DimensionResult of(float[] probabilities, java.util.List<String> groups) {
        int best = Argmax.of(probabilities);
        float score = 0;
        for (int i = 0; i < probabilities.length; i++) {
            score += probabilities[i] * (i - 1);
        }
        return new DimensionResult(groups.get(best), probabilities, Math.max(-1f, Math.min(1f, score)));
    }
}
