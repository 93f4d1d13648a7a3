package io.serstreams.trainer.cli;

import io.serstreams.trainer.model.Mn04Block;
import io.serstreams.featureextractor.encoder.EncoderCache;
import io.serstreams.featureextractor.encoder.EncoderSpec;
import io.serstreams.trainer.model.Variant;
import io.serstreams.trainer.train.PretrainingTask;
import io.serstreams.trainer.train.GroupLoss;
import io.serstreams.trainer.train.TrainingSettings;
import io.serstreams.trainer.encoder.Mn04Features;
import io.serstreams.trainer.train.RunDescription;
import picocli.CommandLine;
import picocli.CommandLine.Option;

import java.util.Locale;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Options of a training run, shared by the commands that train. Any of them can come from {@code --config}. */
final class TrainingOptions {
    @Option(names = "--config", paramLabel = "FILE", description = "Properties file of option values (keys are option names without dashes, "
            + "e.g. steps=3000); options typed on the command line win. See trainer/config/mpgln.properties.")
    Path config;

    @Option(names = "--steps", defaultValue = "1500", description = "Optimiser steps per model (default: ${DEFAULT-VALUE}).")
    int steps;

    @Option(names = "--batch", defaultValue = "32", description = "Segments per step (default: ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--lr", defaultValue = "0.001", description = "Adam learning rate (default: ${DEFAULT-VALUE}).")
    float learningRate;

    @Option(names = "--seed", defaultValue = "1", description = "Random seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--pretrain-steps", defaultValue = "600",
            description = "Steps of pre-training of the transferred path (--pretrain-target) before it is frozen; 0 trains it from scratch with the rest (default: ${DEFAULT-VALUE}).")
    int pretrainSteps;

    @Option(names = "--pretrain-target", defaultValue = "gender", converter = PretrainTargetConverter.class,
            description = "What the VGG-style path is pre-trained on: gender (the speaker's, from the corpora's documentation), mn04 (distilling "
                    + "the frozen EfficientAT mn04's embedding of each segment) or mn04-patches (distilling, patch by patch, the mean of mn04's "
                    + "time steps under each 0.96 s patch); mn04 needs ./ser encoder fetch for training only, the bundle needs "
                    + "nothing fetched (default: ${DEFAULT-VALUE}).")
    PretrainingTask pretrainTarget;

    @Option(names = "--pretrain-lr", defaultValue = "0", paramLabel = "LR",
            description = "Adam learning rate of the pre-training (--pretrain-target); 0: the same as --lr (default: ${DEFAULT-VALUE}).")
    float pretrainLearningRate;

    @Option(names = "--arousal-weight", defaultValue = "0.5", description = "MPGL: weight a of the arousal cross-entropy (default: ${DEFAULT-VALUE}).")
    float arousalWeight;

    @Option(names = "--valence-weight", defaultValue = "0.5", description = "MPGL: weight v of the valence cross-entropy (default: ${DEFAULT-VALUE}).")
    float valenceWeight;

    @Option(names = "--group-weight", defaultValue = "0.5",
            description = "MPGL: weight g of the terms tying the emotion head to the arousal and valence groups (default: ${DEFAULT-VALUE}).")
    float groupWeight;

    @Option(names = "--checkpoint-every", defaultValue = "250", description = "Steps between checkpoints (default: ${DEFAULT-VALUE}); one is also written at the end.")
    int checkpointEvery;

    /** The transferred path's source. */
    enum Encoder { VGG, MN04 }

    @Option(names = "--encoder", defaultValue = "vgg", converter = EncoderConverter.class,
            description = "Transferred path: vgg (the VGG-style extractor over log-mel patches, exported to a bundle) or mn04 (a projection of the "
                    + "frozen EfficientAT mn04's outputs, cached under target/encoder-cache, scored in DJL; needs ./ser encoder fetch) (default: ${DEFAULT-VALUE}).")
    Encoder encoder;

    @Option(names = "--encoder-features", defaultValue = "embedding", converter = FeaturesConverter.class,
            description = "With --encoder mn04: embedding (pooled, 384), logits (AudioSet, 527) or both (default: ${DEFAULT-VALUE}).")
    Mn04Features encoderFeatures;

    @Option(names = "--dropout", defaultValue = "0", description = "With --encoder mn04: dropout rate on the fusion layer's input in training (default: ${DEFAULT-VALUE}).")
    float dropout;

