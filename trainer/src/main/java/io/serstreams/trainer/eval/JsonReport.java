package io.serstreams.trainer.eval;

import io.serstreams.modelserver.quality.ConfusionMatrix;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.UncheckedIOException;
import java.util.List;
import java.util.OptionalDouble;

/** JSON form of a report; expects runs already in report order (see {@link ResultsReport}). */
final class JsonReport {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    // "\n" rather than the platform separator, so the file is byte-identical on every OS.
    private static final DefaultPrettyPrinter PRINTER =
            new DefaultPrettyPrinter().withObjectIndenter(new DefaultIndenter("  ", "\n"));

    private JsonReport() {
    }

    static String render(List<ProtocolResult> runs, String commandLine) {
        // A tree built field by field fixes the key order, which bean serialisation does not promise.
        ObjectNode root = MAPPER.createObjectNode();
        root.put("command", commandLine);
        ArrayNode results = root.putArray("results");
        for (ProtocolResult run : runs) {
            ObjectNode r = results.addObject();
            r.put("protocol", run.protocol());
            r.put("variant", run.variant());
            r.put("seed", run.seed());
            r.put("meanMacroF1", run.meanMacroF1());
            r.put("meanUnweightedAccuracy", run.meanUnweightedAccuracy());
            ArrayNode domains = r.putArray("domains");
            run.domains().forEach(d -> domain(domains.addObject(), d));
        }
        try {
            return MAPPER.writer(PRINTER).writeValueAsString(root) + "\n";
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e); // cannot happen for a tree of strings and numbers
        }
    }

    private static void domain(ObjectNode out, DomainResult d) {
        ConfusionMatrix m = d.emotions();
        out.put("domain", d.domain());
        m.classNames().forEach(out.putArray("classes")::add);
        ArrayNode counts = out.putArray("counts");
        ArrayNode support = out.putArray("support");
        ArrayNode precision = out.putArray("precision");
        ArrayNode recall = out.putArray("recall");
        ArrayNode f1 = out.putArray("f1");
        for (int t = 0; t < m.size(); t++) {
            ArrayNode row = counts.addArray();
            for (int p = 0; p < m.size(); p++) {
                row.add(m.count(t, p));
            }
            support.add(m.support(t));
            add(precision, m.precision(t));
            add(recall, m.recall(t));
            add(f1, m.f1(t));
        }
        out.put("macroF1", m.macroF1());
        out.put("unweightedAccuracy", m.unweightedAccuracy());
        out.put("weightedAccuracy", m.weightedAccuracy());
        put(out, "arousalAccuracy", d.arousalAccuracy());
        put(out, "valenceAccuracy", d.valenceAccuracy());
    }

    // Undefined values are JSON null, never NaN, which JSON cannot carry.
    private static void add(ArrayNode array, OptionalDouble value) {
        if (value.isPresent()) {
            array.add(value.getAsDouble());
        } else {
            array.addNull();
        }
    }

    private static void put(ObjectNode object, String field, OptionalDouble value) {
        if (value.isPresent()) {
            object.put(field, value.getAsDouble());
        } else {
            object.putNull(field);
        }
    }

    /** The runs of a report {@link #render} wrote, rebuilt from their confusion counts. */
    static List<ProtocolResult> read(String json, String source) {
        try {
            JsonNode root = MAPPER.readTree(json);
            List<ProtocolResult> runs = new java.util.ArrayList<>();
            for (JsonNode r : root.path("results")) {
                List<DomainResult> domains = new java.util.ArrayList<>();
                for (JsonNode d : r.path("domains")) {
                    List<String> classes = new java.util.ArrayList<>();
                    d.path("classes").forEach(c -> classes.add(c.asText()));
                    List<Integer> truth = new java.util.ArrayList<>();
                    List<Integer> predicted = new java.util.ArrayList<>();
                    JsonNode counts = d.path("counts");
                    for (int t = 0; t < counts.size(); t++) {
                        for (int p = 0; p < counts.get(t).size(); p++) {
                            for (int n = 0; n < counts.get(t).get(p).asInt(); n++) {
                                truth.add(t);
                                predicted.add(p);
                            }
                        }
                    }
                    ConfusionMatrix matrix = ConfusionMatrix.of(classes, truth.stream().mapToInt(Integer::intValue).toArray(),
                            predicted.stream().mapToInt(Integer::intValue).toArray());
                    domains.add(new DomainResult(d.path("domain").asText(), matrix, optional(d, "arousalAccuracy"), optional(d, "valenceAccuracy")));
                }
                runs.add(new ProtocolResult(r.path("protocol").asText(), r.path("variant").asText(), r.path("seed").asLong(), domains));
            }
            return runs;
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw new IllegalArgumentException(source + ": not a results file written by ser protocols (" + e.getMessage() + ")");
        }
    }

    private static OptionalDouble optional(JsonNode d, String field) {
        JsonNode v = d.get(field);
        return v == null || v.isNull() ? OptionalDouble.empty() : OptionalDouble.of(v.asDouble());
    }
}
