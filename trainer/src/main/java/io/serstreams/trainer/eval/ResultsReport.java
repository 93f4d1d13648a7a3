package io.serstreams.trainer.eval;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Renders evaluation runs as the Markdown of RESULTS.md and as JSON. Runs are put in a fixed order
 * (protocols as in labels.md, variants baseline first, then seed; domains by name) whatever order
 * the caller collected them in, so a regenerated report diffs cleanly.
 */
public final class ResultsReport {
    private static final List<String> PROTOCOL_ORDER = List.of(ProtocolResult.ADAPTATION, ProtocolResult.GENERALIZATION);
    private static final List<String> VARIANT_ORDER = List.of("SPSL", "MPSL", "MPGL");

    private ResultsReport() {
    }

    /**
     * Markdown: per protocol, a table with the variants side by side, then every domain's confusion
     * matrix, then {@code commandLine} in a fenced block.
     */
    public static String markdown(List<ProtocolResult> results, String commandLine) {
        return MarkdownReport.render(ordered(results), commandLine);
    }

    /** JSON with every number at full precision, for scripts that compare runs. */
    public static String json(List<ProtocolResult> results, String commandLine) {
        return JsonReport.render(ordered(results), commandLine);
    }

    /** The runs of a JSON report written by {@link #json}; {@code source} names it in errors. */
    public static List<ProtocolResult> fromJson(String json, String source) {
        return JsonReport.read(json, source);
    }

    /** The runs in report order, each with its domains sorted by name; a run given twice is an error. */
    static List<ProtocolResult> ordered(List<ProtocolResult> results) {
        Set<String> seen = new HashSet<>();
        List<ProtocolResult> sorted = new ArrayList<>();
        for (ProtocolResult r : results) {
            if (!seen.add(r.protocol() + '\0' + r.variant() + '\0' + r.seed())) {
                throw new IllegalArgumentException("run " + r.variant() + " seed " + r.seed() + " under "
                        + r.protocol() + " is given twice");
            }
            List<DomainResult> domains = new ArrayList<>(r.domains());
            domains.sort(Comparator.comparing(DomainResult::domain));
            sorted.add(new ProtocolResult(r.protocol(), r.variant(), r.seed(), domains));
        }
        sorted.sort(Comparator.comparing((ProtocolResult r) -> rank(PROTOCOL_ORDER, r.protocol()))
                .thenComparing(ProtocolResult::protocol)
                .thenComparing(r -> rank(VARIANT_ORDER, r.variant()))
                .thenComparing(ProtocolResult::variant)
                .thenComparingLong(ProtocolResult::seed));
        return sorted;
    }

    // Names outside the known lists go after the known ones, then alphabetically (the next comparator).
    private static int rank(List<String> order, String name) {
        int i = order.indexOf(name);
        return i < 0 ? order.size() : i;
    }
}
