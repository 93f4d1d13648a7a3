package io.serstreams.trainer.eval;

import io.serstreams.modelserver.quality.ConfusionMatrix;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.TreeSet;

/** Markdown form of a report; expects runs already in report order (see {@link ResultsReport}). */
final class MarkdownReport {
    private MarkdownReport() {
    }

    static String render(List<ProtocolResult> runs, String commandLine) {
        StringBuilder out = new StringBuilder("# Results\n");
        Map<String, List<ProtocolResult>> byProtocol = new LinkedHashMap<>();
        runs.forEach(r -> byProtocol.computeIfAbsent(r.protocol(), p -> new ArrayList<>()).add(r));
        byProtocol.forEach((protocol, protocolRuns) -> {
            out.append("\n## ").append(capitalised(protocol)).append("\n\n");
            summaryTable(out, protocolRuns);
            out.append("\n### Confusion matrices\n");
            for (ProtocolResult run : protocolRuns) {
                for (DomainResult d : run.domains()) {
                    out.append("\n#### ").append(run.variant()).append(", seed ").append(run.seed())
                            .append(", ").append(d.domain()).append("\n\n");
                    out.append("Weighted accuracy ").append(number(d.emotions().weightedAccuracy()))
                            .append(", unweighted accuracy ").append(number(d.emotions().unweightedAccuracy()))
                            .append("; arousal accuracy ").append(number(d.arousalAccuracy()))
                            .append(", valence accuracy ").append(number(d.valenceAccuracy())).append(".\n\n");
                    confusionTable(out, d.emotions());
                }
            }
        });
        // A fence longer than any backtick run in the command keeps the block from closing early.
        String fence = "`".repeat(Math.max(3, longestBacktickRun(commandLine) + 1));
        out.append("\n## Command\n\n").append(fence).append('\n').append(commandLine).append('\n').append(fence).append('\n');
        return out.toString();
    }

    private static void summaryTable(StringBuilder out, List<ProtocolResult> runs) {
        StringBuilder header = new StringBuilder("| domain |");
        StringBuilder rule = new StringBuilder("|---|");
        for (ProtocolResult run : runs) {
            String name = cell(run.variant()) + " (seed " + run.seed() + ")";
            header.append(' ').append(name).append(" macro-F1 | ").append(name).append(" UA |");
            rule.append("---:|---:|");
        }
        out.append(header).append('\n').append(rule).append('\n');
        // Every domain any run evaluated gets a row, so a run that lacks one shows "n/a" there.
        TreeSet<String> domains = new TreeSet<>();
        runs.forEach(r -> r.domains().forEach(d -> domains.add(d.domain())));
        for (String domain : domains) {
            out.append("| ").append(cell(domain)).append(" |");
            for (ProtocolResult run : runs) {
                Optional<ConfusionMatrix> m = run.domains().stream()
                        .filter(d -> d.domain().equals(domain)).map(DomainResult::emotions).findFirst();
                out.append(' ').append(m.map(c -> number(c.macroF1())).orElse("n/a"))
                        .append(" | ").append(m.map(c -> number(c.unweightedAccuracy())).orElse("n/a")).append(" |");
            }
            out.append('\n');
        }
        out.append("| mean |");
        for (ProtocolResult run : runs) {
            out.append(' ').append(number(run.meanMacroF1())).append(" | ")
                    .append(number(run.meanUnweightedAccuracy())).append(" |");
        }
        out.append('\n');
    }

    private static void confusionTable(StringBuilder out, ConfusionMatrix m) {
        out.append("| true \\ predicted |");
        m.classNames().forEach(c -> out.append(' ').append(cell(c)).append(" |"));
        out.append("\n|---|").append("---:|".repeat(m.size())).append('\n');
        for (int t = 0; t < m.size(); t++) {
            out.append("| ").append(cell(m.classNames().get(t))).append(" |");
            for (int p = 0; p < m.size(); p++) {
                out.append(' ').append(m.count(t, p)).append(" |");
            }
            out.append('\n');
        }
    }

    static String number(double value) {
        return String.format(Locale.ROOT, "%.3f", value);
    }

    static String number(OptionalDouble value) {
        return value.isPresent() ? number(value.getAsDouble()) : "n/a";
    }

    private static String cell(String text) {
        return text.replace("|", "\\|");
    }

    private static String capitalised(String text) {
        return text.substring(0, 1).toUpperCase(Locale.ROOT) + text.substring(1);
    }

    private static int longestBacktickRun(String text) {
        int longest = 0;
        int run = 0;
        for (char ch : text.toCharArray()) {
            run = ch == '`' ? run + 1 : 0;
            longest = Math.max(longest, run);
        }
        return longest;
    }
}
