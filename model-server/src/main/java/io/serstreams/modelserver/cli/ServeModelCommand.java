package io.serstreams.modelserver.cli;

import io.micronaut.runtime.server.EmbeddedServer;
import io.serstreams.modelserver.service.ModelService;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/** {@code ser serve-model}: the model over HTTP until the process is stopped. */
@Command(name = "serve-model", mixinStandardHelpOptions = true, version = ModelServerCli.VERSION,
        description = {"Serve the model over HTTP: GET /v1/model, POST /v1/classify (a WAV or FLAC upload in, the same JSON as classify out), "
                + "GET /health, GET /prometheus. Runs until stopped (Ctrl-C).",
                "Other settings (batch size, upload limit) come from model-server's application.yml and the environment "
                        + "(SER_MODEL_BATCH_SIZE, SER_MODEL_MAX_UPLOAD, ...); the options here win over both."},
        footerHeading = "%nExamples:%n",
        footer = {"  ./ser serve-model --port 9000",
                "  ./ser serve-model --model DIR --host 0.0.0.0 --port 0   # 0: any free port",
                "  curl -H 'Content-Type: audio/wav' --data-binary @call.wav \\",
                "       http://127.0.0.1:8088/v1/classify",
                "  # standardised by a tenant's profile (made with ser classify --adapt DIR --domain acme --domain-profile acme.json)",
                "  ./ser serve-model --domain-profile acme.json   # then POST .../v1/classify?domain=acme"})
final class ServeModelCommand implements Callable<Integer> {

    @Mixin
    ModelOptions model = new ModelOptions();

    @Option(names = "--host", paramLabel = "ADDRESS", description = "Address to listen on (default: 127.0.0.1, this machine only).")
    String host;

    @Option(names = "--port", paramLabel = "PORT", description = "Port to listen on, 0 for a free one (default: 8088).")
    Integer port;

    @Option(names = "--domain-profile", paramLabel = "FILE", description = "A domain profile (ser classify --adapt ... --domain-profile FILE) that uploads "
            + "may name with ?domain=NAME, NAME being the domain it was made for; repeatable.")
    List<Path> domainProfiles = new ArrayList<>();

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** The options given, as the service's properties (what is not given is left to its configuration). */
    Map<String, Object> properties() {
        Map<String, Object> properties = new LinkedHashMap<>();
        model.putServiceProperties(properties);
        if (host != null) {
            properties.put("micronaut.server.host", host);
        }
        if (port != null) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("--port takes 0 (a free port) to 65535, not " + port);
            }
            properties.put("micronaut.server.port", port);
        }
        if (!domainProfiles.isEmpty()) {
            properties.put("ser.model.domain-profiles", domainProfiles.stream().map(p -> p.toAbsolutePath().toString()).toList());
        }
        return properties;
    }

    /** Starts the service; start-up failures come back as {@link IllegalArgumentException}s saying what to change. */
    EmbeddedServer start() {
        Map<String, Object> properties = properties();
        try {
            return ModelService.start(properties);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(StartupFailure.describe(e, properties), e);
        }
    }

    @Override
    public Integer call() throws InterruptedException {
        EmbeddedServer server = start();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stopped.countDown();
        }, "serve-model-shutdown"));
        spec.commandLine().getErr().println("ser serve-model: serving on " + server.getURL() + " (Ctrl-C stops)");
        spec.commandLine().getErr().flush();
        stopped.await();
        return 0;
    }
}
