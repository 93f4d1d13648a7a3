package io.serstreams.modelserver.classify;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.serstreams.modelserver.bundle.ModelManifest;
import io.serstreams.modelserver.engine.DimensionResult;
import io.serstreams.modelserver.engine.SegmentPrediction;

import java.util.List;

/** The JSON shape of classification results, shared by the command line and the HTTP service. */
public final class ResultJson {
    private final ObjectMapper json = new ObjectMapper();
    private final ModelManifest manifest;

    public ResultJson(ModelManifest manifest) {
        this.manifest = manifest;
    }

    public ObjectNode segment(String file, FileClassifier.SegmentResult r) {
        ObjectNode node = json.createObjectNode().put("type", "segment");
        if (file != null) {
            node.put("file", file);
        }
        node.put("channel", r.channel()).put("segment", r.segment().index())
                .put("startMs", r.segment().startMs()).put("endMs", r.segment().endMs())
                .put("voicedRatio", round(r.segment().voicedRatio()));
        prediction(node, r.prediction());
        return node;
    }

    public ObjectNode file(String file, FileClassifier.FileResult result) {
        ObjectNode node = json.createObjectNode().put("type", "file");
        if (file != null) {
            node.put("file", file);
        }
        node.put("channels", result.audio().channelCount())
                .put("sampleRate", result.audio().sampleRate())
                .put("durationMs", Math.round(result.audio().durationSeconds() * 1000))
                .put("segments", result.segments().size());
        if (result.overall() == null) {
            node.putNull("emotion");
            node.put("model", modelName());
            return node;
        }
        prediction(node, result.overall());
        return node;
    }

    private void prediction(ObjectNode node, SegmentPrediction p) {
        node.put("emotion", p.emotion());
        distribution(node.putObject("probabilities"), manifest.labels().emotion(), p.emotionProbabilities());
        dimension(node.putObject("arousal"), p.arousal(), manifest.labels().arousal());
        dimension(node.putObject("valence"), p.valence(), manifest.labels().valence());
        node.putObject("domain").put("nearest", p.nearestDomain()).put("confidence", round(p.domainConfidence()))
                .put("outOfDomain", p.outOfDomain());
        node.put("model", modelName());
    }

    private String modelName() {
        return manifest.name() + " " + manifest.version();
    }

    private static void dimension(ObjectNode node, DimensionResult d, List<String> groups) {
        node.put("group", d.group()).put("score", round(d.score()));
        distribution(node.putObject("probabilities"), groups, d.probabilities());
    }

    private static void distribution(ObjectNode node, List<String> labels, float[] values) {
        for (int i = 0; i < labels.size(); i++) {
            node.put(labels.get(i), round(values[i]));
        }
    }

    private static double round(float value) {
        return Math.round(value * 1e4) / 1e4;
    }
}
