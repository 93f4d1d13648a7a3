package io.serstreams.modelserver.service;

import io.micronaut.context.annotation.Requires;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Post;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.serstreams.featureextractor.audio.AudioFiles;
import io.serstreams.featureextractor.audio.AudioFormatException;
import io.serstreams.modelserver.bundle.ModelBundle;
import io.serstreams.modelserver.classify.FileClassifier;
import io.serstreams.modelserver.classify.ResultJson;
import io.serstreams.modelserver.engine.InferenceEngine;

/**
 * {@code GET /v1/model}: the bundle's manifest. {@code POST /v1/classify}: a WAV or FLAC upload in,
 * the same JSON as {@code ser classify} out (the file's reading and each segment's).
 */
// Applications that embed the model server (the stream processor) switch it off where they run no model.
@Requires(property = "ser.model.enabled", notEquals = "false")
@Controller("/v1")
public class ModelController {
    private final InferenceEngine engine;
    private final FileClassifier classifier;
    private final ResultJson results;
    private final ObjectMapper json = ModelBundle.json();

    public ModelController(InferenceEngine engine, MeteredClassifier metered, ModelSettings settings) {
        this.engine = engine;
        this.classifier = new FileClassifier(engine, metered, settings.getBatchSize());
        this.results = new ResultJson(engine.manifest());
    }

    @Get(value = "/model", produces = MediaType.APPLICATION_JSON)
    public String model() throws Exception {
        return json.writeValueAsString(engine.manifest());
    }

    /** Upload types accepted (others get 415); the audio format itself is told by the bytes. */
    @Post(value = "/classify", consumes = {"audio/wav", "audio/x-wav", "audio/wave", "audio/vnd.wave", "audio/flac", "audio/x-flac",
            MediaType.APPLICATION_OCTET_STREAM}, produces = MediaType.APPLICATION_JSON)
    @ExecuteOn(TaskExecutors.BLOCKING)
    public HttpResponse<String> classify(@Body byte[] audio) throws Exception {
        FileClassifier.FileResult result;
        try {
            result = classifier.classify(AudioFiles.decode(audio, "upload"));
        } catch (AudioFormatException e) {
            ObjectNode error = json.createObjectNode().put("status", 400).put("error", e.getMessage());
            return HttpResponse.<String>status(HttpStatus.BAD_REQUEST).body(error.toString());
        }
        ObjectNode body = results.file(null, result);
        ArrayNode segments = body.putArray("segmentResults");
        result.segments().forEach(s -> segments.add(results.segment(null, s)));
        return HttpResponse.ok(body.toString());
    }
}
