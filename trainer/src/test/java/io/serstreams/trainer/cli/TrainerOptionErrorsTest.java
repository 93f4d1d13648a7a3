package io.serstreams.trainer.cli;

import io.serstreams.featureextractor.encoder.EncoderCache;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** Bad options and config files stop a command before any data is read, with one line naming each. */
class TrainerOptionErrorsTest {
    @TempDir
    Path dir;

    private record Run(int exit, String out, String err) {
    }

    private Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = TrainerCli.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int exit = TrainerCli.run(cli, args);
        return new Run(exit, out.toString(), err.toString().strip());
    }

    /** A run whose data would be read from an empty folder, so a check that came too late would fail differently. */
    private Run train(String... options) {
        String[] args = new String[options.length + 3];
        args[0] = "train";
        args[1] = "--corpora";
        args[2] = dir.toString();
        System.arraycopy(options, 0, args, 3, options.length);
        return run(args);
    }

    @Test
    void eachInvalidNumberIsNamedWithItsValue() {
        assertThat(train("--steps", "-5").err()).isEqualTo("ser train: --steps must be positive, got -5");
        assertThat(train("--batch", "0").err()).isEqualTo("ser train: --batch must be positive, got 0");
        assertThat(train("--batch", "100000").err()).startsWith("ser train: --batch must be at most 1024");
        assertThat(train("--checkpoint-every", "0").err()).isEqualTo("ser train: --checkpoint-every must be positive, got 0");
        assertThat(train("--lr", "-0.1").err()).isEqualTo("ser train: --lr must be a positive number, got -0.1");
        assertThat(train("--lr", "NaN").err()).isEqualTo("ser train: --lr must be a positive number, got NaN");
        assertThat(train("--pretrain-steps", "-3").err()).isEqualTo("ser train: --pretrain-steps cannot be negative, got -3");
        assertThat(train("--group-weight", "-1").err()).isEqualTo("ser train: --group-weight must be a number of 0 or more, got -1.0");
        assertThat(train("--weight-decay", "-0.01").err()).isEqualTo("ser train: --weight-decay must be a number of 0 or more, got -0.01");
        assertThat(train("--lines", "wideband,gsm").err()).contains("unknown line 'gsm': use one of wideband, mu-law, a-law");
        assertThat(train("--hold-out", "iemocap").err()).startsWith("ser train: --hold-out takes one of [emodb, emovo, ravdess, korean]");
        assertThat(train("--input-statistics", "speaker").err()).contains("--input-statistics", "'speaker' is not one of pooled, per-domain");
        assertThat(train("--descriptor-statistics", "speaker").err()).as("the older name").contains("'speaker' is not one of pooled, per-domain");
        Run two = train("--steps", "0", "--pretrain-steps", "-1");
        assertThat(two.exit()).isEqualTo(1);
        assertThat(two.err()).isEqualTo("ser train: --steps must be positive, got 0; --pretrain-steps cannot be negative, got -1");
    }

    @Test
    void fineTuningOptionsAreCheckedAndNamedWithTheirValues() {
        assertThat(train("--encoder", "mn04", "--fine-tune-blocks", "16").err())
                .isEqualTo("ser train: --fine-tune-blocks takes 0 (mn04 frozen) to 15 (mn04's blocks), got 16");
        assertThat(train("--encoder", "mn04", "--fine-tune-blocks", "-1").err())
                .isEqualTo("ser train: --fine-tune-blocks takes 0 (mn04 frozen) to 15 (mn04's blocks), got -1");
        assertThat(train("--fine-tune-blocks", "2").err()).isEqualTo("ser train: --fine-tune-blocks applies with --encoder mn04 only, got 2 with --encoder vgg");
        assertThat(train("--encoder", "mn04", "--encoder-features", "logits", "--fine-tune-blocks", "1").err())
                .isEqualTo("ser train: --fine-tune-blocks applies with --encoder-features embedding only (the blocks feed the pooled embedding), got 1 with logits");
        assertThat(train("--encoder", "mn04", "--fine-tune-blocks", "1", "--encoder-lr-scale", "0").err())
                .isEqualTo("ser train: --encoder-lr-scale must be a positive number, got 0.0");
        Run protocols = run("protocols", "--corpora", dir.toString(), "--encoder", "mn04", "--fine-tune-blocks", "99", "--out", dir.resolve("R.md").toString());
        assertThat(protocols.exit()).isEqualTo(1);
        assertThat(protocols.err()).isEqualTo("ser protocols: --fine-tune-blocks takes 0 (mn04 frozen) to 15 (mn04's blocks), got 99");
    }

    @Test
    void thePretrainingTargetIsCheckedBeforeAnyDataIsRead() {
        Run unknown = train("--pretrain-target", "vggish");
        assertThat(unknown.exit()).isEqualTo(2);
        assertThat(unknown.err()).contains("--pretrain-target takes gender, mn04 or mn04-patches, not vggish").doesNotContain("\n\tat ");
        assertThat(train("--pretrain-target", "mn04", "--encoder", "mn04").err())
                .isEqualTo("ser train: --pretrain-target mn04 applies with --encoder vgg only (over --encoder mn04 nothing is pre-trained)");
        assertThat(train("--pretrain-target", "mn04", "--pretrain-steps", "0").err())
                .isEqualTo("ser train: --pretrain-target mn04 needs --pretrain-steps above 0, got 0");
        assertThat(run("protocols", "--corpora", dir.toString(), "--pretrain-target", "mn04", "--pretrain-steps", "0", "--out",
                dir.resolve("R.md").toString()).err()).isEqualTo("ser protocols: --pretrain-target mn04 needs --pretrain-steps above 0, got 0");
        assertThat(train("--pretrain-target", "mn04-patches", "--pretrain-steps", "0").err())
                .isEqualTo("ser train: --pretrain-target mn04-patches needs --pretrain-steps above 0, got 0");
        assertThat(train("--pretrain-lr", "-0.003").err()).isEqualTo("ser train: --pretrain-lr must be a positive number (or 0: as --lr), got -0.003");
    }

    @Test
    void distillingWithoutTheMn04CheckpointSaysToFetchIt() throws Exception {
        Path empty = Files.createDirectories(dir.resolve("no-encoders"));
        String before = System.getProperty(EncoderCache.ROOT_PROPERTY);
        System.setProperty(EncoderCache.ROOT_PROPERTY, empty.toString());
        try {
            for (String command : new String[]{"train", "protocols"}) {
                Run run = run(command, "--corpora", dir.toString(), "--pretrain-target", "mn04", "--out", dir.resolve("out").toString());
                assertThat(run.exit()).isEqualTo(1);
                assertThat(run.err()).startsWith("ser " + command + ": mn04 is not in the encoder cache " + empty)
                        .contains("run ./ser encoder fetch").doesNotContain("\n");
            }
            // Gender pre-training needs no encoder: the run goes on to read the (empty) data folder and fails there instead.
            assertThat(train("--pretrain-target", "gender").err()).doesNotContain("encoder");
        } finally {
            if (before == null) {
                System.clearProperty(EncoderCache.ROOT_PROPERTY);
            } else {
                System.setProperty(EncoderCache.ROOT_PROPERTY, before);
            }
        }
    }

    @Test
    void evaluateNamesABadDomainOrAdaptationBeforeReadingData() {
        Run domain = run("evaluate", "--corpora", dir.toString(), "--model", dir.toString(), "--domains", "emodb,iemocap");
        assertThat(domain.exit()).isEqualTo(1);
        assertThat(domain.err()).isEqualTo("ser evaluate: --domains: 'iemocap' is not a corpus with emotion labels (emodb, emovo, ravdess, korean)");
        Run adapt = run("evaluate", "--corpora", dir.toString(), "--model", dir.toString(), "--adapt", "per-speaker");
        assertThat(adapt.exit()).isEqualTo(2);
        assertThat(adapt.err()).contains("'per-speaker' is not one of none, own-domain, both").doesNotContain("\n\tat ");
    }

    @Test
    void protocolsChecksItsOptionsFirstToo() {
        Run run = run("protocols", "--corpora", dir.toString(), "--pretrain-steps", "-3", "--out", dir.resolve("R.md").toString());
        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.err()).isEqualTo("ser protocols: --pretrain-steps cannot be negative, got -3");
    }

    @Test
    void aConfigFileThatCannotBeReadIsNamedWithTheReason() throws Exception {
        Path missing = dir.resolve("nope.properties");
        Run run = run("train", "--config", missing.toString());
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).isEqualTo("ser train: --config " + missing + ": no such file");

        Path folder = Files.createDirectories(dir.resolve("configs"));
        assertThat(run("train", "--config=" + folder).err()).isEqualTo("ser train: --config " + folder + ": is a directory, not a properties file");

        Path bad = Files.writeString(dir.resolve("bad.properties"), "steps=-5\n");
        assertThat(run("train", "--config", bad.toString(), "--corpora", dir.toString()).err()).isEqualTo("ser train: --steps must be positive, got -5");
    }

    @Test
    void manifestNamesABadSideOrCorpusBeforeReadingData() {
        Run side = run("manifest", "--corpora", dir.toString(), "--domains", "emodb", "--speakers", "dev", "--out", dir.resolve("m.csv").toString());
        assertThat(side.exit()).isEqualTo(2);
        assertThat(side.err()).contains("'dev' is not one of test, train, validation");
        Run corpus = run("manifest", "--corpora", dir.toString(), "--domains", "iemocap", "--out", dir.resolve("m.csv").toString());
        assertThat(corpus.exit()).isEqualTo(1);
        assertThat(corpus.err()).startsWith("ser manifest: unknown corpus 'iemocap'");
        assertThat(train("--encoder", "resnet").err()).contains("'resnet' is not one of vgg, mn04");
    }

    @Test
    void everyCommandsHelpShowsExamples() {
        for (String command : new String[]{"train", "evaluate", "export", "protocols"}) {
            Run help = run(command, "--help");
            assertThat(help.exit()).isZero();
            assertThat(help.out()).as(command).contains("Examples:").contains("./ser " + command + " ");
        }
    }
}
