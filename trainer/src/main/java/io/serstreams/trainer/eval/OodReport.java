package io.serstreams.trainer.eval;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The out-of-domain figures of {@code ser ood} as Markdown and as JSON. */
public final class OodReport {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final DefaultPrettyPrinter PRINTER = new DefaultPrettyPrinter().withObjectIndenter(new DefaultIndenter("  ", "\n"));
    private static final List<OodScore> SCORES = List.of(OodScore.values());

    private OodReport() {
    }

    /** Markdown: the leave-one-domain-out summary over the bundles with one held-out corpus, then each bundle's table. */
    public static String markdown(List<OodBundleResult> results, String command) {
        StringBuilder out = new StringBuilder("# Out-of-domain detector\n\n");
        out.append("Scores (higher: further out of domain): ");
        out.append(String.join("; ", SCORES.stream().map(s -> "`" + s.label() + "` = " + s.description()).toList()));
        out.append(". AUROC over segments; \"flagged\" is the share of segments above the threshold chosen on in-domain validation "
                + "speakers, \"served\" the share the manifest's threshold on the largest domain probability flags.\n\n");
        lodoSummary(results, out);
        for (OodBundleResult r : results) {
            bundle(r, out);
        }
        out.append("```\n").append(command).append("\n```\n");
        return out.toString();
    }

    private static void lodoSummary(List<OodBundleResult> results, StringBuilder out) {
        List<OodSeparation> rows = new ArrayList<>();
        List<OodBundleResult> owners = new ArrayList<>();
        for (OodBundleResult r : results) {
            if (r.heldOut().size() != 1) {
                continue;
            }
            for (OodSeparation s : r.separations()) {
                if (s.positives().equals(r.heldOut().get(0))) {
                    rows.add(s);
                    owners.add(r);
                }
            }
        }
        if (rows.isEmpty()) {
            return;
        }
        out.append("## Leave one domain out: held-out corpus against the training corpora's test speakers\n\n");
        out.append("| held out | line | segments (held out / in domain) |");
        SCORES.forEach(s -> out.append(" AUROC ").append(s.label()).append(" |"));
        SCORES.forEach(s -> out.append(" utterance AUROC ").append(s.label()).append(" |"));
        SCORES.forEach(s -> out.append(" flagged / false-flagged, ").append(s.label()).append(" |"));
        out.append(" served flag: flagged / false-flagged |\n|---|---|---:|");
        out.append("---:|".repeat(3 * SCORES.size() + 1)).append('\n');
        for (int i = 0; i < rows.size(); i++) {
            OodSeparation s = rows.get(i);
            out.append("| ").append(owners.get(i).heldOut().get(0)).append(" | ").append(s.line()).append(" | ")
                    .append(s.positiveSegments()).append(" / ").append(s.negativeSegments()).append(" |");
            SCORES.forEach(k -> out.append(' ').append(f3(s.scores().get(k).auroc())).append(" |"));
            SCORES.forEach(k -> out.append(' ').append(f3(s.scores().get(k).utteranceAuroc())).append(" |"));
            SCORES.forEach(k -> out.append(' ').append(pair(s.scores().get(k).flagged(), s.scores().get(k).falseFlagged())).append(" |"));
            out.append(' ').append(pair(s.servedFlagged(), s.servedFalseFlagged())).append(" |\n");
        }
        for (String line : rows.stream().map(OodSeparation::line).distinct().toList()) {
            List<OodSeparation> on = rows.stream().filter(s -> s.line().equals(line)).toList();
            out.append("| **mean** | ").append(line).append(" | |");
            SCORES.forEach(k -> out.append(" **").append(f3(on.stream().mapToDouble(s -> s.scores().get(k).auroc()).average().orElseThrow()))
                    .append("** |"));
            SCORES.forEach(k -> out.append(' ').append(f3(on.stream().mapToDouble(s -> s.scores().get(k).utteranceAuroc()).average().orElseThrow()))
                    .append(" |"));
            SCORES.forEach(k -> out.append(' ').append(pair(on.stream().mapToDouble(s -> s.scores().get(k).flagged()).average().orElseThrow(),
                    on.stream().mapToDouble(s -> s.scores().get(k).falseFlagged()).average().orElseThrow())).append(" |"));
            out.append(' ').append(pair(on.stream().mapToDouble(OodSeparation::servedFlagged).average().orElseThrow(),
                    on.stream().mapToDouble(OodSeparation::servedFalseFlagged).average().orElseThrow())).append(" |\n");
        }
        out.append('\n');
    }

