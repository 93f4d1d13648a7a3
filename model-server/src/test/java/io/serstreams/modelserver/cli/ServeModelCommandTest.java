package io.serstreams.modelserver.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micronaut.runtime.server.EmbeddedServer;
import io.serstreams.modelserver.testing.TestBundles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code ser serve-model}: its options reach the service, and whatever stops it from starting is one line. */
class ServeModelCommandTest {
    @TempDir
    Path dir;

    private record Run(int exit, String out, String err) {
    }

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = ModelServerCli.commandLine();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        int exit = cli.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    @Test
    void helpShowsTheOptionsAndExamplesAndStartsNothing() {
        Run help = run("serve-model", "--help");
        assertThat(help.exit()).isZero();
        assertThat(help.out()).contains("--model=DIR|ZIP", "--host=ADDRESS", "--port=PORT", "Examples:", "./ser serve-model --port 9000");
        assertThat(help.err()).isEmpty();
    }

    @Test
    void theOptionsGivenReachTheService() throws Exception {
        Path bundle = TestBundles.small(dir.resolve("bundle"));
        CommandLine cli = ModelServerCli.commandLine();
        CommandLine.ParseResult parsed = cli.parseArgs("serve-model", "--model=" + bundle, "--host", "127.0.0.1", "--port=0", "--threads", "1");
        ServeModelCommand command = parsed.subcommand().commandSpec().commandLine().getCommand();
        try (EmbeddedServer server = command.start()) {
            assertThat(server.getPort()).isNotEqualTo(8088).isPositive();
            HttpResponse<String> model = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create(server.getURL() + "/v1/model")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(model.statusCode()).isEqualTo(200);
            assertThat(new ObjectMapper().readTree(model.body()).path("name").asText()).isEqualTo("mpgln-test");
        }
    }

    @Test
    void unknownOptionsAndBadValuesAreRefusedInOneLine() {
        Run unknown = run("serve-model", "--ser.model.path=/models/mpgln");
        assertThat(unknown.exit()).isEqualTo(2);
        assertThat(unknown.err()).isEqualTo("ser serve-model: Unknown option: '--ser.model.path=/models/mpgln' (see ./ser serve-model --help)\n");
        Run notANumber = run("serve-model", "--port=abc");
        assertThat(notANumber.exit()).isEqualTo(2);
        assertThat(notANumber.err()).isEqualTo("ser serve-model: Invalid value for option '--port': 'abc' is not an int (see ./ser serve-model --help)\n");
        Run outOfRange = run("serve-model", "--port", "70000");
        assertThat(outOfRange.exit()).isEqualTo(1);
        assertThat(outOfRange.err()).isEqualTo("ser serve-model: --port takes 0 (a free port) to 65535, not 70000\n");
        assertThat(run("serve-model", "--device", "tpu").err()).isEqualTo("ser serve-model: unknown device 'tpu': use cpu or cuda\n");
    }

    @Test
    void aBadModelPathIsOneLine() {
        Path missing = dir.resolve("no-such-model");
        Run run = run("serve-model", "--model", missing.toString(), "--port", "0");
        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.err().lines()).singleElement().asString().startsWith("ser serve-model: ").contains(missing.toString(), "no model bundle");
    }

    @Test
    void aMissingDomainProfileIsOneLine() {
        Path missing = dir.resolve("acme.json");
        Run run = run("serve-model", "--model", "../models/mpgln", "--port", "0", "--domain-profile", missing.toString());
        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.err().lines()).singleElement().asString().startsWith("ser serve-model: domain profile " + missing.toAbsolutePath() + " does not exist");
    }

    @Test
    void aPortInUseIsOneLine() throws Exception {
        Path bundle = TestBundles.small(dir.resolve("bundle"));
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            int port = taken.getLocalPort();
            Run run = run("serve-model", "--model", bundle.toString(), "--port", Integer.toString(port));
            assertThat(run.exit()).isEqualTo(1);
            assertThat(run.err()).isEqualTo("ser serve-model: cannot listen on 127.0.0.1:" + port + ": address already in use "
                    + "(another program uses that port: pick another with --port, or 0 for a free one)\n");
        }
    }

    @Test
    void itSaysAtStartWhichModelAndEncoderRun() throws Exception {
        Path bundle = TestBundles.small(dir.resolve("bundle"));
        CommandLine cli = ModelServerCli.commandLine();
        ServeModelCommand command = cli.parseArgs("serve-model", "--model", bundle.toString(), "--port", "0", "--no-fetch")
                .subcommand().commandSpec().commandLine().getCommand();
        java.io.ByteArrayOutputStream captured = new java.io.ByteArrayOutputStream();
        java.io.PrintStream before = System.err;
        System.setErr(new java.io.PrintStream(captured, true, java.nio.charset.StandardCharsets.UTF_8));
        try (EmbeddedServer server = command.start()) {
            assertThat(server.isRunning()).isTrue();
        } finally {
            System.setErr(before);
        }
        assertThat(captured.toString(java.nio.charset.StandardCharsets.UTF_8).lines())
                .contains("ser: model " + bundle.toAbsolutePath() + " (mpgln-test 0.0.0-untrained+1), encoder none (built-in extractor)");
        assertThat(command.properties()).containsEntry("ser.model.fetch-encoder", false);
    }
}
