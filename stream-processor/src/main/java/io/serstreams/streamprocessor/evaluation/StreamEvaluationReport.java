package io.serstreams.streamprocessor.evaluation;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.serstreams.modelserver.quality.ConfusionMatrix;

import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * The figures of a {@link StreamEvaluation}: macro-F1 and unweighted accuracy over the clips whose label is one of
 * the model's classes, for each pass, for the takeover pass before and after the profile took over, and for the pool
 * pass on the same clips as each side of the takeover (so a difference is not a difference of clips).
 */
public final class StreamEvaluationReport {
    /** One row: which readings, how many clips were scored, and their scores (empty when none was). */
    public record Row(String readings, int clips, Optional<Double> macroF1, Optional<Double> unweightedAccuracy) {
    }

    private StreamEvaluationReport() {
    }

    public static List<Row> rows(StreamEvaluation.Result result) {
        List<String> classes = result.classes();
        ClipReadings.Pass takeover = result.takeover();
        Set<Path> before = takeover.readings().stream().filter(r -> !r.onProfile()).map(r -> r.clip().file()).collect(Collectors.toSet());
        Set<Path> after = takeover.readings().stream().filter(ClipReading::onProfile).map(r -> r.clip().file()).collect(Collectors.toSet());
        List<Row> rows = new ArrayList<>();
        rows.add(row("pool pass (no declared domain): all clips", result.pool().readings(), r -> true, classes));
        rows.add(row("takeover pass: clips read before the profile took over", takeover.readings(), r -> !r.onProfile(), classes));
        rows.add(row("pool pass: the same clips", result.pool().readings(), r -> before.contains(r.clip().file()), classes));
        rows.add(row("takeover pass: clips read after the profile took over", takeover.readings(), ClipReading::onProfile, classes));
        rows.add(row("pool pass: the same clips", result.pool().readings(), r -> after.contains(r.clip().file()), classes));
        rows.add(row("profile pass (profile in place from the start): all clips", result.profile().readings(), r -> true, classes));
        return rows;
    }

    private static Row row(String name, List<ClipReading> readings, Predicate<ClipReading> which, List<String> classes) {
        List<ClipReading> scored = readings.stream().filter(which).filter(r -> classes.contains(r.clip().emotion())).toList();
        if (scored.isEmpty()) {
            return new Row(name, 0, Optional.empty(), Optional.empty());
        }
        int[] truth = scored.stream().mapToInt(r -> classes.indexOf(r.clip().emotion())).toArray();
        int[] predicted = scored.stream().mapToInt(r -> classes.indexOf(r.predicted())).toArray();
        ConfusionMatrix m = ConfusionMatrix.of(classes, truth, predicted);
        return new Row(name, scored.size(), Optional.of(m.macroF1()), Optional.of(m.unweightedAccuracy()));
    }

    public static String markdown(StreamEvaluation.Result result, String command) {
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "## Stream: %s replayed as calls under the declared domain %s%n%n", result.domain(), result.profileKey()));
        out.append(String.format(Locale.ROOT, "Model %s; %d clips, %.0f s of calls per pass; the profile takes over after %.0f s of speech (ser.profiles.min-speech), "
                        + "published at most every %s. Scored: the clips labelled %s, each read as the mean of its speech events.%n%n",
                result.model(), result.clips(), result.callSeconds(), result.profiles().minSpeechSeconds(), result.profiles().publishEvery(),
                String.join(", ", result.classes())));
        out.append("| readings | clips | macro-F1 | UA |\n|---|---:|---:|---:|\n");
        for (Row row : rows(result)) {
            out.append(String.format(Locale.ROOT, "| %s | %d | %s | %s |%n", row.readings(), row.clips(), format(row.macroF1()), format(row.unweightedAccuracy())));
        }
        out.append('\n');
        for (var pass : List.of(Map.entry("pool", result.pool()), Map.entry("takeover", result.takeover()), Map.entry("profile", result.profile()))) {
            out.append(String.format(Locale.ROOT, "- %s pass: %d clips read, %d without a speech event, %d no-speech events, %d events outside every clip%n",
                    pass.getKey(), pass.getValue().readings().size(), pass.getValue().clipsWithoutSpeechEvent(), pass.getValue().noSpeechEvents(),
                    pass.getValue().eventsOutsideClips()));
        }
        out.append("\nReproduce: `").append(command).append("`\n");
        return out.toString();
    }

    public static String json(StreamEvaluation.Result result, String command) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("domain", result.domain());
        doc.put("profileKey", result.profileKey());
        doc.put("model", result.model());
        doc.put("clips", result.clips());
        doc.put("callSecondsPerPass", result.callSeconds());
        doc.put("minSpeechSeconds", result.profiles().minSpeechSeconds());
        List<Map<String, Object>> rows = new ArrayList<>();
        for (Row row : rows(result)) {
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("readings", row.readings());
            r.put("clips", row.clips());
            r.put("macroF1", row.macroF1().orElse(null));
            r.put("unweightedAccuracy", row.unweightedAccuracy().orElse(null));
            rows.add(r);
        }
        doc.put("rows", rows);
        doc.put("command", command);
        try {
            return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(doc);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String format(Optional<Double> value) {
        return value.map(v -> String.format(Locale.ROOT, "%.3f", v)).orElse("-");
    }
}
