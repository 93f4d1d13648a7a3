package io.serstreams.modelserver.service;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micronaut.context.annotation.Requires;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Error;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.http.exceptions.BufferLengthExceededException;
import io.micronaut.http.exceptions.ContentLengthExceededException;
import io.micronaut.http.server.HttpServerConfiguration;
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
 * the file line of {@code ser classify} out, with its segment lines under {@code segmentResults}.
 * Errors are JSON: {@code {"status": 400, "error": "..."}}.
 */
// Applications that embed the model server (the stream processor) switch it off where they run no model.
@Requires(property = "ser.model.enabled", notEquals = "false")
@Controller("/v1")
public class ModelController {
    /** The name an upload goes by in results and errors when the request gives none. */
    static final String UPLOAD = "upload";
    private final InferenceEngine engine;
    private final FileClassifier classifier;
    private final ServedProfiles profiles;
    private final ResultJson results;
    private final UploadLimit limit;
    private final ObjectMapper json = ModelBundle.json();

    public ModelController(InferenceEngine engine, MeteredClassifier metered, ModelSettings settings, HttpServerConfiguration server,
                           ServedProfiles profiles) {
        this.engine = engine;
        this.classifier = new FileClassifier(engine, metered, settings.getBatchSize());
        this.profiles = profiles;
        this.results = new ResultJson(engine.manifest());
        this.limit = UploadLimit.of(server);
    }

    @Get(value = "/model", produces = MediaType.APPLICATION_JSON)
    public String model() throws Exception {
        return json.writeValueAsString(engine.manifest());
    }

    /** The domain profiles uploads may name: domain, segments and seconds of speech each was made of. */
    @Get(value = "/domain-profiles", produces = MediaType.APPLICATION_JSON)
    public String domains() {
        var list = json.createArrayNode();
        profiles.all().forEach(p -> list.addObject().put("domain", p.domain()).put("segments", p.segments()).put("speechSeconds", p.speechSeconds()));
        return list.toString();
    }

    /**
     * Upload types accepted (others get 415); the audio format itself is told by the bytes.
     *
     * @param name   what to call the upload in the result and in errors (default: upload)
     * @param domain the domain profile to standardise by (one the service was started with); none: the training pool's statistics
     */
    @Post(value = "/classify", consumes = {"audio/wav", "audio/x-wav", "audio/wave", "audio/vnd.wave", "audio/flac", "audio/x-flac",
            MediaType.APPLICATION_OCTET_STREAM}, produces = MediaType.APPLICATION_JSON)
    @ExecuteOn(TaskExecutors.BLOCKING)
    public HttpResponse<String> classify(@Body byte[] audio, @Nullable @QueryValue String name, @Nullable @QueryValue String domain) {
        String source = name == null || name.isBlank() ? UPLOAD : name;
        FileClassifier reader = classifier;
        if (domain != null && !domain.isBlank()) {
            var profile = profiles.of(domain);
            if (profile.isEmpty()) {
                return error(HttpStatus.BAD_REQUEST, "no domain profile '" + domain + "': the service has "
                        + (profiles.all().isEmpty() ? "none (start it with --domain-profile FILE)" : profiles.all().stream().map(p -> p.domain()).toList()));
            }
            reader = classifier.withProfile(profile.get());
        }
        FileClassifier.FileResult result;
        try {
            result = reader.classify(AudioFiles.decode(audio, source));
        } catch (AudioFormatException e) {
            return error(HttpStatus.BAD_REQUEST, e.getMessage());
        }
        return HttpResponse.ok(results.write(results.fileWithSegments(source, result)));
    }

    // Global: the body is measured before any route is chosen.
    @Error(global = true, exception = ContentLengthExceededException.class)
    public HttpResponse<String> contentTooLong(HttpRequest<?> request) {
        return error(HttpStatus.REQUEST_ENTITY_TOO_LARGE, limit.refusal(request.getContentLength()));
    }

    @Error(global = true, exception = BufferLengthExceededException.class)
    public HttpResponse<String> bufferTooLong(HttpRequest<?> request, BufferLengthExceededException e) {
        return error(HttpStatus.REQUEST_ENTITY_TOO_LARGE, limit.refusal(Math.max(request.getContentLength(), e.getReceivedLength())));
    }

    private HttpResponse<String> error(HttpStatus status, String message) {
        String body = json.createObjectNode().put("status", status.getCode()).put("error", message).toString();
        return HttpResponse.<String>status(status).contentType(MediaType.APPLICATION_JSON_TYPE).body(body);
    }
}
