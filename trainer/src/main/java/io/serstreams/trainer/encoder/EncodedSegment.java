package io.serstreams.trainer.encoder;

/**
 * The frozen mn04's outputs for one speech segment.
 *
 * @param embedding the pooled embedding, 384 values
 * @param logits    the AudioSet logits, 527 values
 * @param steps     the last map's time steps (about 320 ms each)
 * @param frames    {@code [384, steps]} row-major: the last map averaged over its frequency rows
 * @param map       the activation map at the input of the first fine-tuned block, when the cache keeps one; null otherwise
 */
public record EncodedSegment(float[] embedding, float[] logits, int steps, float[] frames, ActivationMap map) {
    public EncodedSegment {
        if (steps < 1 || frames.length != embedding.length * steps) {
            throw new IllegalArgumentException(frames.length + " frame values for " + embedding.length + " channels x " + steps + " steps");
        }
    }

    /** The outputs without an activation map. */
    public EncodedSegment(float[] embedding, float[] logits, int steps, float[] frames) {
        this(embedding, logits, steps, frames, null);
    }
}
