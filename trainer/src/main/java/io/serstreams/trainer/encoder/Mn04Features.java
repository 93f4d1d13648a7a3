package io.serstreams.trainer.encoder;

import io.serstreams.featureextractor.encoder.Mn04Architecture;

/** Which of the frozen mn04's outputs feed the transferred path. */
public enum Mn04Features {
    /** The pooled 384-d embedding of the last map. */
    EMBEDDING,
    /** The 527 AudioSet logits. */
    LOGITS,
    /** Both, concatenated (911 values). */
    BOTH;

    /** The vector of {@code segment} this choice takes. */
    public float[] of(EncodedSegment segment) {
        return switch (this) {
            case EMBEDDING -> segment.embedding();
            case LOGITS -> segment.logits();
            case BOTH -> {
                float[] joined = new float[segment.embedding().length + segment.logits().length];
                System.arraycopy(segment.embedding(), 0, joined, 0, segment.embedding().length);
                System.arraycopy(segment.logits(), 0, joined, segment.embedding().length, segment.logits().length);
                yield joined;
            }
        };
    }

    /** The vector's length. */
    public int size() {
        return switch (this) {
            case EMBEDDING -> Mn04Architecture.embeddingChannels();
            case LOGITS -> Mn04Architecture.CLASSES;
            case BOTH -> Mn04Architecture.embeddingChannels() + Mn04Architecture.CLASSES;
        };
    }
}
