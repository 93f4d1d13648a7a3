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
 */
public record MpglnConfig(Variant variant, int[] channels, int embedding, int lstmHidden, int fusedHidden, int emotions, int domains) {

    public static MpglnConfig of(Variant variant, int domains) {
        return new MpglnConfig(variant, new int[]{16, 32, 64}, 128, 64, 64, 4, domains);
    }

    /** A small network for tests: same structure, few parameters. */
    public static MpglnConfig tiny(Variant variant, int domains) {
        return new MpglnConfig(variant, new int[]{4, 8, 8}, 128, 8, 16, 4, domains);
    }
}
