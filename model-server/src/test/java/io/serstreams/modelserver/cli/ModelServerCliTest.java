package io.serstreams.modelserver.cli;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.channels.ClosedChannelException;
import java.util.concurrent.Callable;

import static org.assertj.core.api.Assertions.assertThat;

/** The model-server commands' error line for a failure none of them foresaw: its words, never its class's full name. */
class ModelServerCliTest {

    /** Stands for a failure no command foresaw: the handler, not the command, is under test. */
    @CommandLine.Command(name = "failing")
    static final class Failing implements Callable<Integer> {
        Exception failure;

        @Override
        public Integer call() throws Exception {
            throw failure;
        }
    }

    @Test
    void anUnforeseenFailureIsItsWordsNotItsClassNames() {
        assertThat(failWith(new UncheckedIOException(new IOException("No space left on device"))))
                .isEqualTo("ser failing: No space left on device" + System.lineSeparator());
        assertThat(failWith(new IllegalStateException(new ClosedChannelException()))).isEqualTo("ser failing: ClosedChannelException" + System.lineSeparator());
    }

    private static String failWith(Exception failure) {
        Failing failing = new Failing();
        failing.failure = failure;
        CommandLine cli = ModelServerCli.commandLine().addSubcommand(failing);
        StringWriter err = new StringWriter();
        cli.setErr(new PrintWriter(err));
        assertThat(cli.execute("failing")).isEqualTo(1);
        return err.toString();
    }
}
