package io.serstreams.trainer.model;

/**
 * Sizes of the network.
 *
 * @param channels    convolution channels of the VGG-style extractor, one 3x3 conv + 2x2 max-pool stage each
 * @param embedding   extractor output size (128: the VGGish contract)
 * @param lstmHidden  BiLSTM state size per direction
 * @param fusedHidden width of the fusion layer feeding the heads
 * @param emotions    discrete classes
 * @param domains     training domains for the domain head
 * @param encoderInput 0: the transferred path is the VGG-style extractor over log-mel patches; otherwise the
 *                     length of a frozen encoder's standardised output vector, which a ReLU projection to
 *                     {@code embedding} maps instead
 * @param dropout      in training, the rate of dropout on the fusion layer's input (0: none); used over an encoder only
 */
public record MpglnConfig(Variant variant, int[] channels, int embedding, int lstmHidden, int fusedHidden, int emotions, int domains,
                          int encoderInput, float dropout) {

    /** A network whose transferred path is the VGG-style extractor over log-mel patches. */
    public MpglnConfig(Variant variant, int[] channels, int embedding, int lstmHidden, int fusedHidden, int emotions, int domains) {
        this(variant, channels, embedding, lstmHidden, fusedHidden, emotions, domains, 0, 0f);
    }

    public static MpglnConfig of(Variant variant, int domains) {
        return new MpglnConfig(variant, new int[]{16, 32, 64}, 128, 64, 64, 4, domains);
    }

    /** A small network for tests: same structure, few parameters. */
    public static MpglnConfig tiny(Variant variant, int domains) {
        return new MpglnConfig(variant, new int[]{4, 8, 8}, 128, 8, 16, 4, domains);
    }

    /** The same sizes with the transferred path over a frozen encoder's {@code size}-long vectors. */
    public MpglnConfig withEncoderInput(int size) {
        return new MpglnConfig(variant, channels, embedding, lstmHidden, fusedHidden, emotions, domains, size, dropout);
    }

    /** The same sizes with dropout at {@code rate} on the fusion layer's input in training (over an encoder only). */
    public MpglnConfig withDropout(float rate) {
        if (rate > 0 && !overEncoder()) {
            throw new IllegalArgumentException("dropout is only used over a frozen encoder (--encoder mn04)");
        }
        return new MpglnConfig(variant, channels, embedding, lstmHidden, fusedHidden, emotions, domains, encoderInput, rate);
    }

    /** Whether the transferred path projects a frozen encoder's vectors rather than running the VGG-style extractor. */
    public boolean overEncoder() {
        return encoderInput > 0;
    }
}
