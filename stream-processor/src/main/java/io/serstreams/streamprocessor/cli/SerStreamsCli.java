package io.serstreams.streamprocessor.cli;

import io.serstreams.schemas.errors.ErrorText;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of the stream-processor application's commands ({@code ./ser demo}, ...). */
@Command(name = "ser", mixinStandardHelpOptions = true, version = "SER Streams 0.1.0",
        description = "SER Streams: real-time speech emotion recognition on Kafka Streams.",
        subcommands = {DemoCommand.class, ReplayCommand.class, AssembleSamplesCommand.class,
                io.serstreams.streamprocessor.loadtest.LoadTestCommand.class, StreamEvaluateCommand.class})
public final class SerStreamsCli {

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The command line, with errors shown as one readable line rather than a stack trace. */
    public static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new SerStreamsCli());
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            commandLine.getErr().println("ser " + commandLine.getCommandName() + ": " + ErrorText.of(e));
            return 1;
        });
        return cli;
    }
}
