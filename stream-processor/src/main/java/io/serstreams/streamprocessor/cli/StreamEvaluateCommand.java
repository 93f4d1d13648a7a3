package io.serstreams.streamprocessor.cli;

import io.serstreams.featureextractor.features.TelephoneLine;
import io.serstreams.modelserver.engine.InferenceEngine;
import io.serstreams.streamprocessor.embedded.EmbeddedDemo;
import io.serstreams.streamprocessor.evaluation.EvaluationCalls;
import io.serstreams.streamprocessor.evaluation.LabelledClip;
import io.serstreams.streamprocessor.evaluation.LabelledManifest;
import io.serstreams.streamprocessor.evaluation.StreamEvaluation;
import io.serstreams.streamprocessor.evaluation.StreamEvaluationReport;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code ser stream-evaluate}: a labelled manifest replayed as calls through the whole pipeline on the embedded
 * broker, to measure what a domain's profile does in the stream: macro-F1 of the events before and after it
 * takes over, against the same clips on the training pool's statistics.
 */
@Command(name = "stream-evaluate", mixinStandardHelpOptions = true,
        description = "Replay a labelled manifest (./ser manifest) as calls, one per speaker, through the pipeline on the embedded broker: "
                + "once declaring no domain, once under --domain while its profile builds up and takes over, once more with the profile in place; "
                + "print macro-F1 of the events (Markdown, or --json) before and after the takeover.",
        footerHeading = "%nExample:%n",
        footer = {"  ./ser manifest --domains emodb --speakers test --out target/manifests/emodb-test.csv",
                "  ./ser stream-evaluate --manifest target/manifests/emodb-test.csv --domain emodb --line mu-law"})
public final class StreamEvaluateCommand implements Callable<Integer> {
    @Option(names = "--manifest", required = true, paramLabel = "CSV", description = "Labelled clips: a header with path,speaker,emotion (./ser manifest writes one).")
    Path manifest;

    @Option(names = "--domain", required = true, paramLabel = "NAME", description = "Tenant the calls of the second and third pass declare.")
    String domain;

    @Option(names = "--line", defaultValue = "wideband", paramLabel = "wideband|mu-law|a-law",
            description = "Line the calls are heard over: wideband (16-bit PCM at 16 kHz) or a G.711 telephone line at 8 kHz (default: ${DEFAULT-VALUE}).")
    String line;

    @Option(names = "--model", paramLabel = "DIR", description = "Model bundle the pipeline runs (default: models/mpgln).")
    Path model;

    @Option(names = "--min-speech", defaultValue = "PT2M", description = "ser.profiles.min-speech: speech the domain's profile needs before it takes over (default: ${DEFAULT-VALUE}).")
    Duration minSpeech;

    @Option(names = "--publish-every", defaultValue = "PT2S", description = "ser.profiles.publish-every (default: ${DEFAULT-VALUE}).")
    Duration publishEvery;

    @Option(names = "--speed", defaultValue = "4", description = "Replay speed of the takeover pass, times real time; 0: as fast as possible (default: ${DEFAULT-VALUE}).")
    double speed;

    @Option(names = "--pause", defaultValue = "2.5", description = "Seconds of silence between clips; longer than a segment window (1.92 s) keeps each segment within one clip "
            + "(default: ${DEFAULT-VALUE}).")
    double pause;

    @Option(names = "--seed", defaultValue = "1", description = "Order of each speaker's clips in their call (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--json", description = "Print JSON instead of Markdown.")
    boolean json;

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        TelephoneLine heardOver = TelephoneLine.parse(line);
        if (minSpeech.isNegative() || minSpeech.isZero()) {
            throw new IllegalArgumentException("--min-speech must be positive, not " + minSpeech);
        }
        if (speed < 0) {
            throw new IllegalArgumentException("--speed must be 0 (as fast as possible) or positive, not " + speed);
        }
        List<LabelledClip> clips = LabelledManifest.read(manifest);
        PrintStream err = System.err;
        Map<String, Object> overrides = Map.of("ser.profiles.enabled", true, "ser.profiles.key", "tenant", "ser.profiles.min-speech", minSpeech.toMillis() + "ms",
                "ser.profiles.publish-every", publishEvery.toMillis() + "ms", "micronaut.server.port", -1, "ser.dashboard.enabled", false);
        try (EmbeddedDemo demo = EmbeddedDemo.start(new EmbeddedDemo.Settings(null, null, 0, 0, -1, 4, model, overrides), err)) {
            InferenceEngine engine = demo.application().getBean(InferenceEngine.class);
            String modelName = engine.manifest().name() + " " + engine.manifest().version();
            StreamEvaluation.Settings settings = new StreamEvaluation.Settings(domain, new EvaluationCalls.Layout(heardOver, pause, seed, 200), speed,
                    Duration.ofSeconds(10), Duration.ofMinutes(30));
            StreamEvaluation.Result result = new StreamEvaluation(demo, err).run(clips, settings, engine.manifest().labels().emotion(), modelName);
            String command = "./ser " + String.join(" ", spec.commandLine().getParseResult().originalArgs());
            spec.commandLine().getOut().println(json ? StreamEvaluationReport.json(result, command) : StreamEvaluationReport.markdown(result, command));
        }
        return 0;
    }
}
