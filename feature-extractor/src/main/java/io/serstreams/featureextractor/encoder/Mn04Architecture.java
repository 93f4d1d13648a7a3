package io.serstreams.featureextractor.encoder;

import java.util.ArrayList;
import java.util.List;

/**
 * EfficientAT's mn04: MobileNetV3-Large's layout at width 0.4 on one input channel (the
 * facts are in {@code ../shared/encoders/FACTS.md}). The channel counts are derived here from the
 * width-1.0 layout by the network's own rounding rule, so the expected state dict comes from the
 * architecture, not from a list copied out of the checkpoint.
 */
public final class Mn04Architecture {
    /** The width multiplier. */
    public static final double WIDTH = 0.4;
    /** AudioSet's classes: the logits. */
    public static final int CLASSES = 527;

    private static final int STEM_CHANNELS_FULL = 16;
    private static final int LAST_CONV_FACTOR = 6;
    private static final int HIDDEN_FULL = 1280;
    private static final int SE_REDUCTION = 4;

    /** Block activations. */
    public enum Activation { RELU, HARDSWISH }

    /**
     * One inverted-residual block, {@code features.<index>}, in channels at width 0.4.
     *
     * @param squeeze the squeeze-excitation's reduced channels, 0 where the block has none
     */
    public record Block(int index, int in, int kernel, int expanded, int out, int squeeze, Activation activation, int stride) {
        /** Whether the block starts with a 1x1 expansion conv (absent when it would not change the channel count). */
        public boolean expands() {
            return expanded != in;
        }

        public boolean hasSqueezeExcitation() {
            return squeeze > 0;
        }

        /** Whether the block's input is added to its output. */
        public boolean residual() {
            return stride == 1 && in == out;
        }
    }

    // MobileNetV3-Large at width 1.0: kernel, expanded, out, squeeze-excitation, activation, stride (blocks 1..15).
    private record FullWidthBlock(int kernel, int expanded, int out, boolean se, Activation activation, int stride) {
    }

    private static final List<FullWidthBlock> LARGE = List.of(
            new FullWidthBlock(3, 16, 16, false, Activation.RELU, 1),
            new FullWidthBlock(3, 64, 24, false, Activation.RELU, 2),
            new FullWidthBlock(3, 72, 24, false, Activation.RELU, 1),
            new FullWidthBlock(5, 72, 40, true, Activation.RELU, 2),
            new FullWidthBlock(5, 120, 40, true, Activation.RELU, 1),
            new FullWidthBlock(5, 120, 40, true, Activation.RELU, 1),
            new FullWidthBlock(3, 240, 80, false, Activation.HARDSWISH, 2),
            new FullWidthBlock(3, 200, 80, false, Activation.HARDSWISH, 1),
            new FullWidthBlock(3, 184, 80, false, Activation.HARDSWISH, 1),
            new FullWidthBlock(3, 184, 80, false, Activation.HARDSWISH, 1),
            new FullWidthBlock(3, 480, 112, true, Activation.HARDSWISH, 1),
            new FullWidthBlock(3, 672, 112, true, Activation.HARDSWISH, 1),
            new FullWidthBlock(5, 672, 160, true, Activation.HARDSWISH, 2),
            new FullWidthBlock(5, 960, 160, true, Activation.HARDSWISH, 1),
            new FullWidthBlock(5, 960, 160, true, Activation.HARDSWISH, 1));

    private static final List<Block> BLOCKS = derive();

    private Mn04Architecture() {
    }

    /** The stem conv's output channels ({@code features.0}). */
    public static int stemChannels() {
        return scaled(STEM_CHANNELS_FULL);
    }

    /** Blocks {@code features.1} .. {@code features.15}. */
    public static List<Block> blocks() {
        return BLOCKS;
    }

    /** The last 1x1 conv's output channels ({@code features.16}): the pooled embedding's size. */
    public static int embeddingChannels() {
        return LAST_CONV_FACTOR * BLOCKS.get(BLOCKS.size() - 1).out();
    }

