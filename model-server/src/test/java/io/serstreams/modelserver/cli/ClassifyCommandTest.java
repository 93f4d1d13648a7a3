package io.serstreams.modelserver.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.serstreams.modelserver.testing.Speech;
import io.serstreams.modelserver.testing.TestBundles;
import io.serstreams.modelserver.testing.Wavs;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

class ClassifyCommandTest {
    @TempDir
    Path dir;
    Path bundle;

    private record Run(int exit, String out, String err) {
        List<JsonNode> lines() throws Exception {
            List<JsonNode> lines = new ArrayList<>();
            for (String line : out.split("\n")) {
                if (!line.isBlank()) {
                    lines.add(new ObjectMapper().readTree(line));
                }
            }
            return lines;
        }

        List<JsonNode> of(String type) throws Exception {
            return lines().stream().filter(l -> l.path("type").asText().equals(type)).toList();
        }
    }

    @BeforeEach
    void bundle() {
        bundle = TestBundles.small(dir.resolve("bundle"));
    }

    private Run run(String... args) {
        return runWithInput("", args);
    }

    private Run runWithInput(String stdin, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = ModelServerCli.commandLine(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)));
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        int exit = cli.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    private Run classify(String... args) {
        List<String> all = new ArrayList<>(List.of("classify", "--model", bundle.toString()));
        all.addAll(List.of(args));
        return run(all.toArray(String[]::new));
    }

    private Path write(String name, byte[] bytes) throws Exception {
        Path file = dir.resolve(name);
        Files.createDirectories(file.getParent());
        Files.write(file, bytes);
        return file;
    }

    private Path call() throws Exception {
        return write("call.wav", Wavs.stereoCall());
    }

    @Test
    void printsAJsonLinePerSegmentAndOnePerFileWithAReadingPerChannel() throws Exception {
        Run run = classify(call().toString());
        assertThat(run.exit()).as(run.err()).isZero();
        List<JsonNode> segments = run.of("segment");
        JsonNode file = run.lines().get(run.lines().size() - 1);
        assertThat(file.path("type").asText()).isEqualTo("file");
        assertThat(file.path("channels").asInt()).isEqualTo(2);
        assertThat(file.path("segments").asInt()).isEqualTo(segments.size());
        // The agent's speech is in the first half, the customer's in the second.
        assertThat(segments.stream().filter(s -> s.path("channel").asInt() == 0)).isNotEmpty()
                .allSatisfy(s -> assertThat(s.path("startMs").asLong()).isLessThan(3000))
                .allSatisfy(s -> assertThat(s.path("role").asText()).isEqualTo("agent"));
        assertThat(segments.stream().filter(s -> s.path("channel").asInt() == 1)).isNotEmpty()
                .allSatisfy(s -> assertThat(s.path("endMs").asLong()).isGreaterThan(3000))
                .allSatisfy(s -> assertThat(s.path("role").asText()).isEqualTo("customer"));
        JsonNode first = segments.get(0);
        assertThat(first.path("probabilities").size()).isEqualTo(4);
        assertThat(first.path("arousal").path("score").asDouble()).isBetween(-1.0, 1.0);
        assertThat(first.path("domain").has("outOfDomain")).isTrue();
        assertThat(first.path("model").asText()).startsWith("mpgln-test");

        // Agent and customer are read apart, not averaged into one reading for the file.
        assertThat(file.has("emotion")).isFalse();
        JsonNode byChannel = file.path("byChannel");
        assertThat(byChannel.size()).isEqualTo(2);
        for (int c = 0; c < 2; c++) {
            int channel = c;
            JsonNode reading = byChannel.get(c);
            assertThat(reading.path("channel").asInt()).isEqualTo(c);
            assertThat(reading.path("role").asText()).isEqualTo(c == 0 ? "agent" : "customer");
            List<JsonNode> own = segments.stream().filter(s -> s.path("channel").asInt() == channel).toList();
            assertThat(reading.path("segments").asInt()).isEqualTo(own.size());
            double meanAngry = own.stream().mapToDouble(s -> s.path("probabilities").path("angry").asDouble()).average().orElseThrow();
            assertThat(reading.path("probabilities").path("angry").asDouble()).isCloseTo(meanAngry, offset(2e-4));
            assertThat(reading.path("emotion").asText()).isIn("neutral", "happy", "angry", "sad");
        }
    }

    @Test
    void writesNumbersAsPlainDecimalsWithFourDigits() throws Exception {
        Run run = classify(call().toString());
        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.out()).doesNotContainPattern("[0-9][eE][-+]?[0-9]");
        // Untrained heads give small probabilities too: each one written as 0.dddd, never 3.0E-4.
        assertThat(run.out()).containsPattern("\"probabilities\":\\{(\"[a-z]+\":[01]\\.[0-9]{4},){3}\"[a-z]+\":[01]\\.[0-9]{4}}");
        assertThat(run.out()).doesNotContainPattern("\"(neutral|happy|angry|sad)\":[01](\\.[0-9]{0,3})?[,}]");
        assertThat(run.out()).containsPattern("\"voicedRatio\":[01]\\.[0-9]{4}[,}]");
        assertThat(run.out()).containsPattern("\"score\":-?[01]\\.[0-9]{4}[,}]");
    }

    @Test
    void aFileWithoutSpeechSaysWhy() throws Exception {
        Path tenth = write("tenth.wav", Wavs.pcm16(new float[1600]));
        Path zeros = write("zeros.wav", Wavs.pcm16(new float[Wavs.RATE * 3]));
        float[] hiss = new float[Wavs.RATE * 3];
        Random random = new Random(7);
        for (int i = 0; i < hiss.length; i++) {
            hiss[i] = (float) (0.001 * random.nextGaussian());
        }
        Path quiet = write("hiss.wav", Wavs.pcm16(hiss));
        Run run = classify(tenth.toString(), zeros.toString(), quiet.toString());
        assertThat(run.exit()).as(run.err()).isZero();
        List<JsonNode> files = run.of("file");
        assertThat(files).hasSize(3);
        assertThat(files).allSatisfy(f -> {
            assertThat(f.path("segments").asInt()).isZero();
            assertThat(f.has("emotion")).isTrue();
            assertThat(f.path("emotion").isNull()).isTrue();
            assertThat(f.path("byChannel").get(0).path("reason").asText()).isEqualTo(f.path("reason").asText());
        });
        assertThat(files.get(0).path("reason").asText()).isEqualTo("no speech found: 0.1 s of audio, shorter than the 0.5 s minimum segment");
        assertThat(files.get(1).path("reason").asText()).isEqualTo("no speech found: 3.0 s of digital silence (every sample is 0)");
        assertThat(files.get(2).path("reason").asText()).startsWith("no speech found: too little voice activity in 3.0 s of audio (no segment had 30% voiced frames; loudest sample -");
    }

    @Test
    void aFileOfMusicOrTonesSaysItHoldsNoSpeechInEitherFormat() throws Exception {
        Path music = write("music.wav", Wavs.pcm16(io.serstreams.featureextractor.signals.NonSpeechSignals.MUSIC.onALine(8, 1)));
        Path dtmf = write("dtmf.wav", Wavs.pcm16(io.serstreams.featureextractor.signals.NonSpeechSignals.DTMF.onALine(8, 2)));
        Run json = classify(music.toString(), dtmf.toString());
        assertThat(json.exit()).as(json.err()).isZero();
        List<JsonNode> segments = json.of("segment");
        assertThat(segments).as("segments the voice detector let through").isNotEmpty().allSatisfy(s -> {
            assertThat(s.path("speech").asBoolean(true)).isFalse();
            assertThat(s.path("emotion").isNull()).isTrue();
            assertThat(s.has("probabilities")).isFalse();
            assertThat(s.path("reason").asText()).startsWith("no speech: ");
        });
        List<JsonNode> files = json.of("file");
        assertThat(files).hasSize(2).allSatisfy(f -> {
            assertThat(f.path("speech").asBoolean(true)).isFalse();
            assertThat(f.path("emotion").isNull()).isTrue();
            assertThat(f.path("reason").asText()).startsWith("no speech found: none of the ").contains("segments holds speech (");
        });
        assertThat(files.get(0).path("reason").asText()).contains("noise or music");
        assertThat(files.get(1).path("reason").asText()).contains("tones such as DTMF");

        Run table = classify("--format", "table", music.toString(), dtmf.toString());
        assertThat(table.exit()).as(table.err()).isZero();
        String[] lines = table.out().split("\n");
        assertThat(lines).hasSize(3);
        assertThat(lines[1]).matches("\\Q" + music + "\\E +0 customer +- +- +- +- +[1-9][0-9]* +no speech found: none of the .*noise or music\\)");
        assertThat(lines[2]).matches("\\Q" + dtmf + "\\E +0 customer +- +- +- +- +[1-9][0-9]* +no speech found: none of the .*DTMF\\)");
    }

    @Test
    void takesFoldersRecursivelyListsAndStandardInput() throws Exception {
        byte[] speech = Wavs.pcm16(Speech.voiceFor(150, Wavs.RATE * 2, 3));
        Path b = write("calls/b.wav", speech);
        Path a = write("calls/2026/a.flac.wav", speech);
        write("calls/notes.txt", "not audio".getBytes());
        write("calls/.hidden/c.wav", "not audio".getBytes());

        Run folder = classify(dir.resolve("calls").toString());
        assertThat(folder.exit()).as(folder.err()).isZero();
        assertThat(folder.of("file").stream().map(f -> f.path("file").asText())).containsExactly(a.toString(), b.toString());

        Path list = write("list.txt", ("# calls to check\n" + b + "\n\n" + dir.resolve("calls/2026") + "\n").getBytes());
        Run listed = classify("@" + list);
        assertThat(listed.exit()).as(listed.err()).isZero();
        assertThat(listed.of("file").stream().map(f -> f.path("file").asText())).containsExactly(b.toString(), a.toString());

        Run piped = runWithInput(a + "\n" + b + "\n", "classify", "--model", bundle.toString(), "-");
        assertThat(piped.exit()).as(piped.err()).isZero();
        assertThat(piped.of("file").stream().map(f -> f.path("file").asText())).containsExactly(a.toString(), b.toString());
    }

    @Test
    void printsATableWithALinePerFileAndChannel() throws Exception {
        Path call = call();
        Path silent = write("silent.wav", Wavs.pcm16(new float[1600]));
        Run run = classify("--format", "table", call.toString(), silent.toString());
        assertThat(run.exit()).as(run.err()).isZero();
        String[] lines = run.out().split("\n");
        assertThat(lines).hasSize(4);
        assertThat(lines[0]).matches("FILE +CHANNEL +EMOTION +CONFIDENCE +AROUSAL +VALENCE +SEGMENTS");
        String reading = "(neutral|happy|angry|sad) +[01]\\.[0-9]{2} +(low|mid|high) [-+][01]\\.[0-9]{2} +(negative|neutral|positive) [-+][01]\\.[0-9]{2} +[1-9][0-9]*";
        assertThat(lines[1]).matches("\\Q" + call + "\\E +0 agent +" + reading);
        assertThat(lines[2]).matches("\\Q" + call + "\\E +1 customer +" + reading);
        assertThat(lines[3]).matches("\\Q" + silent + "\\E +0 customer +- +- +- +- +0 +no speech found: 0.1 s of audio, .*");
        // Columns line up: each line's emotion starts where the header's EMOTION does.
        int column = lines[0].indexOf("EMOTION");
        assertThat(lines[1].charAt(column - 1)).isEqualTo(' ');
        assertThat(lines[1].charAt(column)).isNotEqualTo(' ');
        assertThat(lines[3].charAt(column)).isEqualTo('-');
    }

    @Test
    void aBadFileIsOneLineAndTheOthersAreStillClassified() throws Exception {
        Path text = write("notes.wav", "hello".getBytes());
        Path garbage = write("garbage.wav", "RIFF....not really".getBytes());
        Run bad = classify(text.toString(), garbage.toString(), call().toString());
        assertThat(bad.exit()).isEqualTo(1);
        assertThat(bad.err().lines()).containsExactly(
                "ser classify: model " + bundle + " (mpgln-test 0.0.0-untrained+1), encoder none (built-in extractor)",
                "ser classify: " + text + ": unsupported audio format: expected WAV (RIFF/WAVE) or FLAC",
                bad.err().lines().toList().get(2),
                "ser classify: 2 of 3 files could not be classified");
        assertThat(bad.err().lines().toList().get(2)).startsWith("ser classify: " + garbage + ": ");
        assertThat(bad.of("file")).singleElement().satisfies(f -> assertThat(f.path("file").asText()).endsWith("call.wav"));
    }

    @Test
    void wrongArgumentsAreOneReadableLine() throws Exception {
        Run missingBundle = run("classify", "--model", dir.resolve("no-bundle").toString(), call().toString());
        assertThat(missingBundle.exit()).isEqualTo(1);
        assertThat(missingBundle.err()).contains("no-bundle: no model bundle here");

        assertThat(classify(dir.resolve("x.wav").toString()).err()).isEqualTo("ser classify: " + dir.resolve("x.wav") + ": no such file or folder\n");
        Files.createDirectories(dir.resolve("empty/sub"));
        write("empty/sub/readme.txt", "no audio".getBytes());
        assertThat(classify(dir.resolve("empty").toString()).err())
                .isEqualTo("ser classify: " + dir.resolve("empty") + ": no .wav or .flac files in this folder or below it\n");
        assertThat(classify("@" + dir.resolve("missing.txt")).err())
                .isEqualTo("ser classify: @" + dir.resolve("missing.txt") + ": cannot read this file list: no such file\n");
        assertThat(classify("@" + dir).err()).startsWith("ser classify: @" + dir + ": cannot read this file list: ").doesNotContain("\n\t");
        Path emptyList = write("empty.txt", "# nothing yet\n\n".getBytes());
        assertThat(classify("@" + emptyList).err())
                .isEqualTo("ser classify: @" + emptyList + ": the list names no files (one file or folder per line)\n");
        Run unlisted = runWithInput("", "classify", "--model", bundle.toString(), "-");
        assertThat(unlisted.err()).isEqualTo("ser classify: standard input: the list names no files (one file or folder per line)\n");
        assertThat(unlisted.exit()).isEqualTo(1);

        assertThat(classify("--device", "tpu", call().toString()).err()).isEqualTo("ser classify: unknown device 'tpu': use cpu or cuda\n");
        Run format = classify("--format", "xml", call().toString());
        assertThat(format.exit()).isEqualTo(2);
        assertThat(format.err().lines()).singleElement().asString().contains("--format", "xml", "--help");
        Run unknown = classify("--colour", call().toString());
        assertThat(unknown.exit()).isEqualTo(2);
        assertThat(unknown.err()).isEqualTo("ser classify: Unknown option: '--colour' (see ./ser classify --help)\n");
    }

    @Test
    void helpShowsExamples() {
        Run help = run("classify", "--help");
        assertThat(help.exit()).isZero();
        assertThat(help.out()).contains("--format=json|table", "FILE|DIR|@LIST|-", "Examples:", "./ser classify --format table calls/");
    }

    /** Runs with these system properties set (the encoder cache, the project root), restoring them afterwards. */
    private Run withProperties(java.util.Map<String, String> properties, String... args) {
        java.util.Map<String, String> before = new java.util.HashMap<>();
        properties.forEach((k, v) -> before.put(k, System.getProperty(k)));
        properties.forEach(System::setProperty);
        try {
            return run(args);
        } finally {
            before.forEach((k, v) -> {
                if (v == null) {
                    System.clearProperty(k);
                } else {
                    System.setProperty(k, v);
                }
            });
        }
    }

    @Test
    void aBundleReferencingMn04ClassifiesWithTheConvertedEncoderAndSaysSoAtStart() throws Exception {
        Path cache = Files.createDirectories(dir.resolve("encoders"));
        Files.copy(io.serstreams.modelserver.testing.Mn04Fixtures.checkpoint(), cache.resolve("mn04_as_mAP_432.pt"));
        Path referencing = TestBundles.referencing(dir.resolve("mn04-bundle"), "embedding");
        Path speech = write("speech.wav", Wavs.pcm16(Speech.voiceFor(150, Wavs.RATE * 3, 5)));

        Run run = withProperties(java.util.Map.of("ser.encoder.cache", cache.toString()), "classify", "--model", referencing.toString(),
                speech.toString());

        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.err().lines()).containsExactly(
                "ser classify: model " + referencing + " (mpgln-mn04-test 0.0.0-untrained+1), encoder mn04 (sha256 899a8c621706)");
        assertThat(run.of("segment")).isNotEmpty().allSatisfy(seg -> assertThat(seg.path("model").asText()).isEqualTo("mpgln-mn04-test 0.0.0-untrained+1"));
        assertThat(cache.resolve("converted")).isDirectory();
    }

    @Test
    void offlineWithoutTheEncoderItSaysSoInOneLineAndClassifiesWithTheShippedModel() throws Exception {
        int closedPort;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        Path referencing = TestBundles.referencing(dir.resolve("mn04-bundle"),
                java.net.URI.create("http://127.0.0.1:" + closedPort + "/mn04_as_mAP_432.pt"), "embedding", 1);
        Path speech = write("speech.wav", Wavs.pcm16(Speech.voiceFor(150, Wavs.RATE * 3, 5)));
        Path shipped = Path.of("..").resolve("models/mpgln");

        Run run = withProperties(java.util.Map.of("ser.encoder.cache", dir.resolve("empty-cache").toString(), "ser.home", ".."),
                "classify", "--model", referencing.toString(), speech.toString());

        assertThat(run.exit()).as(run.err()).isZero();
        List<String> lines = run.err().lines().toList();
        assertThat(lines).hasSize(2);
        assertThat(lines.get(0)).startsWith("ser classify: mn04 encoder not available (offline: ")
                .endsWith("); running the default model " + shipped + " \u2014 fetch it with ./ser encoder fetch");
        assertThat(lines.get(1)).startsWith("ser classify: model " + shipped + " (mpgln ").endsWith("encoder none (built-in extractor)");
        assertThat(run.of("file")).singleElement().satisfies(f -> assertThat(f.path("model").asText()).startsWith("mpgln "));
    }

    @Test
    void adaptsToTheStatisticsOfTheGivenRecordingsSavesThemAndLoadsThemAgain() throws Exception {
        Path call = call();
        Path profile = dir.resolve("profiles/site-a.json");
        Run pool = classify(call.toString());
        Run adapted = classify("--adapt", call.toString(), "--adapt-min-speech", "1", "--domain", "site-a", "--domain-profile", profile.toString(),
                call.toString());
        assertThat(adapted.exit()).as(adapted.err()).isZero();
        assertThat(adapted.err()).contains("ser classify: --adapt: 1 of 1 recordings read, ")
                .containsPattern("segments standardised by domain profile 'site-a' \\([0-9]+ speech segments, [0-9.]+ s\\) instead of the training pool's")
                .contains("saved to " + profile);
        assertThat(profile).exists();
        JsonNode file = adapted.of("file").get(0);
        assertThat(file.path("domainProfile").path("domain").asText()).isEqualTo("site-a");
        assertThat(file.path("domainProfile").path("segments").asInt()).isPositive();
        assertThat(pool.of("file").get(0).path("domainProfile").isNull()).as("the training pool's statistics, said as null").isTrue();
        // Another domain's statistics move the readings.
        assertThat(adapted.of("segment").get(0).path("probabilities"))
                .isNotEqualTo(pool.of("segment").get(0).path("probabilities"));

        Run loaded = classify("--domain-profile", profile.toString(), call.toString());
        assertThat(loaded.exit()).as(loaded.err()).isZero();
        assertThat(loaded.out()).isEqualTo(adapted.out());
    }

    @Test
    void tooLittleSpeechToAdaptOrAMissingProfileIsOneLine() throws Exception {
        Path zeros = write("zeros.wav", Wavs.pcm16(new float[Wavs.RATE * 3]));
        Run silent = classify("--adapt", zeros.toString(), call().toString());
        assertThat(silent.exit()).isNotZero();
        assertThat(silent.err().lines().filter(l -> l.contains("--adapt found"))).containsExactly(
                "ser classify: --adapt found 0.0 s of speech in 1 recordings; a domain profile needs at least 30 s (--adapt-min-speech): "
                        + "give more recordings of the domain");
        assertThat(silent.out()).isEmpty();
        Run missing = classify("--domain-profile", dir.resolve("none.json").toString(), call().toString());
        assertThat(missing.exit()).isNotZero();
        assertThat(missing.err()).contains("none.json does not exist (make one with --adapt FILE... --domain-profile").doesNotContain("Exception");
    }
}
