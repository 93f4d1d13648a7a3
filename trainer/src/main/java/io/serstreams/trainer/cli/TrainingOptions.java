package io.serstreams.trainer.cli;

import io.serstreams.trainer.model.Variant;
import io.serstreams.trainer.train.GroupLoss;
import io.serstreams.trainer.train.TrainingSettings;
import io.serstreams.trainer.encoder.Mn04Features;
import io.serstreams.trainer.train.RunDescription;
import picocli.CommandLine;
import picocli.CommandLine.Option;

import java.util.Locale;

import java.nio.file.Path;

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
            description = "Steps of speaker-gender pre-training of the transferred path before it is frozen; 0 trains it from scratch with the rest (default: ${DEFAULT-VALUE}).")
    int pretrainSteps;

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

    @Option(names = "--validation", description = "Score on a validation split of the train speakers (every 4th of each corpus, left out of training) "
            + "instead of the test speakers: for choosing settings.")
    boolean validation;

    /** The run description's encoder name: null for the VGG-style path. */
    String encoderName() {
        return encoder == Encoder.MN04 ? RunDescription.mn04(encoderFeatures) : null;
    }

    static final class EncoderConverter implements CommandLine.ITypeConverter<Encoder> {
        @Override
        public Encoder convert(String value) {
            return switch (value.toLowerCase(Locale.ROOT)) {
                case "vgg" -> Encoder.VGG;
                case "mn04" -> Encoder.MN04;
                default -> throw new CommandLine.TypeConversionException("--encoder takes vgg or mn04, not " + value);
            };
        }
    }

    static final class FeaturesConverter implements CommandLine.ITypeConverter<Mn04Features> {
        @Override
        public Mn04Features convert(String value) {
            try {
                return Mn04Features.valueOf(value.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException("--encoder-features takes embedding, logits or both, not " + value);
            }
        }
    }

    /** Settings for a variant: the group-loss weights apply to MPGL only. */
    TrainingSettings settings(Variant variant) {
        if (steps < 1 || batch < 1 || checkpointEvery < 1 || !(learningRate > 0)) {
            throw new IllegalArgumentException("--steps, --batch, --checkpoint-every and --lr must be positive");
        }
        if (dropout < 0 || dropout >= 1 || (dropout > 0 && encoder != Encoder.MN04)) {
            throw new IllegalArgumentException("--dropout takes a rate in [0, 1), with --encoder mn04 only");
        }
        if (arousalWeight < 0 || valenceWeight < 0 || groupWeight < 0) {
            throw new IllegalArgumentException("loss weights cannot be negative");
        }
        GroupLoss loss = variant.groupLoss() ? new GroupLoss(arousalWeight, valenceWeight, groupWeight) : GroupLoss.singleLoss();
        return new TrainingSettings(steps, batch, learningRate, seed, loss);
    }
}
