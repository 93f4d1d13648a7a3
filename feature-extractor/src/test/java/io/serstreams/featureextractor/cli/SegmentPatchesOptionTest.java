package io.serstreams.featureextractor.cli;

import io.serstreams.featureextractor.features.FeatureConfig;
import io.serstreams.featureextractor.testing.Signals;
import io.serstreams.featureextractor.testing.WavWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@code features segments --segment-patches}: a length a segment can have, else one line naming the bound; never an OutOfMemoryError. */
class SegmentPatchesOptionTest {
    @TempDir
    Path dir;

    private record Run(int exit, String out, String err) {
    }

    private Run segments(String patches) throws Exception {
        Path tone = dir.resolve("tone.wav");
        Files.write(tone, WavWriter.write(new float[][]{Signals.tone(220, 0.3, 16000, 16000 * 3)}, 16000, 1, 16, false));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = FeaturesCli.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int exit = cli.execute("features", "segments", "--segment-patches=" + patches, tone.toString());
        return new Run(exit, out.toString(), err.toString().strip());
    }

    @Test
    void theBoundFollowsFromTheRecordSize() {
        assertThat(FeatureConfig.DEFAULT.maxSegmentPatches()).isEqualTo(25);
        assertThat(FeatureConfig.DEFAULT.patchSeconds()).isEqualTo(0.96);
        assertThatThrownBy(() -> FeatureConfig.DEFAULT.withSegments(26 * 96, 26 * 96)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at most 25 patches");
        StringWriter help = new StringWriter();
        CommandLine segments = FeaturesCli.commandLine().getSubcommands().get("features").getSubcommands().get("segments");
        segments.usage(new PrintWriter(help, true));
        assertThat(help.toString()).contains("1 to " + FeatureConfig.DEFAULT.maxSegmentPatches());
    }

    @Test
    void aMillionPatchesIsRefusedNamingTheBound() throws Exception {
        Run run = segments("1000000");
        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).isEqualTo("ser features: --segment-patches takes 1 to 25 (patches of 0.96 s; a segment's features must fit in one "
                + "Kafka record, so at most 24 s), not 1000000 (11.1 days)");
        assertThat(segments("30000000").err()).contains("not 30000000 (333.3 days)");
    }

    @Test
    void zeroIsRefusedForWhatItIs() throws Exception {
        Run run = segments("0");
        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.err()).startsWith("ser features: --segment-patches takes 1 to 25").endsWith("not 0").doesNotContain("whole number");
    }

    @Test
    void theLongestSegmentWorks() throws Exception {
        Run run = segments("25");
        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.out()).contains("seg-2400-2400");
    }
}
