package io.serstreams.trainer.train;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.serstreams.modelserver.bundle.Normalization;
import io.serstreams.schemas.errors.ErrorText;
import io.serstreams.trainer.data.DataException;
import io.serstreams.trainer.encoder.Mn04Features;
import io.serstreams.trainer.model.MpglnConfig;
import io.serstreams.trainer.model.Variant;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * What a training run is: variant, data, settings and the feature statistics it standardises with.
 * Written as {@code run.json} beside the run's checkpoint, so the run can be resumed, or exported
 * to a bundle, without the corpora at hand.
 *
 * @param holdOut         the held-out domain (domain generalization), or null (multi-domain adaptation)
 * @param pretrainSteps   steps of pre-training of the VGG-style transferred path ({@code pretrainTarget}); 0: trained from scratch
 * @param trainUtterances training files
 * @param trainSegments   training segments cut from them
 * @param encoder         the frozen pre-trained encoder's outputs the transferred path projects, e.g. {@code mn04-embedding};
 *                        null: the VGG-style extractor over log-mel patches
 * @param dropout         dropout on the fusion layer's input in training (over an encoder only; 0: none)
 * @param fineTunedBlocks mn04's last blocks trained with the rest (over its embedding only); 0: mn04 frozen
 * @param descriptorsPerDomain whether each training domain's inputs are standardised by that domain's own statistics: the frame
 *                             descriptors, and with the VGG-style path the log-mel too
 *                        (over an encoder only; false: by {@code normalization}, the pooled training statistics)
 * @param pretrainTarget  what the VGG-style extractor was pre-trained on; null (run descriptions written before the
 *                        option existed) reads as {@link PretrainingTask#GENDER}
 * @param pretrainLearningRate the pre-training's Adam learning rate; 0 (and run descriptions written before the option
 *                        existed) reads as the settings' learning rate
 */
