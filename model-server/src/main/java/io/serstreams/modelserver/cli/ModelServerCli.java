package io.serstreams.modelserver.cli;

import io.serstreams.featureextractor.audio.AudioFormatException;
import io.serstreams.modelserver.bundle.BundleException;
import io.serstreams.schemas.errors.ErrorText;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.InputStream;

/** {@code ser classify} and {@code ser serve-model}: the model without Kafka. */
@Command(name = "ser", mixinStandardHelpOptions = true, version = ModelServerCli.VERSION, subcommands = {ClassifyCommand.class, ServeModelCommand.class},
        description = "SER Streams model tools.")
public final class ModelServerCli {
    static final String VERSION = "SER Streams 0.1.0";

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The command line, reading {@code classify -} from standard input. */
    public static CommandLine commandLine() {
        return commandLine(System.in);
    }

    /** The command line, with errors as one line each and {@code classify -} reading its file list from {@code stdin}. */
    public static CommandLine commandLine(InputStream stdin) {
        CommandLine cli = new CommandLine(new ModelServerCli());
        // "@LIST" names a list of audio files (AudioFileList), not picocli's argument file.
        cli.setExpandAtFiles(false);
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        ((ClassifyCommand) cli.getSubcommands().get("classify").getCommand()).stdin = stdin;
        cli.setParameterExceptionHandler((e, args) -> {
            CommandLine command = e.getCommandLine();
            command.getErr().println(label(command) + ": " + e.getMessage() + " (see ./" + label(command) + " --help)");
            return 2;
        });
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            // The project's own refusals are complete sentences; anything else is described from its cause chain, never by class name.
            boolean expected = e instanceof AudioFormatException || e instanceof BundleException || e instanceof IllegalArgumentException;
            commandLine.getErr().println(label(commandLine) + ": " + (expected ? e.getMessage() : ErrorText.of(e)));
            return 1;
        });
        return cli;
    }

    private static String label(CommandLine command) {
        return command.getParent() == null ? "ser" : "ser " + command.getCommandName();
    }
}
