package io.serstreams.trainer.cli;

import io.serstreams.featureextractor.audio.AudioFormatException;
import io.serstreams.modelserver.bundle.BundleException;
import io.serstreams.trainer.data.DataException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code ser train} and {@code ser evaluate}. */
@Command(name = "ser", mixinStandardHelpOptions = true, subcommands = {TrainCommand.class, EvaluateCommand.class, ProtocolsCommand.class},
        description = "SER Streams model training and evaluation.")
public final class TrainerCli {

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    public static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new TrainerCli());
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            boolean expected = e instanceof DataException || e instanceof BundleException || e instanceof AudioFormatException
                    || e instanceof IllegalArgumentException;
            commandLine.getErr().println("ser " + commandLine.getCommandName() + ": " + (expected ? e.getMessage() : e.toString()));
            if (!expected) {
                e.printStackTrace(commandLine.getErr());
            }
            return 1;
        });
        return cli;
    }
}
