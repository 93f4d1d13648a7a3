package io.serstreams.streamprocessor.replay;

import io.serstreams.featureextractor.audio.AudioFiles;
import io.serstreams.featureextractor.features.Resampling;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Turns spoken by eSpeak NG on this machine: the WebAssembly build from npm, which the build
 * installs into {@code target/speech-npm} beside our script {@code synthesise.mjs}, run by Node.js.
 * Each party speaks with its cast voice; each delivery has its own pitch, rate, loudness and
 * pauses between words (an angry customer higher, faster and louder, a sad one lower and slower).
 */
public final class SpeechSynthesiser implements TurnVoices {
    private static final int RATE = 16000;
    private static final long TIMEOUT_SECONDS = 300;

    /** eSpeak NG's prosody settings: pitch 0-99, rate in words per minute, amplitude 0-200, gap between words in 10 ms. */
    record Prosody(int pitch, int rate, int amplitude, int wordGap) {
        static Prosody of(CallScript.Delivery delivery) {
            return switch (delivery) {
                case NEUTRAL -> new Prosody(50, 175, 100, 0);
                case CALM -> new Prosody(42, 160, 85, 1);
                case CALM_STRONG -> new Prosody(40, 155, 95, 2);
                case HAPPY -> new Prosody(70, 185, 115, 0);
                case HAPPY_STRONG -> new Prosody(80, 195, 130, 0);
                case SAD -> new Prosody(30, 140, 70, 3);
                case ANGRY -> new Prosody(70, 205, 135, 0);
                case ANGRY_STRONG -> new Prosody(85, 230, 160, 0);
            };
        }
    }

    private final Path npmDir;

    private SpeechSynthesiser(Path npmDir) {
        this.npmDir = npmDir;
    }

    /**
     * The synthesiser the build installed beside this module's classes ({@code target/speech-npm}).
     *
     * @throws IllegalStateException when it is not installed or Node.js is missing
     */
    public static SpeechSynthesiser installed() {
        CodeSource code = SpeechSynthesiser.class.getProtectionDomain().getCodeSource();
        try {
            if (code != null && code.getLocation() != null && code.getLocation().getProtocol().equals("file")) {
                // target/classes or target/stream-processor-*.jar: the build's npm folder is beside either.
                return at(Path.of(code.getLocation().toURI()).getParent().resolve("speech-npm"));
            }
        } catch (URISyntaxException e) {
            // reported below
        }
        throw new IllegalStateException("cannot tell where this module was built, so eSpeak NG cannot be found; give --corpus DIR or --calls DIR");
    }

    /** The synthesiser installed in {@code npmDir} (holding synthesise.mjs and node_modules/espeak-ng). */
    public static SpeechSynthesiser at(Path npmDir) {
        if (!Files.isRegularFile(npmDir.resolve("synthesise.mjs")) || !Files.isDirectory(npmDir.resolve("node_modules/espeak-ng"))) {
            throw new IllegalStateException("eSpeak NG is not installed in " + npmDir + ": build the stream-processor module (it runs npm ci there), "
                    + "or give --corpus DIR or --calls DIR");
        }
        return new SpeechSynthesiser(npmDir);
    }

    @Override
    public List<float[]> speak(CallScript script) {
        Path work = temporaryFolder();
        try {
            StringBuilder turns = new StringBuilder();
            for (int i = 0; i < script.turns().size(); i++) {
                CallScript.Turn turn = script.turns().get(i);
                Prosody prosody = Prosody.of(turn.delivery());
                if (turn.line().matches(".*[\\t\\n\\r].*")) {
                    throw new IllegalArgumentException("turn " + i + " of " + script.name() + " holds a tab or line break");
                }
                turns.append(String.format(Locale.ROOT, "%03d.wav\t%s\t%d\t%d\t%d\t%d\t%s%n", i, script.cast(turn.party()).syntheticVoice(), prosody.pitch(),
                        prosody.rate(), prosody.amplitude(), prosody.wordGap(), turn.line()));
            }
            run(work, turns.toString());
            List<float[]> spoken = new ArrayList<>();
            for (int i = 0; i < script.turns().size(); i++) {
                var audio = AudioFiles.read(work.resolve(String.format(Locale.ROOT, "%03d.wav", i)));
                spoken.add(Resampling.resample(audio.channels()[0], audio.sampleRate(), RATE));
            }
            return spoken;
        } finally {
            delete(work);
        }
    }

    @Override
    public String key() {
        return "espeak-ng";
    }

    @Override
    public String provenance() {
        return "synthesised with eSpeak NG";
    }

    private void run(Path work, String turns) {
        Process node;
        try {
            node = new ProcessBuilder("node", npmDir.resolve("synthesise.mjs").toString(), work.toString()).directory(npmDir.toFile())
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        } catch (IOException e) {
            throw new IllegalStateException("no 'node' on the PATH to run eSpeak NG (install Node.js 18 or newer), or give --corpus DIR or --calls DIR");
        }
        try {
            try (OutputStream in = node.getOutputStream()) {
                in.write(turns.getBytes(StandardCharsets.UTF_8));
            }
            String errors = new String(node.getErrorStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (!node.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                node.destroyForcibly();
                throw new IllegalStateException("eSpeak NG did not finish within " + TIMEOUT_SECONDS + " s");
            }
            if (node.exitValue() != 0) {
                throw new IllegalStateException("eSpeak NG failed (exit " + node.exitValue() + "): " + errors.lines().reduce((a, b) -> b).orElse(""));
            }
        } catch (IOException e) {
            node.destroyForcibly();
            throw new UncheckedIOException("cannot talk to eSpeak NG", e);
        } catch (InterruptedException e) {
            node.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while eSpeak NG was speaking");
        }
    }

    private static Path temporaryFolder() {
        try {
            return Files.createTempDirectory("ser-speech-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a temporary folder for synthesised speech", e);
        }
    }

    private static void delete(Path folder) {
        try (Stream<Path> files = Files.walk(folder)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            // A leftover temporary folder is harmless.
        }
    }
}
