package io.serstreams.modelserver.classify;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.serstreams.modelserver.bundle.ModelManifest;
import io.serstreams.modelserver.engine.DimensionResult;
import io.serstreams.modelserver.engine.SegmentPrediction;
import io.serstreams.schema.ChannelRole;

import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;
import java.util.Locale;

/**
 * The JSON of classification results, the one writer behind {@code ser classify} and
 * {@code POST /v1/classify}: a segment line per segment, and a file line with a reading per channel.
 * Probabilities, scores and ratios are written as plain decimals with four digits after the point.
 */
public final class ResultJson {
    private static final int DIGITS = 4;
    private final ObjectMapper json = new ObjectMapper().enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN);
    private final ModelManifest manifest;

    public ResultJson(ModelManifest manifest) {
        this.manifest = manifest;
    }

    /** One segment's line. */
    public ObjectNode segment(String file, FileClassifier.SegmentResult r) {
        ObjectNode node = json.createObjectNode().put("type", "segment").put("file", file);
        node.put("channel", r.channel()).put("role", role(r.role())).put("segment", r.segment().index())
                .put("startMs", r.segment().startMs()).put("endMs", r.segment().endMs())
                .put("voicedRatio", decimal(r.segment().voicedRatio()));
        SegmentPrediction p = r.prediction();
        node.put("speech", p.speech().speech());
        if (p.speech().speech()) {
            prediction(node, p);
        } else {
            node.putNull("emotion");
            node.put("reason", "no speech: " + p.speech().reason());
        }
        node.put("model", modelName());
        return node;
    }

    /**
     * The file's line: its format, the domain profile its segments were standardised by ({@code domainProfile},
     * null for the training pool's statistics), then a reading per channel under {@code byChannel}. A mono file's
     * one reading is also written at the top, as the file's.
     */
    public ObjectNode file(String file, FileClassifier.FileResult result) {
        ObjectNode node = json.createObjectNode().put("type", "file").put("file", file);
        node.put("channels", result.audio().channelCount())
                .put("sampleRate", result.audio().sampleRate())
                .put("durationMs", Math.round(result.audio().durationSeconds() * 1000))
                .put("segments", result.segments().size());
        if (result.profile() == null) {
            node.putNull("domainProfile");
        } else {
            node.putObject("domainProfile").put("domain", result.profile().domain()).put("segments", result.profile().segments())
                    .put("speechSeconds", decimal(result.profile().speechSeconds()));
        }
        if (result.channels().size() == 1) {
            reading(node, result.channels().get(0));
        }
        ArrayNode channels = node.putArray("byChannel");
        for (FileClassifier.ChannelResult channel : result.channels()) {
            ObjectNode c = channels.addObject().put("channel", channel.channel()).put("role", role(channel.role()))
                    .put("segments", channel.segments().size());
            reading(c, channel);
        }
        node.put("model", modelName());
        return node;
    }

    /** The file's line with its segments' lines under {@code segmentResults}: the HTTP service's reply. */
    public ObjectNode fileWithSegments(String file, FileClassifier.FileResult result) {
        ObjectNode node = file(file, result);
        ArrayNode segments = node.putArray("segmentResults");
        result.segments().forEach(s -> segments.add(segment(file, s)));
        return node;
    }

    /** A node as one line of JSON text. */
    public String write(JsonNode node) {
        try {
            return json.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A number as this writer puts it: a plain decimal with four digits after the point. */
    public static BigDecimal decimal(double value) {
        return BigDecimal.valueOf(value).setScale(DIGITS, RoundingMode.HALF_EVEN);
    }

    static String role(ChannelRole role) {
        return role.name().toLowerCase(Locale.ROOT);
    }

    private void reading(ObjectNode node, FileClassifier.ChannelResult channel) {
        node.put("speech", channel.overall() != null);
        if (channel.overall() == null) {
            node.putNull("emotion");
            node.put("reason", channel.reason());
        } else {
            prediction(node, channel.overall());
        }
    }

    private void prediction(ObjectNode node, SegmentPrediction p) {
        node.put("emotion", p.emotion());
        distribution(node.putObject("probabilities"), manifest.labels().emotion(), p.emotionProbabilities());
        dimension(node.putObject("arousal"), p.arousal(), manifest.labels().arousal());
        dimension(node.putObject("valence"), p.valence(), manifest.labels().valence());
        node.putObject("domain").put("nearest", p.nearestDomain()).put("confidence", decimal(p.domainConfidence()))
                .put("outOfDomain", p.outOfDomain());
    }

    private String modelName() {
        return manifest.name() + " " + manifest.version();
    }

    private static void dimension(ObjectNode node, DimensionResult d, List<String> groups) {
        node.put("group", d.group()).put("score", decimal(d.score()));
        distribution(node.putObject("probabilities"), groups, d.probabilities());
    }

    private static void distribution(ObjectNode node, List<String> labels, float[] values) {
        for (int i = 0; i < labels.size(); i++) {
            node.put(labels.get(i), decimal(values[i]));
        }
    }
}
