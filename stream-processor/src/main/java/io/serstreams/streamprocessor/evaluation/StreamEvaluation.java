package io.serstreams.streamprocessor.evaluation;

import io.serstreams.schema.DeclaredDomain;
import io.serstreams.schema.EmotionEvent;
import io.serstreams.streamprocessor.app.ProfilesSettings;
import io.serstreams.streamprocessor.embedded.EmbeddedDemo;
import io.serstreams.streamprocessor.profiles.ProfileSettings;
import io.serstreams.streamprocessor.replay.CallReplayer;

import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Labelled clips replayed as calls through a running pipeline, three times: declaring no domain (the training
 * pool's statistics throughout), then under one declared domain whose profile starts empty and takes over once
 * it has heard the configured minimum of speech, then under that domain again with its profile in place. Each
 * pass's events are read back (committed only) and turned into readings of the clips.
 */
public final class StreamEvaluation {
    /** What the calls declare and how fast the takeover pass is replayed (0: as fast as possible). */
    public record Settings(String domain, EvaluationCalls.Layout layout, double takeoverSpeed, Duration quiet, Duration limit) {
    }

    /** The three passes' readings, with what they ran under. */
    public record Result(String domain, String profileKey, List<String> classes, String model, ProfileSettings profiles, int clips, double callSeconds,
                         ClipReadings.Pass pool, ClipReadings.Pass takeover, ClipReadings.Pass profile) {
    }

    private final EmbeddedDemo demo;
    private final PrintStream progress;

    public StreamEvaluation(EmbeddedDemo demo, PrintStream progress) {
        this.demo = demo;
        this.progress = progress;
    }

    public Result run(List<LabelledClip> clips, Settings settings, List<String> classes, String model) throws InterruptedException {
        ProfileSettings profiles = demo.application().getBean(ProfilesSettings.class).settings();
        if (!profiles.enabled()) {
            throw new IllegalArgumentException("domain profiles are off (ser.profiles.enabled=false): there is nothing to take over");
        }
        DeclaredDomain declared = DeclaredDomain.newBuilder().setTenant(settings.domain()).build();
        String key = profiles.key().of(declared);
        String run = Long.toString(System.currentTimeMillis() % 1_000_000, 36);
        Instant start = Instant.now();
        List<EvaluationCall> pooled = EvaluationCalls.assemble(clips, settings.layout(), "eval-" + run + "-pool", null, start);
        double seconds = pooled.stream().mapToDouble(c -> c.recording().durationSeconds()).sum();
        progress.printf(Locale.ROOT, "stream-evaluate: %d clips of %d speakers, %.0f s of calls per pass over %s; profile %s takes over after %.0f s of speech%n",
                clips.size(), pooled.size(), seconds, settings.layout().line().label(), key, profiles.minSpeechSeconds());
        ClipReadings.Pass pool = pass("1/3 pool (no declared domain)", pooled, 0, settings, classes);
        ClipReadings.Pass takeover = pass("2/3 takeover (domain " + settings.domain() + ", profile empty at first)",
                EvaluationCalls.assemble(clips, settings.layout(), "eval-" + run + "-takeover", declared, start), settings.takeoverSpeed(), settings, classes);
        ClipReadings.Pass profile = pass("3/3 profile (domain " + settings.domain() + " again)",
                EvaluationCalls.assemble(clips, settings.layout(), "eval-" + run + "-profile", declared, start), 0, settings, classes);
        return new Result(settings.domain(), key, classes, model, profiles, clips.size(), seconds, pool, takeover, profile);
    }

    private ClipReadings.Pass pass(String name, List<EvaluationCall> calls, double speed, Settings settings, List<String> classes) throws InterruptedException {
        Set<String> ids = calls.stream().map(EvaluationCall::callId).collect(Collectors.toSet());
        try (EventCollector collector = new EventCollector(demo.bootstrapServers(), demo.registry(), ids)) {
            long began = System.currentTimeMillis();
            progress.printf("stream-evaluate: pass %s: replaying %d calls %s%n", name, calls.size(), speed == 0 ? "as fast as possible" : "at " + speed + "x real time");
            demo.replay(calls.stream().map(EvaluationCall::recording).toList(), speed, CallReplayer.Progress.NONE);
            List<EmotionEvent> events = collector.drain(settings.quiet(), settings.limit());
            ClipReadings.Pass pass = ClipReadings.of(calls, events, classes);
            long onProfile = pass.readings().stream().filter(ClipReading::onProfile).count();
            progress.printf(Locale.ROOT, "stream-evaluate: pass %s: %d events, %d clips read (%d on the domain's profile), %d without a speech event, %.0f s%n",
                    name, events.size(), pass.readings().size(), onProfile, pass.clipsWithoutSpeechEvent(), (System.currentTimeMillis() - began) / 1000.0);
            return pass;
        }
    }
}
