package io.serstreams.trainer.eval;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.ToDoubleFunction;

/**
 * Each variant's 4-class macro-F1 over several seeds, per protocol: mean and spread (sample
 * standard deviation) per domain and of the domains' mean, and each variant's gain over SPSL in
 * F1 points.
 */
public final class SeedSummary {
    private SeedSummary() {
    }

    /** Markdown tables, one per protocol, in report order. */
    public static String markdown(List<ProtocolResult> results) {
        Map<String, Map<String, List<ProtocolResult>>> byProtocol = new LinkedHashMap<>();
        for (ProtocolResult r : ResultsReport.ordered(results)) {
            byProtocol.computeIfAbsent(r.protocol(), p -> new LinkedHashMap<>()).computeIfAbsent(r.variant(), v -> new ArrayList<>()).add(r);
        }
        StringBuilder out = new StringBuilder();
        byProtocol.forEach((protocol, variants) -> {
            out.append("### ").append(Character.toUpperCase(protocol.charAt(0))).append(protocol.substring(1)).append(": macro-F1 over seeds\n\n");
            out.append("| domain |");
            variants.forEach((variant, runs) -> out.append(' ').append(variant).append(" (seeds ").append(seeds(runs)).append(") |"));
            out.append("\n|---|");
            variants.keySet().forEach(v -> out.append("---:|"));
            out.append('\n');
            TreeSet<String> domains = new TreeSet<>();
            variants.values().forEach(runs -> runs.forEach(r -> r.domains().forEach(d -> domains.add(d.domain()))));
            for (String domain : domains) {
                out.append("| ").append(domain).append(" |");
                variants.values().forEach(runs -> out.append(' ').append(spread(runs, r -> r.domains().stream()
                        .filter(d -> d.domain().equals(domain)).mapToDouble(d -> d.emotions().macroF1()).findFirst().orElse(Double.NaN))).append(" |"));
                out.append('\n');
            }
            out.append("| **mean** |");
            variants.values().forEach(runs -> out.append(" **").append(spread(runs, ProtocolResult::meanMacroF1)).append("** |"));
            out.append('\n');
            List<ProtocolResult> baseline = variants.get("SPSL");
            if (baseline != null) {
                double base = mean(baseline, ProtocolResult::meanMacroF1);
                out.append("| gain over SPSL (F1 points) |");
                variants.values().forEach(runs -> out.append(String.format(Locale.ROOT, " %+.1f |", 100 * (mean(runs, ProtocolResult::meanMacroF1) - base))));
                out.append('\n');
            }
            out.append('\n');
        });
        return out.toString();
    }

    private static String seeds(List<ProtocolResult> runs) {
        return String.join(", ", runs.stream().map(r -> Long.toString(r.seed())).toList());
    }

    static double mean(List<ProtocolResult> runs, ToDoubleFunction<ProtocolResult> value) {
        return runs.stream().mapToDouble(value).average().orElse(Double.NaN);
    }

    /** {@code mean ± sd} over the runs (sd with n - 1; just the mean for one run). */
    static String spread(List<ProtocolResult> runs, ToDoubleFunction<ProtocolResult> value) {
        double m = mean(runs, value);
        if (runs.size() < 2) {
            return String.format(Locale.ROOT, "%.3f", m);
        }
        double squares = runs.stream().mapToDouble(value).map(v -> (v - m) * (v - m)).sum();
        return String.format(Locale.ROOT, "%.3f ± %.3f", m, Math.sqrt(squares / (runs.size() - 1)));
    }
}
