package io.serstreams.streamprocessor.summary;

import io.serstreams.schema.AlertSeverity;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Alert rules from configuration, one line each:
 * <pre>
 * customer-angry: when=emotion:angry k=2 n=3 role=customer severity=warning
 * customer-high-arousal-negative: when=arousal:high+valence:negative k=3 n=4 role=customer
 * customer-valence-drop: valence-drop=0.8 window=3 role=customer severity=info
 * </pre>
 * {@code when} joins conditions with {@code +} (all must hold): {@code emotion:X}, {@code arousal:G},
 * {@code valence:G}, with {@code *} for any value. A bad line fails start-up with the line and what is wrong with it.
 */
public final class AlertRules {
    /** The rules shipped in application.yml. */
    public static final List<String> DEFAULTS = List.of(
            "customer-angry: when=emotion:angry k=2 n=3 role=customer severity=warning",
            "customer-high-arousal-negative: when=arousal:high+valence:negative k=3 n=4 role=customer severity=warning",
            "customer-valence-drop: valence-drop=0.8 window=3 role=customer severity=info");

    private AlertRules() {
    }

    public static List<AlertRule> parse(List<String> lines) {
        List<AlertRule> rules = new ArrayList<>();
        for (String line : lines) {
            rules.add(parse(line));
        }
        if (rules.stream().map(AlertRule::name).distinct().count() != rules.size()) {
            throw new IllegalArgumentException("ser.alerts.rules: two rules share a name");
        }
        return rules;
    }

    public static AlertRule parse(String line) {
        int colon = line.indexOf(':');
        if (colon < 1) {
            throw new IllegalArgumentException("alert rule '" + line + "': expected 'name: key=value ...'");
        }
        String name = line.substring(0, colon).trim();
        Map<String, String> options = new HashMap<>();
        for (String part : line.substring(colon + 1).trim().split("\\s+")) {
            String[] kv = part.split("=", 2);
            if (kv.length != 2) {
                throw new IllegalArgumentException("alert rule '" + name + "': '" + part + "' is not key=value");
            }
            options.put(kv[0], kv[1]);
        }
        try {
            AlertSeverity severity = AlertSeverity.valueOf(options.getOrDefault("severity", "warning").toUpperCase(Locale.ROOT));
            String role = options.containsKey("role") ? options.get("role").toUpperCase(Locale.ROOT) : null;
            if (role != null && !List.of("AGENT", "CUSTOMER", "UNKNOWN").contains(role)) {
                throw new IllegalArgumentException("role must be agent, customer or unknown, not " + options.get("role"));
            }
            if (options.containsKey("valence-drop")) {
                return new ValenceDropRule(name, severity, role, Integer.parseInt(options.getOrDefault("window", "3")),
                        Double.parseDouble(options.get("valence-drop")));
            }
            String when = options.get("when");
            if (when == null) {
                throw new IllegalArgumentException("needs when=... or valence-drop=...");
            }
            return new SustainedEmotionRule(name, severity, role, when.replace('+', ' ').replace(':', ' '), condition(when),
                    Integer.parseInt(options.getOrDefault("k", "2")), Integer.parseInt(options.getOrDefault("n", "3")));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("alert rule '" + name + "': " + e.getMessage(), e);
        }
    }

    private static Predicate<ChannelHistory.Recent> condition(String when) {
        Predicate<ChannelHistory.Recent> all = r -> true;
        for (String term : when.split("\\+")) {
            String[] kv = term.split(":", 2);
            if (kv.length != 2) {
                throw new IllegalArgumentException("condition '" + term + "' is not emotion:X, arousal:G or valence:G");
            }
            String value = kv[1];
            if (value.equals("*")) {
                if (!List.of("emotion", "arousal", "valence").contains(kv[0])) {
                    throw new IllegalArgumentException("condition '" + term + "': unknown field " + kv[0]);
                }
                continue;
            }
            Predicate<ChannelHistory.Recent> one = switch (kv[0]) {
                case "emotion" -> r -> r.emotion().equals(value);
                case "arousal" -> r -> r.arousalGroup().equals(value);
                case "valence" -> r -> r.valenceGroup().equals(value);
                default -> throw new IllegalArgumentException("condition '" + term + "': unknown field " + kv[0]);
            };
            all = all.and(one);
        }
        return all;
    }
}
