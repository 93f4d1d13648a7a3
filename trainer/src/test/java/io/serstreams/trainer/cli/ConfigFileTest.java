package io.serstreams.trainer.cli;

import io.serstreams.trainer.model.Variant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@code --config}: file values fill the options not typed; a typo in a key is an error, not a silent default. */
class ConfigFileTest {
    @TempDir
    Path dir;

    private TrainCommand parse(Path config, String... args) {
        CommandLine root = TrainerCli.commandLine();
        CommandLine train = root.getSubcommands().get("train");
        train.setDefaultValueProvider(ConfigFile.load(config, train.getCommandSpec()));
        String[] all = new String[args.length + 1];
        all[0] = "train";
        System.arraycopy(args, 0, all, 1, args.length);
        root.parseArgs(all);
        return train.getCommand();
    }

    @Test
    void fileValuesApplyAndTheCommandLineWins() throws Exception {
        Path config = Files.writeString(dir.resolve("run.properties"), "variant=MPSL\nsteps=42\ngroup-weight=0.25\nhold-out=emovo\n");
        TrainCommand command = parse(config, "--config", config.toString(), "--steps", "7");
        assertThat(command.variant).isEqualTo(Variant.MPSL);
        assertThat(command.holdOut).isEqualTo("emovo");
        assertThat(command.training.steps).isEqualTo(7);
        assertThat(command.training.groupWeight).isEqualTo(0.25f);
        assertThat(command.training.batch).isEqualTo(32);
    }

    @Test
    void aFlagIsSetByTrueInTheFile() throws Exception {
        Path on = Files.writeString(dir.resolve("on.properties"), "line-copies=true\naugment=1\n");
        assertThat(parse(on, "--config", on.toString()).training.settings(Variant.MPGL).plainLineCopies()).isTrue();
        Path off = Files.writeString(dir.resolve("off.properties"), "augment=1\n");
        assertThat(parse(off, "--config", off.toString()).training.settings(Variant.MPGL).plainLineCopies()).isFalse();
    }

    @Test
    void anUnknownKeyIsNamed() throws Exception {
        Path config = Files.writeString(dir.resolve("typo.properties"), "stpes=42\n");
        CommandLine train = TrainerCli.commandLine().getSubcommands().get("train");
        assertThatThrownBy(() -> ConfigFile.load(config, train.getCommandSpec()))
                .hasMessageContaining("'stpes' is not an option of ser train").hasMessageContaining("steps");
    }

    @Test
    void theShippedModelsConfigurationIsValid() {
        Path config = Path.of("config/mpgln.properties");
        TrainCommand command = parse(config, "--config", config.toString());
        assertThat(command.variant).isEqualTo(Variant.MPGL);
        assertThat(command.training.settings(command.variant).steps()).isEqualTo(3000);
    }

    @Test
    void aMissingConfigFileStopsTheCommandWithItsName() {
        int code = TrainerCli.run("train", "--config", dir.resolve("nope.properties").toString());
        assertThat(code).isEqualTo(2);
        assertThat(ConfigFile.named(new String[]{"train", "--config=x.properties"})).isEqualTo(Path.of("x.properties"));
    }
}