    private static void bundle(OodBundleResult r, StringBuilder out) {
        out.append("## ").append(r.model()).append(" (").append(r.version()).append(")\n\n");
        out.append("Domain head over ").append(String.join(", ", r.trainDomains()));
        out.append(r.heldOut().isEmpty() ? "" : "; held out: " + String.join(", ", r.heldOut())).append(". Embedding pool: ")
                .append(r.poolSegments()).append(" training segments. Thresholds chosen on ").append(r.validationSegments())
                .append(" in-domain validation segments (wideband), keeping ").append(String.format(Locale.ROOT, "%.0f%%", 100 * r.keep()))
                .append(" in domain: ");
        out.append(String.join(", ", SCORES.stream().map(s -> "`" + s.label() + "` > " + f3(r.thresholds().get(s))).toList()));
        out.append(String.format(Locale.ROOT, " (the first is largest domain probability < %.4f); served threshold: %.4f.%n%n",
                r.maxProbabilityThreshold(), r.servedThreshold()));
        out.append("| line | positives | segments (positives / in domain) | speech-gate passes |");
        SCORES.forEach(s -> out.append(" AUROC ").append(s.label()).append(" |"));
        SCORES.forEach(s -> out.append(" flagged / false-flagged, ").append(s.label()).append(" |"));
        out.append(" served flag |\n|---|---|---:|---:|").append("---:|".repeat(2 * SCORES.size() + 1)).append('\n');
        for (OodSeparation s : r.separations()) {
            out.append("| ").append(s.line()).append(" | ").append(s.positives()).append(" | ").append(s.positiveSegments()).append(" / ")
                    .append(s.negativeSegments()).append(" | ").append(f3(s.positivesSpeech())).append(" |");
            SCORES.forEach(k -> out.append(' ').append(f3(s.scores().get(k).auroc())).append(" |"));
            SCORES.forEach(k -> out.append(' ').append(pair(s.scores().get(k).flagged(), s.scores().get(k).falseFlagged())).append(" |"));
            out.append(' ').append(pair(s.servedFlagged(), s.servedFalseFlagged())).append(" |\n");
        }
        out.append('\n');
    }

    /** JSON of every figure; undefined values are null. */
    public static String json(List<OodBundleResult> results, String command) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("command", command);
        ArrayNode bundles = root.putArray("bundles");
        for (OodBundleResult r : results) {
            ObjectNode b = bundles.addObject();
            b.put("model", r.model());
            b.put("version", r.version());
            r.trainDomains().forEach(b.putArray("trainDomains")::add);
            r.heldOut().forEach(b.putArray("heldOut")::add);
            b.put("poolSegments", r.poolSegments());
            b.put("validationSegments", r.validationSegments());
            b.put("keep", r.keep());
            ObjectNode thresholds = b.putObject("thresholds");
            SCORES.forEach(s -> thresholds.put(s.label(), r.thresholds().get(s)));
            b.put("maxProbabilityThreshold", r.maxProbabilityThreshold());
            b.put("servedThreshold", r.servedThreshold());
            ArrayNode separations = b.putArray("separations");
            for (OodSeparation s : r.separations()) {
                ObjectNode o = separations.addObject();
                o.put("line", s.line());
                o.put("positives", s.positives());
                o.put("positiveSegments", s.positiveSegments());
                o.put("negativeSegments", s.negativeSegments());
                put(o, "positivesSpeechShare", s.positivesSpeech());
                ObjectNode scores = o.putObject("scores");
                for (OodScore k : SCORES) {
                    OodSeparation.Figures f = s.scores().get(k);
                    ObjectNode fo = scores.putObject(k.label());
                    put(fo, "auroc", f.auroc());
                    put(fo, "utteranceAuroc", f.utteranceAuroc());
                    put(fo, "flagged", f.flagged());
                    put(fo, "falseFlagged", f.falseFlagged());
                }
                put(o, "servedFlagged", s.servedFlagged());
                put(o, "servedFalseFlagged", s.servedFalseFlagged());
            }
        }
        try {
            return MAPPER.writer(PRINTER).writeValueAsString(root) + "\n";
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e); // cannot happen for a tree of strings and numbers
        }
    }

    private static void put(ObjectNode o, String key, double value) {
        if (Double.isNaN(value)) {
            o.putNull(key);
        } else {
            o.put(key, value);
        }
    }

    private static String f3(double v) {
        return Double.isNaN(v) ? "–" : String.format(Locale.ROOT, "%.3f", v);
    }

    private static String pair(double a, double b) {
        return f3(a) + " / " + f3(b);
    }
}
