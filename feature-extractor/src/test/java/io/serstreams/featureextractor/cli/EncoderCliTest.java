package io.serstreams.featureextractor.cli;

import com.sun.net.httpserver.HttpServer;
import io.serstreams.featureextractor.encoder.EncoderCache;
import io.serstreams.featureextractor.encoder.EncoderSpec;
import io.serstreams.featureextractor.testing.SharedData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

class EncoderCliTest {

    private record Run(int exit, String out, String err) {
    }

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = EncoderCli.commandLine();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        int exit = cli.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    @Test
    void fetchImportsALocalCopyAndInfoReportsItVerified(@TempDir Path dir) {
        Path release = SharedData.require("encoders/mn04_as_mAP_432.pt");
        Path cache = dir.resolve("cache");

        Run fetch = run("encoder", "fetch", "--from", release.toString(), "--cache", cache.toString());
        assertThat(fetch.exit()).as(fetch.err()).isZero();
        assertThat(fetch.out()).isEqualTo(cache.resolve("mn04_as_mAP_432.pt") + System.lineSeparator());
        assertThat(fetch.err()).contains("importing mn04 from " + release).contains("100%");

        Run again = run("encoder", "fetch", "--cache", cache.toString());
        assertThat(again.exit()).isZero();
        assertThat(again.err()).contains("mn04 is already in the cache, verified");

        Run info = run("encoder", "info", "--cache", cache.toString());
        assertThat(info.exit()).as(info.err()).isZero();
        assertThat(info.out()).contains("cache: " + cache + " (--cache)")
                .contains("mn04: " + cache.resolve("mn04_as_mAP_432.pt") + " verified (sha256 " + EncoderSpec.MN04.sha256() + ", 4066513 bytes);"
                        + " 312 tensors match the architecture");
    }

    @Test
    void infoWithoutOptionsReadsTheConfiguredCache() {
        SharedData.require("encoders/mn04_as_mAP_432.pt");
        Run info = run("encoder", "info");
        assertThat(info.exit()).as(info.out()).isZero();
        assertThat(info.out()).contains("(system property " + EncoderCache.ROOT_PROPERTY + ")").contains("312 tensors match the architecture");
    }

    @Test
    void aWrongFileIsRefusedInOneLineAndTheCacheStaysEmpty(@TempDir Path dir) throws Exception {
        Path wrong = Files.write(dir.resolve("mn04_as_mAP_432.pt"), new byte[1000]);
        Path cache = dir.resolve("cache");
        Run fetch = run("encoder", "fetch", "--from", wrong.toString(), "--cache", cache.toString());
        assertThat(fetch.exit()).isEqualTo(1);
        assertThat(fetch.out()).isEmpty();
        assertThat(fetch.err().lines().filter(l -> l.startsWith("ser encoder: "))).singleElement().asString()
                .contains("is not the release file: sha256 ").contains("expected " + EncoderSpec.MN04.sha256())
                .endsWith("; refused, the cache is unchanged");
        try (Stream<Path> files = Files.list(cache)) {
            assertThat(files).isEmpty();
        }

        Run info = run("encoder", "info", "--cache", cache.toString());
        assertThat(info.exit()).isEqualTo(1);
        assertThat(info.out()).contains("mn04: absent; run ./ser encoder fetch");

        Files.copy(wrong, cache.resolve("mn04_as_mAP_432.pt"));
        assertThat(run("encoder", "info", "--cache", cache.toString()).out()).contains("does not verify: sha256 ");
    }

    @Test
    void aFailedDownloadSaysWhatToDoInstead(@TempDir Path dir) throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            exchange.sendResponseHeaders(404, -1);
            exchange.close();
        });
        server.start();
        try {
            String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/mn04_as_mAP_432.pt";
            Run fetch = run("encoder", "fetch", "--url", url, "--cache", dir.toString());
            assertThat(fetch.exit()).isEqualTo(1);
            assertThat(fetch.out()).isEmpty();
            assertThat(fetch.err()).isEqualTo("ser encoder: cannot download mn04 from " + url
                    + ": HTTP 404; copy the file and run ./ser encoder fetch --from FILE" + System.lineSeparator());
        } finally {
            server.stop(0);
        }
    }

    @Test
    void fromAndUrlExcludeEachOther(@TempDir Path dir) {
        Run fetch = run("encoder", "fetch", "--from", "a.pt", "--url", "http://127.0.0.1:9/a.pt", "--cache", dir.toString());
        assertThat(fetch.exit()).isEqualTo(2);
        assertThat(fetch.err()).contains("--from and --url exclude each other");
    }
}
