package io.serstreams.streamprocessor.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code ser demo} refuses calls or corpora it cannot use with one line naming the folder, before starting anything. */
class DemoCallSourcesTest {

    @Test
    void aMissingCallsFolderIsOneLine(@TempDir Path dir) {
        assertThat(demo("--calls", dir.resolve("nowhere").toString())).isEqualTo("ser demo: --calls " + dir.resolve("nowhere") + ": no such folder\n");
    }

    @Test
    void aCallsFolderWithoutRecordingsIsOneLine(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("notes.txt"), "no audio here");
        assertThat(demo("--calls", dir.toString())).isEqualTo("ser demo: " + dir + ": no .wav or .flac files in this folder or below it\n");
    }

    @Test
    void aMissingOrEmptyCorpusIsOneLine(@TempDir Path dir) throws Exception {
        assertThat(demo("--corpus", dir.resolve("nowhere").toString())).isEqualTo("ser demo: no RAVDESS corpus at " + dir.resolve("nowhere") + ": no such folder\n");
        assertThat(demo("--corpus", dir.toString())).startsWith("ser demo: no RAVDESS corpus at " + dir + ": expected its original layout").hasLineCount(1);
    }

    @Test
    void callsAndCorpusTogetherAreRefused(@TempDir Path dir) {
        assertThat(demo("--calls", dir.toString(), "--corpus", dir.toString())).startsWith("ser demo: give --calls DIR").hasLineCount(1);
    }

    @Test
    void helpShowsExamples() {
        StringWriter out = new StringWriter();
        CommandLine cli = SerStreamsCli.commandLine();
        cli.setOut(new PrintWriter(out));
        assertThat(cli.execute("demo", "--help")).isZero();
        assertThat(out.toString()).contains("Examples:", "./ser demo --calls", "--corpus DIR");
        out.getBuffer().setLength(0);
        assertThat(cli.execute("assemble-samples", "--help")).isZero();
        assertThat(out.toString()).contains("Examples:", "./ser assemble-samples --synthesise");
    }

    private static String demo(String... options) {
        StringWriter err = new StringWriter();
        CommandLine cli = SerStreamsCli.commandLine();
        cli.setErr(new PrintWriter(err));
        String[] args = new String[options.length + 1];
        args[0] = "demo";
        System.arraycopy(options, 0, args, 1, options.length);
        assertThat(cli.execute(args)).as("exit status").isEqualTo(1);
        return err.toString();
    }
}