public record RunDescription(Variant variant, List<String> trainDomains, String holdOut, TrainingSettings settings, int pretrainSteps,
                             Normalization normalization, int trainUtterances, int trainSegments, String encoder, float dropout,
                             int fineTunedBlocks, boolean descriptorsPerDomain, PretrainingTask pretrainTarget,
                             float pretrainLearningRate) {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final String MN04 = "mn04-";

    public RunDescription {
        pretrainTarget = pretrainTarget == null ? PretrainingTask.GENDER : pretrainTarget;
        pretrainLearningRate = pretrainLearningRate == 0 ? settings.learningRate() : pretrainLearningRate;
    }

    /** A run with the VGG-style extractor pre-trained on speaker gender, or over {@code encoder}. */
    public RunDescription(Variant variant, List<String> trainDomains, String holdOut, TrainingSettings settings, int pretrainSteps,
                          Normalization normalization, int trainUtterances, int trainSegments, String encoder, float dropout) {
        this(variant, trainDomains, holdOut, settings, pretrainSteps, normalization, trainUtterances, trainSegments, encoder, dropout, 0, false,
                PretrainingTask.GENDER, 0f);
    }

    /** A run with the VGG-style extractor as its transferred path. */
    public RunDescription(Variant variant, List<String> trainDomains, String holdOut, TrainingSettings settings, int pretrainSteps,
                          Normalization normalization, int trainUtterances, int trainSegments) {
        this(variant, trainDomains, holdOut, settings, pretrainSteps, normalization, trainUtterances, trainSegments, null, 0f, 0, false,
                PretrainingTask.GENDER, 0f);
    }

    /** Whether mn04's last blocks were fine-tuned, so that its checkpoint holds changed mn04 weights. */
    public boolean fineTuned() {
        return fineTunedBlocks > 0;
    }

    /** A run over an encoder whose descriptors are standardised by the pooled training statistics. */
    public RunDescription(Variant variant, List<String> trainDomains, String holdOut, TrainingSettings settings, int pretrainSteps,
                          Normalization normalization, int trainUtterances, int trainSegments, String encoder, float dropout, int fineTunedBlocks) {
        this(variant, trainDomains, holdOut, settings, pretrainSteps, normalization, trainUtterances, trainSegments, encoder, dropout, fineTunedBlocks,
                false, PretrainingTask.GENDER, 0f);
    }

    /** A run over an encoder, its frame descriptors standardised as {@code descriptorsPerDomain} says. */
    public RunDescription(Variant variant, List<String> trainDomains, String holdOut, TrainingSettings settings, int pretrainSteps,
                          Normalization normalization, int trainUtterances, int trainSegments, String encoder, float dropout, int fineTunedBlocks,
                          boolean descriptorsPerDomain) {
        this(variant, trainDomains, holdOut, settings, pretrainSteps, normalization, trainUtterances, trainSegments, encoder, dropout, fineTunedBlocks,
                descriptorsPerDomain, PretrainingTask.GENDER, 0f);
    }

    /** The encoder name of mn04 with {@code features} as the transferred input. */
    public static String mn04(Mn04Features features) {
        return MN04 + features.name().toLowerCase(Locale.ROOT);
    }

    /** The mn04 outputs the transferred path projects, when it does. */
    public java.util.Optional<Mn04Features> mn04Features() {
        return encoder != null && encoder.startsWith(MN04)
                ? java.util.Optional.of(Mn04Features.valueOf(encoder.substring(MN04.length()).toUpperCase(Locale.ROOT))) : java.util.Optional.empty();
    }

    /** A run's name: protocol, held-out domain and variant, as in {@code adaptation-mpgl} or {@code generalization-emodb-spsl}. */
    public static String name(Variant variant, String holdOut) {
        return (holdOut == null ? "adaptation" : "generalization-" + holdOut) + "-" + variant.name().toLowerCase(Locale.ROOT);
    }

    public String name() {
        return name(variant, holdOut);
    }

    /** The network's sizes for this run. */
    public MpglnConfig config() {
        MpglnConfig config = MpglnConfig.of(variant, trainDomains.size());
        return mn04Features().map(f -> config.withEncoderInput(f.size()).withDropout(dropout)).orElse(config);
    }

    /** Whether the transferred path was pre-trained, then frozen. */
    public boolean extractorPretrained() {
        return pretrainSteps > 0 && variant.transferredPath() && encoder == null;
    }

    /**
     * What differs between this run and {@code other}, by name, leaving out the number of steps,
     * which may grow when a run is resumed. Empty: a checkpoint of one can go on as the other.
     */
    public List<String> differencesFrom(RunDescription other) {
        Map<String, Boolean> same = new LinkedHashMap<>();
        same.put("variant", variant == other.variant);
        same.put("training domains", trainDomains.equals(other.trainDomains));
        same.put("held-out domain", Objects.equals(holdOut, other.holdOut));
        same.put("batch", settings.batchSize() == other.settings.batchSize());
        same.put("learning rate", settings.learningRate() == other.settings.learningRate());
        same.put("seed", settings.seed() == other.settings.seed());
        same.put("loss weights", settings.loss().equals(other.settings.loss()));
        same.put("weight decay", settings.weightDecay() == other.settings.weightDecay());
        same.put("augmented copies", settings.augmentedCopies() == other.settings.augmentedCopies());
        same.put("plain-line copies", settings.plainLineCopies() == other.settings.plainLineCopies());
        same.put("pre-training steps", pretrainSteps == other.pretrainSteps);
        same.put("pre-training target", pretrainTarget == other.pretrainTarget);
        same.put("pre-training learning rate", !extractorPretrained() || pretrainLearningRate == other.pretrainLearningRate);
        same.put("encoder", Objects.equals(encoder, other.encoder));
        same.put("dropout", dropout == other.dropout);
        same.put("descriptor statistics", descriptorsPerDomain == other.descriptorsPerDomain);
        same.put("fine-tuned mn04 blocks", fineTunedBlocks == other.fineTunedBlocks);
        // Without fine-tuned blocks the scale is unused (and absent from older run.json files).
        same.put("encoder learning-rate scale", !fineTuned() || settings.encoderLrScale() == other.settings.encoderLrScale());
        same.put("training data", normalization.equals(other.normalization) && trainUtterances == other.trainUtterances
                && trainSegments == other.trainSegments);
        return same.entrySet().stream().filter(e -> !e.getValue()).map(Map.Entry::getKey).toList();
    }

    public void write(Path file) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            JSON.writeValue(file.toFile(), this);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    public static RunDescription read(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new DataException("no run description at " + file + " (is this a checkpoint folder written by ser train?)");
        }
        try {
            return JSON.readValue(file.toFile(), RunDescription.class);
        } catch (IOException e) {
            throw new DataException("cannot read the run description " + file + ": " + ErrorText.of(e));
        }
    }
}
