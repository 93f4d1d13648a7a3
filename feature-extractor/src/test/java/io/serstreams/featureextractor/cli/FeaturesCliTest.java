package io.serstreams.featureextractor.cli;

import io.serstreams.featureextractor.testing.FlacWriter;
import io.serstreams.featureextractor.testing.Signals;
import io.serstreams.featureextractor.testing.StdoutCapture;
import io.serstreams.featureextractor.testing.WavWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.channels.ClosedChannelException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;

import static org.assertj.core.api.Assertions.assertThat;

class FeaturesCliTest {

    private record Run(int exit, String out, String err) {
    }

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = FeaturesCli.commandLine();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        int exit = cli.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    @Test
    void segmentsListsEachChannelOfAStereoCall(@TempDir Path dir) throws Exception {
        Path call = dir.resolve("call.wav");
        float[] agent = Signals.concat(Signals.voice(120, 8000 * 4, 8000, 1), new float[8000 * 2]);
        float[] customer = Signals.concat(new float[8000 * 2], Signals.voice(220, 8000 * 4, 8000, 2));
        Files.write(call, WavWriter.write(new float[][]{agent, customer}, 8000, 7, 8, false));

        Run run = run("features", "segments", call.toString());
        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.out()).contains("2 channel(s), 8000 Hz, 6.00 s")
                .contains("channel,segment,start_ms,end_ms,voiced_ratio,concealed_ms,logmel_shape,descriptor_shape")
                .contains("0,0,0,1935,").contains("[2x96x64],[192x39]");
        assertThat(run.out().lines().filter(l -> l.startsWith("1,"))).isNotEmpty();
        // What did not become a segment is said, per channel: here the silent two seconds of each.
        assertThat(run.out().lines().filter(l -> l.startsWith("# channel "))).hasSize(2)
                .allSatisfy(l -> assertThat(l).matches("# channel [01]: [0-9.]+ s in segments, [0-9.]+ s not: .* not voiced enough .*"));
    }

    @Test
    void everyCommandsHelpShowsExamples() {
        for (String[] command : new String[][]{{"features", "--help"}, {"features", "logmel", "--help"}, {"features", "segments", "--help"}}) {
            Run run = run(command);
            assertThat(run.exit()).isZero();
            assertThat(run.out()).contains("Examples:").contains("./ser features ");
        }
    }

    @Test
    void logmelPrintsOneLineOf64ValuesPerFrame(@TempDir Path dir) throws Exception {
        Path tone = dir.resolve("tone.wav");
        Files.write(tone, WavWriter.write(new float[][]{Signals.tone(440, 0.3, 16000, 16000)}, 16000, 1, 16, false));
        Run run = run("features", "logmel", tone.toString());
        assertThat(run.exit()).isZero();
        assertThat(run.out().lines()).hasSize(1 + (16000 - 400) / 160).allSatisfy(l -> assertThat(l.split(",")).hasSize(64));
    }

    @Test
    void errorsNameTheFileAndTheProblem(@TempDir Path dir) throws Exception {
        Path text = dir.resolve("notes.wav");
        Files.writeString(text, "not audio at all");
        Run run = run("features", "segments", text.toString());
        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.err()).contains(text + ": unsupported audio format");
        assertThat(run("features", "logmel", dir.resolve("missing.flac").toString()).err()).contains("missing.flac: no such file");
        assertThat(run("features", "logmel", "--channel", "3", writeMono(dir)).err()).contains("there is no channel 3");
    }

    @Test
    void aCorruptFlacLeavesStandardOutputEmptyAndIsCalledCorrupt(@TempDir Path dir) throws Exception {
        byte[] flac = FlacWriter.write(new float[][]{Signals.voice(150, 16000 * 3, 16000, 3)}, 16000);
        for (int i = flac.length / 2; i < flac.length / 2 + 16; i++) {
            flac[i] ^= (byte) 0xA5;
        }
        Path damaged = dir.resolve("damaged.flac");
        Files.write(damaged, flac);
        for (String command : List.of("logmel", "segments")) {
            StdoutCapture.Captured<Run> captured = StdoutCapture.of(() -> runOnStdout("features", command, damaged.toString()));
            assertThat(captured.stdout()).as(command).isEmpty();
            assertThat(captured.value().exit()).isEqualTo(1);
            assertThat(captured.value().err()).as(command).startsWith("ser features: " + damaged + ": corrupt FLAC data in the frame at byte ")
                    .doesNotContain("truncated").doesNotContain("Exception").hasLineCount(1);
        }
        Path cut = dir.resolve("cut.flac");
        Files.write(cut, Arrays.copyOf(FlacWriter.write(new float[][]{Signals.voice(150, 16000 * 3, 16000, 3)}, 16000), flac.length / 2));
        StdoutCapture.Captured<Run> captured = StdoutCapture.of(() -> runOnStdout("features", "segments", cut.toString()));
        assertThat(captured.stdout()).isEmpty();
        assertThat(captured.value().err()).startsWith("ser features: " + cut + ": truncated: ");
    }

    @Test
    void aFloatWavWithANonFiniteSampleIsRefusedWithItsPlace(@TempDir Path dir) throws Exception {
        float[] left = Signals.voice(150, 16000 * 2, 16000, 4);
        float[] right = left.clone();
        right[12345] = Float.POSITIVE_INFINITY;
        Path wav = dir.resolve("inf.wav");
        Files.write(wav, WavWriter.write(new float[][]{left, right}, 16000, 3, 32, false));
        for (String command : List.of("logmel", "segments")) {
            Run run = run("features", command, wav.toString());
            assertThat(run.exit()).isEqualTo(1);
            assertThat(run.out()).isEmpty();
            assertThat(run.err()).isEqualTo("ser features: " + wav + ": sample 12345 (0:00.77, channel 1) is +Infinity: float WAV holds non-finite samples"
                    + System.lineSeparator());
        }
    }

    /** Runs with the command's output on System.out, as {@link FeaturesCli#main} does; the error stream captured. */
    private static Run runOnStdout(String... args) {
        StringWriter err = new StringWriter();
        CommandLine cli = FeaturesCli.commandLine();
        cli.setOut(new PrintWriter(System.out, true));
        cli.setErr(new PrintWriter(err));
        int exit = cli.execute(args);
        return new Run(exit, "", err.toString());
    }

    private static String writeMono(Path dir) throws Exception {
        Path mono = dir.resolve("mono.wav");
        Files.write(mono, WavWriter.write(new float[][]{new float[1600]}, 16000, 1, 16, false));
        return mono.toString();
    }

    /** Stands for a failure no command foresaw: the handler, not the command, is under test. */
    @CommandLine.Command(name = "failing")
    static final class Failing implements Callable<Integer> {
        Exception failure;

        @Override
        public Integer call() throws Exception {
            throw failure;
        }
    }

    @Test
    void anUnforeseenFailureIsItsWordsNotItsClassNames() {
        assertThat(failWith(new UncheckedIOException(new IOException("No space left on device"))))
                .isEqualTo("ser features: No space left on device" + System.lineSeparator());
        assertThat(failWith(new IllegalStateException(new ClosedChannelException()))).isEqualTo("ser features: ClosedChannelException" + System.lineSeparator());
    }

    private static String failWith(Exception failure) {
        Failing failing = new Failing();
        failing.failure = failure;
        CommandLine cli = FeaturesCli.commandLine().addSubcommand(failing);
        StringWriter err = new StringWriter();
        cli.setErr(new PrintWriter(err));
        assertThat(cli.execute("failing")).isEqualTo(1);
        return err.toString();
    }
}
