package io.serstreams.modelserver.cli;

import io.serstreams.featureextractor.audio.AudioFormatException;
import io.serstreams.modelserver.bundle.BundleException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code ser classify} and {@code ser serve-model}: the model without Kafka. */
@Command(name = "ser", mixinStandardHelpOptions = true, subcommands = {ClassifyCommand.class},
        description = "SER Streams model tools.")
public final class ModelServerCli {

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    public static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new ModelServerCli());
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            boolean expected = e instanceof AudioFormatException || e instanceof BundleException || e instanceof IllegalArgumentException;
            commandLine.getErr().println("ser " + commandLine.getCommandName() + ": " + (expected ? e.getMessage() : e.toString()));
            return 1;
        });
        return cli;
    }
}