    @Option(names = "--weight-decay", defaultValue = "0",
            description = "L2 penalty on every weight, added to the gradient before Adam (default: ${DEFAULT-VALUE}: none).")
    float weightDecay;

    @Option(names = "--augment", defaultValue = "0", paramLabel = "N",
            description = "Train on N copies of each training recording through simulated contact-centre channels (G.711 at 8 kHz, band limit, "
                    + "noise at 5-30 dB SNR, gain, clipping, reverberation; drawn from --seed), beside the recording itself (default: ${DEFAULT-VALUE}).")
    int augment;

    @Option(names = "--line-copies",
            description = "Also train on each training recording as heard over plain G.711 lines at 8 kHz, one mu-law and one A-law copy (no noise, "
                    + "band limit or room: the telephone audio the pipeline receives), beside the recording and its --augment copies.")
    boolean lineCopies;

    /** How the model's inputs are standardised in training. */
    enum DescriptorStatistics { POOLED, PER_DOMAIN }

    @Option(names = {"--input-statistics", "--descriptor-statistics"}, defaultValue = "pooled", converter = DescriptorStatisticsConverter.class,
            description = "pooled: standardise the inputs by the training pool's statistics; per-domain: each training corpus by its own "
                    + "(labels.md, unsupervised domain statistics): with the VGG-style path its log-mel and frame descriptors, and the test "
                    + "speakers are also scored with each domain's profile of their unlabelled audio; with --encoder mn04 the frame descriptors "
                    + "(its vectors always are) (default: ${DEFAULT-VALUE}).")
    DescriptorStatistics descriptorStatistics;

    @Option(names = "--fine-tune-blocks", defaultValue = "0", paramLabel = "N",
            description = "With --encoder mn04 (embedding): fine-tune mn04's last N blocks and its last conv with the rest, over cached activation "
                    + "maps at the first of them; 0 keeps mn04 frozen (default: ${DEFAULT-VALUE}). The changed mn04 weights stay under target/.")
    int fineTuneBlocks;

    @Option(names = "--encoder-lr-scale", defaultValue = "0.1", paramLabel = "F",
            description = "With --fine-tune-blocks: the fine-tuned mn04 layers learn at --lr times F (default: ${DEFAULT-VALUE}).")
    float encoderLrScale;

    @Option(names = "--validation", description = "Score on a validation split of the train speakers (every 4th of each corpus, left out of training) "
            + "instead of the test speakers: for choosing settings.")
    boolean validation;

    /** What a run's default folders add to its name, so a distilled run never overwrites a gender-pre-trained one's checkpoint. */
    String pretrainSuffix() {
        return pretrainTarget.distilsMn04() ? "-pretrain-" + pretrainTarget.optionValue() : "";
    }

    /** The pre-training's learning rate: {@code --pretrain-lr}, or {@code --lr} where that is 0. */
    float pretrainingLearningRate() {
        return pretrainLearningRate == 0 ? learningRate : pretrainLearningRate;
    }

    /** The run description's encoder name: null for the VGG-style path. */
    String encoderName() {
        return encoder == Encoder.MN04 ? RunDescription.mn04(encoderFeatures) : null;
    }

    /** The encoder part of a run's name: {@code mn04-embedding}, {@code mn04-embedding-finetuned2}; null for the VGG-style path. */
    String encoderRunName() {
        String name = encoderName();
        return name == null || fineTuneBlocks == 0 ? name : name + "-finetuned" + fineTuneBlocks;
    }

    static final class EncoderConverter extends KebabCaseConverter<Encoder> {
        EncoderConverter() {
            super(Encoder.class);
        }
    }

    static final class DescriptorStatisticsConverter extends KebabCaseConverter<DescriptorStatistics> {
        DescriptorStatisticsConverter() {
            super(DescriptorStatistics.class);
        }
    }

