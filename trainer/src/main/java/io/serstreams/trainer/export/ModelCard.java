package io.serstreams.trainer.export;

import io.serstreams.modelserver.bundle.EncoderReference;
import io.serstreams.trainer.eval.DomainResult;
import io.serstreams.trainer.eval.ProtocolResult;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The {@value #FILE} of a bundle: what the model is, what it was trained on, where its transferred
 * path comes from (the frozen mn04 it references, or its own VGG-style extractor and what that was
 * pre-trained on, naming the teacher it was distilled from), and what its figures mean.
 *
 * @param info    the manifest's contents
 * @param encoder the manifest's encoder section; null for a bundle with its own extractor graph
 * @param figures the run's scores at training time; empty where the bundle comes from a checkpoint alone
 */
public record ModelCard(MpglnExporter.BundleInfo info, EncoderReference encoder, List<ProtocolResult> figures) {
    public static final String FILE = "MODEL_CARD.md";

    public ModelCard {
        figures = figures == null ? List.of() : List.copyOf(figures);
    }

    /** Writes the card into {@code bundle}. */
    public void write(Path bundle) {
        try {
            Files.writeString(bundle.resolve(FILE), text());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + bundle.resolve(FILE) + ": " + e.getMessage(), e);
        }
    }

    /** The card as Markdown. */
    public String text() {
        Map<String, Object> training = info.training();
        StringBuilder out = new StringBuilder();
        out.append("# Model card: ").append(info.name()).append(' ').append(info.version()).append("\n\n");
        if (encoder != null) {
            encoderSections(out);
        } else {
            extractorSections(out, training);
        }
        out.append("## Data\n\n")
                .append("Train speakers (per the corpora's `splits.csv`) of ").append(training.getOrDefault("trainDomains", "?"))
                .append(": ").append(training.getOrDefault("trainUtterances", "?")).append(" utterances, ")
                .append(training.getOrDefault("trainSegments", "?")).append(" segments. ")
                .append(training.getOrDefault("data", "")).append(". The model is for research on these corpora, not for decisions about people.\n\n");
        if (encoder != null) {
            out.append("## Standardisation\n\n")
                    .append("In training each corpus's mn04 embeddings were standardised by that corpus's own statistics (its train speakers' segments, ")
                    .append("no labels). Served without a domain profile, the bundle standardises by the pooled statistics of all the training ")
                    .append("domains' train-speaker segments, folded into the projection's weights (recorded as `encoder.trainingStatistics`), which ")
                    .append("can cost accuracy against the training-time figures below. With a domain profile (`ser classify --adapt`, or a ")
                    .append("declared domain's profile in the stream once it has heard enough speech) each segment is standardised by that ")
                    .append("domain's own statistics, as in training.\n\n");
        }
        out.append("## Training\n\n")
                .append(training.getOrDefault("protocol", "?")).append(", ").append(training.getOrDefault("variant", "?")).append(", ")
                .append(training.getOrDefault("steps", "?")).append(" steps, batch ").append(training.getOrDefault("batch", "?"))
                .append(", learning rate ").append(training.getOrDefault("learningRate", "?")).append(", seed ")
                .append(training.getOrDefault("seed", "?")).append(".");
        Object augmented = training.get("augmentedCopies");
        if (augmented instanceof Number copies && copies.intValue() > 0) {
            out.append(" Besides each training recording, ").append(copies.intValue()).append(copies.intValue() == 1 ? " copy" : " copies")
                    .append(" through a simulated channel (`--augment`: G.711 round trip at 8 kHz, 300-3400 Hz band limit, white, pink or ")
                    .append("babble noise at 5-30 dB SNR, gain, clipping, short reverberation; drawn from the seed).");
        }
        if (Boolean.TRUE.equals(training.get("plainLineCopies"))) {
            out.append(" Each training recording also as heard over plain G.711 lines at 8 kHz, one mu-law and one A-law copy (`--line-copies`).");
        }
        out.append("\n\n");
        out.append("## Figures\n\n");
        if (figures.isEmpty()) {
            out.append("None recorded with this bundle (exported from a checkpoint). Score it on the test speakers with ")
                    .append("`./ser evaluate --model DIR`, which runs it as served")
                    .append(encoder != null ? " (pooled standardisation).\n" : ".\n");
        } else {
            out.append("Macro-F1 and unweighted accuracy (UA) over the four core classes (neutral, happy, angry, sad) on the test speakers, ")
                    .append(encoder != null ? "scored in DJL at training time with each domain standardised by its own train speakers' statistics. "
                            + "`./ser evaluate --model DIR` scores the bundle as served, with the pooled statistics.\n\n"
                            : "scored at training time through the serving engine (this bundle in ONNX Runtime).\n\n")
                    .append("| protocol | domain | macro-F1 | UA |\n|---|---|---:|---:|\n");
            for (ProtocolResult result : figures) {
                for (DomainResult d : result.domains()) {
                    out.append(String.format(Locale.ROOT, "| %s | %s | %.3f | %.3f |%n", result.protocol(), d.domain(), d.emotions().macroF1(),
                            d.emotions().unweightedAccuracy()));
                }
                out.append(String.format(Locale.ROOT, "| %s | **mean** | **%.3f** | **%.3f** |%n", result.protocol(), result.meanMacroF1(),
                        result.meanUnweightedAccuracy()));
            }
        }
        return out.toString();
    }

    private void encoderSections(StringBuilder out) {
        boolean fineTuned = encoder.fineTuned() != null;
        out.append(info.description()).append(". MPGLN heads (BiLSTM over the 39 frame descriptors, fused with a ReLU projection of the ")
                .append(fineTuned ? "" : "frozen ").append(encoder.name()).append("'s pooled ").append(encoder.output())
                .append(", four heads: emotion, arousal, valence, domain), GPL-3.0 like the rest of SER Streams. ");
        if (fineTuned) {
            out.append("The bundle holds `heads.onnx`, `manifest.json`, this card and `").append(encoder.fineTuned()).append("`: the ")
                    .append(encoder.name()).append(" tensors that fine-tuning changed (its last blocks), which are derived from third-party ")
                    .append("weights. Build it on your own machine; do not commit or redistribute it.\n\n");
        } else {
            out.append("The bundle holds `heads.onnx`, `manifest.json` and this card: no encoder weights.\n\n");
        }
        out.append("## Encoder\n\n")
                .append("EfficientAT ").append(encoder.name()).append(" (AudioSet), MIT licence, by Florian Schmid et al. It is not in this bundle: ")
                .append("the user fetches the official release file (`./ser encoder fetch`, or the runtime on first use), ")
                .append(encoder.release()).append(", sha256 ").append(encoder.sha256()).append(", and SER Streams converts it to ONNX locally")
                .append(fineTuned ? ", with the fine-tuned tensors of `" + encoder.fineTuned() + "` in place of the release's. " : ". ")
                .append("Front end: ").append(encoder.frontEnd().id()).append(" over each speech segment's audio.\n\n");
    }

    private void extractorSections(StringBuilder out, Map<String, Object> training) {
        out.append(info.description()).append(". MPGLN: a VGG-style convolutional path over 0.96 s log-mel patches (the VGGish contract, ")
                .append("[N, 96, 64] -> [N, 128], averaged over a segment's patches) and a BiLSTM over the 39 frame descriptors, fused, with four ")
                .append("heads (emotion, arousal, valence, domain); GPL-3.0 like the rest of SER Streams. The bundle holds `extractor.onnx`, ")
                .append("`heads.onnx`, `manifest.json` and this card; it references no encoder and needs nothing fetched.\n\n");
        out.append("## Transferred path\n\n");
        Object pretraining = training.get("pretraining");
        if (pretraining == null) {
            out.append("Trained from scratch with the rest of the network.");
        } else {
            out.append("Pre-trained, then frozen while the rest trained: ").append(pretraining).append('.');
        }
        Object teacher = training.get("teacher");
        if (teacher != null) {
            out.append(" Teacher: ").append(teacher).append(". The student's weights are our own, trained here from the teacher's outputs.");
        }
        out.append(" These are not Google's VGGish weights.\n\n");
    }
}
