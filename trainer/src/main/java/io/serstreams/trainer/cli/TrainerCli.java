package io.serstreams.trainer.cli;

import io.serstreams.featureextractor.audio.AudioFormatException;
import io.serstreams.modelserver.bundle.BundleException;
import io.serstreams.schemas.errors.ErrorText;
import io.serstreams.trainer.data.DataException;
import io.serstreams.trainer.train.PyTorchStartup;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Command;

/** {@code ser train}, {@code evaluate}, {@code export}, {@code protocols}, {@code calibrate} and {@code ood}. */
@Command(name = "ser", mixinStandardHelpOptions = true, subcommands = {TrainCommand.class, EvaluateCommand.class, ExportCommand.class, ProtocolsCommand.class, CalibrateCommand.class, ManifestCommand.class,
        OodCommand.class},
        description = "SER Streams model training and evaluation.")
public final class TrainerCli {
    private static final Logger LOG = LoggerFactory.getLogger(TrainerCli.class);

    public static void main(String[] args) {
        PyTorchStartup.prepare();
        System.exit(run(args));
    }

    /**
     * Runs a command, its options defaulted from {@code --config FILE} where given; returns the exit
     * code.
     */
    public static int run(String... args) {
        return run(commandLine(), args);
    }

    /** {@link #run(String...)} on a given command line (tests capture its output and errors). */
    static int run(CommandLine cli, String... args) {
        Path config = ConfigFile.named(args);
        if (config != null && args.length > 0 && cli.getSubcommands().containsKey(args[0])) {
            CommandLine command = cli.getSubcommands().get(args[0]);
            try {
                command.setDefaultValueProvider(ConfigFile.load(config, command.getCommandSpec()));
            } catch (IllegalArgumentException e) {
                cli.getErr().println("ser " + args[0] + ": " + e.getMessage());
                return 2;
            }
        }
        return cli.execute(args);
    }

    /** The command as the user typed it ({@code ./ser <name> <args>}), for reports that say how to regenerate them. */
    static String typed(CommandLine.Model.CommandSpec spec) {
        List<String> args = spec.commandLine().getParseResult().originalArgs();
        return "./ser " + String.join(" ", args);
    }

    public static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new TrainerCli());
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            boolean expected = e instanceof DataException || e instanceof BundleException || e instanceof AudioFormatException
                    || e instanceof IllegalArgumentException || e instanceof IllegalStateException || e instanceof IOException
                    || e instanceof UncheckedIOException || e instanceof io.serstreams.featureextractor.encoder.EncoderException;
            commandLine.getErr().println("ser " + commandLine.getCommandName() + ": "
                    + (expected ? "" : "unexpected " + e.getClass().getSimpleName() + ": ") + ErrorText.of(e));
            // The user gets the one line; whoever debugs can turn on DEBUG for this logger for the trace.
            LOG.debug("ser {} failed", commandLine.getCommandName(), e);
            return 1;
        });
        return cli;
    }
}