    static final class PretrainTargetConverter implements CommandLine.ITypeConverter<PretrainingTask> {
        @Override
        public PretrainingTask convert(String value) {
            try {
                return PretrainingTask.of(value);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }

    static final class FeaturesConverter extends KebabCaseConverter<Mn04Features> {
        FeaturesConverter() {
            super(Mn04Features.class);
        }
    }

    /** The largest {@code --batch}: every segment of a step is held with its activations, so memory grows with it. */
    static final int MAX_BATCH = 1024;

    /**
     * Checks every option's value; fails naming each bad one and its value
     * ({@code --steps must be positive, got -5}).
     */
    void validate() {
        List<String> problems = new ArrayList<>();
        atLeast(problems, "--steps", steps, 1);
        atLeast(problems, "--batch", batch, 1);
        if (batch > MAX_BATCH) {
            problems.add("--batch must be at most " + MAX_BATCH + " (segments per step, each held with its activations), got " + batch);
        }
        atLeast(problems, "--checkpoint-every", checkpointEvery, 1);
        atLeast(problems, "--pretrain-steps", pretrainSteps, 0);
        if (!(learningRate > 0) || Float.isInfinite(learningRate)) {
            problems.add("--lr must be a positive number, got " + learningRate);
        }
        if (!(pretrainLearningRate >= 0) || Float.isInfinite(pretrainLearningRate)) {
            problems.add("--pretrain-lr must be a positive number (or 0: as --lr), got " + pretrainLearningRate);
        }
        notNegative(problems, "--arousal-weight", arousalWeight);
        notNegative(problems, "--valence-weight", valenceWeight);
        notNegative(problems, "--group-weight", groupWeight);
        notNegative(problems, "--weight-decay", weightDecay);
        atLeast(problems, "--augment", augment, 0);
        if (!(dropout >= 0 && dropout < 1)) {
            problems.add("--dropout takes a rate in [0, 1), got " + dropout);
        } else if (dropout > 0 && encoder != Encoder.MN04) {
            problems.add("--dropout applies with --encoder mn04 only, got " + dropout + " with --encoder vgg");
        }
        if (fineTuneBlocks < 0 || fineTuneBlocks > Mn04Block.BLOCKS) {
            problems.add("--fine-tune-blocks takes 0 (mn04 frozen) to " + Mn04Block.BLOCKS + " (mn04's blocks), got " + fineTuneBlocks);
        } else if (fineTuneBlocks > 0 && encoder != Encoder.MN04) {
            problems.add("--fine-tune-blocks applies with --encoder mn04 only, got " + fineTuneBlocks + " with --encoder vgg");
        } else if (fineTuneBlocks > 0 && encoderFeatures != Mn04Features.EMBEDDING) {
            problems.add("--fine-tune-blocks applies with --encoder-features embedding only (the blocks feed the pooled embedding), got "
                    + fineTuneBlocks + " with " + encoderFeatures.name().toLowerCase(Locale.ROOT));
        }
        if (!(encoderLrScale > 0) || Float.isInfinite(encoderLrScale)) {
            problems.add("--encoder-lr-scale must be a positive number, got " + encoderLrScale);
        }
        if (pretrainTarget.distilsMn04() && encoder == Encoder.MN04) {
            problems.add("--pretrain-target " + pretrainTarget.optionValue() + " applies with --encoder vgg only (over --encoder mn04 nothing is pre-trained)");
        } else if (pretrainTarget.distilsMn04() && pretrainSteps == 0) {
            problems.add("--pretrain-target " + pretrainTarget.optionValue() + " needs --pretrain-steps above 0, got 0");
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", problems));
        }
    }

    /**
     * Fails, telling the user to run {@code ./ser encoder fetch}, when the run needs mn04 (as its
     * transferred path or as the teacher of its pre-training) and the encoder cache lacks it.
     */
    void requireEncoders() {
        if (encoder == Encoder.MN04 || (pretrainTarget.distilsMn04() && pretrainSteps > 0)) {
            EncoderCache.configured().require(EncoderSpec.MN04);
        }
    }

    /** Settings for a variant: the group-loss weights apply to MPGL only. */
    TrainingSettings settings(Variant variant) {
        validate();
        GroupLoss loss = variant.groupLoss() ? new GroupLoss(arousalWeight, valenceWeight, groupWeight) : GroupLoss.singleLoss();
        return new TrainingSettings(steps, batch, learningRate, seed, loss, encoderLrScale, weightDecay, augment, lineCopies);
    }

    private static void atLeast(List<String> problems, String option, int value, int least) {
        if (value < least) {
            problems.add(option + (least == 1 ? " must be positive" : " cannot be negative") + ", got " + value);
        }
    }

    private static void notNegative(List<String> problems, String option, float value) {
        if (!(value >= 0) || Float.isInfinite(value)) {
            problems.add(option + " must be a number of 0 or more, got " + value);
        }
    }
}
