package io.serstreams.modelserver.bundle;

import io.serstreams.featureextractor.features.FrameDescriptor;

import java.util.Map;

/**
 * What the engine requires of a bundle's two graphs.
 * <pre>
 * extractor (VGGish contract):  logmel [N, 96, 64]  ->  embedding [N, E]
 * heads:  embeddings [B, P, E], patch_mask [B, P], descriptors [B, T, 39], frame_mask [B, T]
 *         ->  emotion [B, classes], arousal [B, 3], valence [B, 3], domain [B, domains]   (probabilities)
 * </pre>
 * Masks hold 1 for a real patch or frame and 0 for padding: a segment's result must not depend on
 * its batch-mates, so the heads graph has to honour them.
 */
public final class GraphContract {
    public static final String EXTRACTOR = "extractor";
    public static final String HEADS = "heads";

    public static final String LOGMEL = "logmel";
    public static final String EMBEDDING = "embedding";
    public static final String EMBEDDINGS = "embeddings";
    public static final String PATCH_MASK = "patch_mask";
    public static final String DESCRIPTORS = "descriptors";
    public static final String FRAME_MASK = "frame_mask";
    public static final String EMOTION = "emotion";
    public static final String AROUSAL = "arousal";
    public static final String VALENCE = "valence";
    public static final String DOMAIN = "domain";

    /** The tensor names of a converted encoder graph ({@code Mn04OnnxGraph}): log-mel [N, 1, bands, T] in. */
    public static final String ENCODER_INPUT = "logmel";

    private GraphContract() {
    }

    /**
     * The extractor contract of a converted encoder graph: log-mel {@code [N, 1, melBands, T]} in, and out the output the
     * heads consume, {@code embedding [N, E]} or {@code frames [N, E, T']} (served as the extractor's embedding role).
     */
    public static GraphSpec encoder(EncoderReference encoder) {
        boolean frames = EncoderReference.FRAMES.equals(encoder.output());
        return new GraphSpec(encoder.name() + " (converted)",
                Map.of(LOGMEL, TensorSpec.of(ENCODER_INPUT, -1, 1, encoder.frontEnd().melBands(), -1)),
                Map.of(EMBEDDING, frames ? TensorSpec.of(encoder.output(), -1, -1, -1) : TensorSpec.of(encoder.output(), -1, -1)));
    }

    /** The role names and shapes a bundle with these labels and embedding size must declare. */
    public static Map<String, GraphSpec> expected(Labels labels, int patchFrames, int melBands, int embeddingSize,
                                                  String extractorFile, String headsFile) {
        return Map.of(
                EXTRACTOR, new GraphSpec(extractorFile,
                        Map.of(LOGMEL, TensorSpec.of(LOGMEL, -1, patchFrames, melBands)),
                        Map.of(EMBEDDING, TensorSpec.of(EMBEDDING, -1, embeddingSize))),
                HEADS, new GraphSpec(headsFile,
                        Map.of(EMBEDDINGS, TensorSpec.of(EMBEDDINGS, -1, -1, embeddingSize),
                                PATCH_MASK, TensorSpec.of(PATCH_MASK, -1, -1),
                                DESCRIPTORS, TensorSpec.of(DESCRIPTORS, -1, -1, FrameDescriptor.COUNT),
                                FRAME_MASK, TensorSpec.of(FRAME_MASK, -1, -1)),
                        Map.of(EMOTION, TensorSpec.of(EMOTION, -1, labels.emotion().size()),
                                AROUSAL, TensorSpec.of(AROUSAL, -1, labels.arousal().size()),
                                VALENCE, TensorSpec.of(VALENCE, -1, labels.valence().size()),
                                DOMAIN, TensorSpec.of(DOMAIN, -1, labels.domains().size()))));
    }
}
