package io.serstreams.trainer.eval;

/**
 * What the served engine says of one segment that bears on whether it is out of domain.
 *
 * @param domainProbabilities the domain head's probabilities, in the manifest's domain order
 * @param embedding           what the extractor hands the heads, averaged over the segment's rows (patches or one encoder embedding)
 * @param speech              whether the engine's speech gate finds speech in it
 */
public record DomainReading(float[] domainProbabilities, float[] embedding, boolean speech) {
    /** The domain head's largest probability. */
    public float maxProbability() {
        float max = 0;
        for (float p : domainProbabilities) {
            max = Math.max(max, p);
        }
        return max;
    }
}
