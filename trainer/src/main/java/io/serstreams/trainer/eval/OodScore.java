package io.serstreams.trainer.eval;

import java.util.Locale;

/** Out-of-domain scores of a segment: higher means further from the model's training domains. */
public enum OodScore {
    /** One minus the domain head's largest probability: the served flag's score. */
    MAX_PROBABILITY("1 - max domain probability"),
    /** The domain head's entropy over ln K (K training domains): 0 for one sure domain, 1 for none preferred. */
    ENTROPY("domain-head entropy / ln K"),
    /** The mean squared z-score of the extractor's embedding against the training segments' ({@link EmbeddingPool}). */
    EMBEDDING_DISTANCE("embedding mean squared z-score"),
    /** The mean cosine distance of the extractor's embedding to its nearest training segments' ({@link EmbeddingPool#neighbourDistance}). */
    NEIGHBOUR_DISTANCE("mean cosine distance to the " + EmbeddingPool.NEIGHBOURS + " nearest training embeddings");

    private final String description;

    OodScore(String description) {
        this.description = description;
    }

    public String description() {
        return description;
    }

    /** The lower-case, dashed name used on the command line and in reports. */
    public String label() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** Parses {@link #label()}. */
    public static OodScore parse(String label) {
        for (OodScore s : values()) {
            if (s.label().equals(label)) {
                return s;
            }
        }
        throw new IllegalArgumentException("no out-of-domain score " + label + "; one of "
                + String.join(", ", java.util.Arrays.stream(values()).map(OodScore::label).toList()));
    }

    /** This score of {@code reading}; {@code pool} is read only by the embedding scores. */
    public double of(DomainReading reading, EmbeddingPool pool) {
        return switch (this) {
            case MAX_PROBABILITY -> 1.0 - reading.maxProbability();
            case ENTROPY -> entropy(reading.domainProbabilities());
            case EMBEDDING_DISTANCE -> pool.meanSquaredZ(reading.embedding());
            case NEIGHBOUR_DISTANCE -> pool.neighbourDistance(reading.embedding());
        };
    }

    private static double entropy(float[] p) {
        if (p.length < 2) {
            return 0;
        }
        double h = 0;
        for (float v : p) {
            if (v > 0) {
                h -= v * Math.log(v);
            }
        }
        return h / Math.log(p.length);
    }
}
