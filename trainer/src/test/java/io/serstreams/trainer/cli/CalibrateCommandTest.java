package io.serstreams.trainer.cli;

import io.serstreams.modelserver.bundle.ModelBundle;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code ser calibrate} on a copy of the shipped default bundle and a few real clips of each corpus,
 * over two lines and through each domain's own profile: the temperature is fitted on the validation
 * readings of both lines, each ECE comes with what perfect calibration would read on as many
 * utterances, and {@code --write-to} stores the temperature in the other bundle, which then serves it.
 */
class CalibrateCommandTest {
    @TempDir
    Path dir;

    @Test
    void fitsOnEveryLineThroughOwnProfilesReportsTheNoiseAndWrites() throws Exception {
        Path shared = FewClips.sharedCorpora();
        Path corpora = FewClips.ofEachCorpus(shared, dir.resolve("corpora"));
        // The measured bundle and the one written to (in real use the validation twin and the shipped model).
        Path twin = FewClips.copyOfDefaultBundle(dir.resolve("twin"));
        Path bundle = FewClips.copyOfDefaultBundle(dir.resolve("bundle"));
        double before = ModelBundle.load(bundle).manifest().calibrationOrNone().temperature();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = TrainerCli.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int exit = TrainerCli.run(cli, "calibrate", "--corpora", corpora.toString(), "--splits", shared.resolve("splits.csv").toString(),
                "--model", twin.toString(), "--lines", "wideband,mu-law", "--own-profiles", "--results", dir.resolve("results").toString(),
                "--write-to", bundle.toString());
        assertThat(exit).as(err.toString()).isZero();

        String report = Files.readString(dir.resolve("results/CALIBRATION.md"));
        assertThat(out.toString()).isEqualTo(report);
        Matcher fitted = Pattern.compile("fitted on (\\d+) validation readings \\(wideband, mu-law, each through its domain's own profile\\) of [^:]+: "
                + "\\*\\*T = ([0-9.]+)\\*\\*").matcher(report);
        assertThat(fitted.find()).as(report).isTrue();
        // One validation speaker's clip per corpus, heard over both lines.
        assertThat(Integer.parseInt(fitted.group(1)) % 2).isZero();
        double t = Double.parseDouble(fitted.group(2));
        assertThat(ModelBundle.load(bundle).manifest().calibrationOrNone().temperature()).isCloseTo(t, org.assertj.core.data.Offset.offset(5e-4))
                .isNotEqualTo(before);
        assertThat(ModelBundle.load(twin).manifest().calibrationOrNone().temperature()).isEqualTo(before);
        Matcher row = Pattern.compile("\\| mu-law \\| all \\| (\\d+) \\| [0-9.]+ \\| [0-9.]+ \\| [0-9.]+ \\| ([0-9.]+), ([0-9.]+) \\|").matcher(report);
        assertThat(row.find()).as(report).isTrue();
        // On a handful of utterances a perfectly calibrated model's ECE is far from zero, and its 95th percentile above its mean.
        assertThat(Double.parseDouble(row.group(2))).isGreaterThan(0.05);
        assertThat(Double.parseDouble(row.group(3))).isGreaterThan(Double.parseDouble(row.group(2)));
        assertThat(Files.exists(dir.resolve("results/reliability-mu-law.png"))).isTrue();
        assertThat(Files.readString(bundle.resolve("MODEL_CARD.md"))).contains("## Calibration", "readings, each through its domain's own profile");
    }

    @Test
    void perSegmentScoresEachSpeechSegmentAsEventsCarryThem() throws Exception {
        Path shared = FewClips.sharedCorpora();
        Path corpora = FewClips.ofEachCorpus(shared, dir.resolve("corpora"));
        Path bundle = FewClips.copyOfDefaultBundle(dir.resolve("bundle"));
        String[] common = {"calibrate", "--corpora", corpora.toString(), "--splits", shared.resolve("splits.csv").toString(), "--model", bundle.toString()};
        CommandLine cli = TrainerCli.commandLine();
        StringWriter utterances = new StringWriter();
        cli.setOut(new PrintWriter(utterances, true));
        assertThat(TrainerCli.run(cli, concat(common, "--results", dir.resolve("u").toString()))).isZero();
        cli = TrainerCli.commandLine();
        StringWriter segments = new StringWriter();
        cli.setOut(new PrintWriter(segments, true));
        assertThat(TrainerCli.run(cli, concat(common, "--per-segment", "--results", dir.resolve("s").toString()))).isZero();

        assertThat(segments.toString()).contains("| line | domain | segments |", "validation readings (wideband, per segment)", "--per-segment");
        Pattern all = Pattern.compile("\\| wideband \\| all \\| (\\d+) \\|");
        Matcher u = all.matcher(utterances.toString());
        Matcher s = all.matcher(segments.toString());
        assertThat(u.find() && s.find()).isTrue();
        // Every utterance read has at least one speech segment, most clips more.
        assertThat(Integer.parseInt(s.group(1))).isGreaterThan(Integer.parseInt(u.group(1)));
    }

    @Test
    void perDomainFitsATemperatureForEachDomainTheDomainHeadNamesAndWritesThemAll() throws Exception {
        Path shared = FewClips.sharedCorpora();
        Path corpora = FewClips.ofEachCorpus(shared, dir.resolve("corpora"));
        Path bundle = FewClips.copyOfDefaultBundle(dir.resolve("bundle"));
        String[] common = {"calibrate", "--corpora", corpora.toString(), "--splits", shared.resolve("splits.csv").toString(), "--model", bundle.toString()};
        CommandLine cli = TrainerCli.commandLine();
        StringWriter err = new StringWriter();
        cli.setErr(new PrintWriter(err, true));
        assertThat(TrainerCli.run(cli, concat(common, "--per-domain", "--results", dir.resolve("u").toString()))).isEqualTo(1);
        assertThat(err.toString().strip()).isEqualTo("ser calibrate: --per-domain fits each domain's temperature on single segments: give --per-segment as well");

        cli = TrainerCli.commandLine();
        StringWriter out = new StringWriter();
        cli.setOut(new PrintWriter(out, true));
        // A handful of clips: every domain the head names gets its own temperature from a single segment on.
        assertThat(TrainerCli.run(cli, concat(common, "--per-segment", "--per-domain", "--domain-segments", "1", "--results",
                dir.resolve("d").toString(), "--write"))).isZero();
        String report = out.toString();
        assertThat(report).contains("| domain head names | validation segments | T |", "| ECE, one T | ECE, T per domain |",
                "--per-segment --per-domain --domain-segments 1");
        var calibration = ModelBundle.load(bundle).manifest().calibrationOrNone();
        assertThat(calibration.domains()).isNotEmpty();
        calibration.domains().forEach((domain, t) -> {
            assertThat(report).containsPattern("\\| " + domain + " \\| \\d+ \\| " + String.format(java.util.Locale.ROOT, "%.3f", t) + " \\|");
            assertThat(t).isNotEqualTo(calibration.temperature());
        });
        assertThat(calibration.fittedOn()).contains("a temperature per domain");
    }

    private static String[] concat(String[] head, String... tail) {
        String[] out = java.util.Arrays.copyOf(head, head.length + tail.length);
        System.arraycopy(tail, 0, out, head.length, tail.length);
        return out;
    }
}