    /** The classifier's hidden units ({@code classifier.2}). */
    public static int hiddenUnits() {
        return scaled(HIDDEN_FULL);
    }

    /** Every tensor of the checkpoint's state dict, in its order. */
    public static StateDictLayout stateDict() {
        List<StateDictLayout.Entry> entries = new ArrayList<>();
        convWithNorm(entries, "features.0", stemChannels(), 1, 3);
        for (Block block : BLOCKS) {
            String prefix = "features." + block.index() + ".block.";
            int layer = 0;
            if (block.expands()) {
                convWithNorm(entries, prefix + layer++, block.expanded(), block.in(), 1);
            }
            convWithNorm(entries, prefix + layer++, block.expanded(), 1, block.kernel());
            if (block.hasSqueezeExcitation()) {
                String se = prefix + layer++ + ".conc_se_layers.0.";
                linear(entries, se + "fc1", block.squeeze(), block.expanded());
                linear(entries, se + "fc2", block.expanded(), block.squeeze());
            }
            convWithNorm(entries, prefix + layer, block.out(), block.expanded(), 1);
        }
        convWithNorm(entries, "features." + (BLOCKS.size() + 1), embeddingChannels(), BLOCKS.get(BLOCKS.size() - 1).out(), 1);
        linear(entries, "classifier.2", hiddenUnits(), embeddingChannels());
        linear(entries, "classifier.5", CLASSES, hiddenUnits());
        return new StateDictLayout("mn04", entries);
    }

    /** Channels at width 0.4: {@code c * 0.4} rounded to a multiple of 8 (see {@link #roundToEight}). */
    static int scaled(int fullWidthChannels) {
        return roundToEight(fullWidthChannels * WIDTH);
    }

    /**
     * The nearest multiple of 8 (halves up), at least 8, and 8 more when rounding down would lose over
     * 10% of {@code value}.
     */
    static int roundToEight(double value) {
        int rounded = Math.max(8, (int) (value + 4) / 8 * 8);
        return rounded < 0.9 * value ? rounded + 8 : rounded;
    }

    private static List<Block> derive() {
        List<Block> blocks = new ArrayList<>();
        int in = stemChannels();
        for (int i = 0; i < LARGE.size(); i++) {
            FullWidthBlock full = LARGE.get(i);
            int expanded = scaled(full.expanded());
            int out = scaled(full.out());
            int squeeze = full.se() ? roundToEight(expanded / SE_REDUCTION) : 0;
            blocks.add(new Block(i + 1, in, full.kernel(), expanded, out, squeeze, full.activation(), full.stride()));
            in = out;
        }
        return List.copyOf(blocks);
    }

    // A bias-free conv ([out, in, k, k]; a depthwise conv has in = 1) at `.0` and its BatchNorm at `.1`.
    private static void convWithNorm(List<StateDictLayout.Entry> entries, String prefix, int out, int inPerGroup, int kernel) {
        entries.add(new StateDictLayout.Entry(prefix + ".0.weight", TensorShape.of(out, inPerGroup, kernel, kernel), TorchDtype.FLOAT32));
        for (String name : List.of("weight", "bias", "running_mean", "running_var")) {
            entries.add(new StateDictLayout.Entry(prefix + ".1." + name, TensorShape.of(out), TorchDtype.FLOAT32));
        }
        entries.add(new StateDictLayout.Entry(prefix + ".1.num_batches_tracked", TensorShape.of(), TorchDtype.INT64));
    }

    private static void linear(List<StateDictLayout.Entry> entries, String prefix, int out, int in) {
        entries.add(new StateDictLayout.Entry(prefix + ".weight", TensorShape.of(out, in), TorchDtype.FLOAT32));
        entries.add(new StateDictLayout.Entry(prefix + ".bias", TensorShape.of(out), TorchDtype.FLOAT32));
    }
}
