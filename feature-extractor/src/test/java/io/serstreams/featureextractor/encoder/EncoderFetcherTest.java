package io.serstreams.featureextractor.encoder;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EncoderFetcherTest {
    private final List<String> progress = new ArrayList<>();

    private EncoderFetcher fetcher(Path cache) {
        return EncoderFetcher.withDefaultClient(new EncoderCache(cache, "test"), progress::add);
    }

    @Test
    void downloadsTheRealCheckpointFromALoopbackServer(@TempDir Path dir) throws Exception {
        byte[] release = Files.readAllBytes(SharedEncoder.mn04());
        Path cache = dir.resolve("cache");
        try (LoopbackServer server = new LoopbackServer().serve("/v0.0.1/mn04_as_mAP_432.pt", release)) {
            Path file = fetcher(cache).download(EncoderSpec.MN04, server.url("/v0.0.1/mn04_as_mAP_432.pt"));

            assertThat(file).isEqualTo(cache.resolve("mn04_as_mAP_432.pt"));
            assertThat(Files.readAllBytes(file)).isEqualTo(release);
            assertThat(EncoderFiles.listing(cache)).containsExactly("mn04_as_mAP_432.pt");
            assertThat(progress.get(0)).startsWith("downloading mn04 from " + server.url("/v0.0.1/mn04_as_mAP_432.pt"));
            assertThat(progress).last().asString().contains("100%").contains("4.1 MB");
        }
    }

    @Test
    void followsARedirectAndAcceptsTheRightHash(@TempDir Path dir) throws Exception {
        byte[] content = EncoderFiles.randomBytes(300_000, 2);
        EncoderSpec spec = EncoderFiles.specOf(content);
        try (LoopbackServer server = new LoopbackServer().serve("/objects/file", content).redirect("/release/file", "/objects/file")) {
            Path file = fetcher(dir).download(spec, server.url("/release/file"));
            assertThat(Files.readAllBytes(file)).isEqualTo(content);
            assertThat(server.requests()).isEqualTo(2);
            assertThat(new EncoderCache(dir, "test").verified(spec)).contains(file);
        }
    }

    @Test
    void refusesAFileWithTheWrongHashAndLeavesNothingInTheCache(@TempDir Path dir) throws Exception {
        byte[] wrong = EncoderFiles.randomBytes((int) EncoderSpec.MN04.size(), 3);
        EncoderSpec actual = EncoderFiles.specOf(wrong);
        Path cache = dir.resolve("cache");
        try (LoopbackServer server = new LoopbackServer().serve("/mn04.pt", wrong)) {
            URI url = server.url("/mn04.pt");
            assertThatThrownBy(() -> fetcher(cache).download(EncoderSpec.MN04, url)).isInstanceOf(EncoderException.class)
                    .hasMessage("mn04 from " + url + " is not the release file: sha256 " + actual.sha256() + ", expected "
                            + EncoderSpec.MN04.sha256() + " (4,066,513 bytes); refused, the cache is unchanged");
        }
        assertThat(EncoderFiles.listing(cache)).isEmpty();
    }

    @Test
    void stopsReadingAnAnswerLongerThanTheReleaseFile(@TempDir Path dir) throws Exception {
        byte[] content = EncoderFiles.randomBytes(1000, 4);
        EncoderSpec spec = EncoderFiles.specOf(content);
        byte[] longer = EncoderFiles.randomBytes(50_000, 5);
        try (LoopbackServer server = new LoopbackServer().serve("/big", longer)) {
            assertThatThrownBy(() -> fetcher(dir).download(spec, server.url("/big"))).isInstanceOf(EncoderException.class)
                    .hasMessageContaining("(1,001 bytes, expected 1,000); refused, the cache is unchanged");
        }
        assertThat(EncoderFiles.listing(dir)).isEmpty();
    }

    @Test
    void reportsAnHttpErrorWithWhatToDoInstead(@TempDir Path dir) throws Exception {
        try (LoopbackServer server = new LoopbackServer()) {
            URI url = server.url("/gone/mn04_as_mAP_432.pt");
            assertThatThrownBy(() -> fetcher(dir).download(EncoderSpec.MN04, url)).isInstanceOf(EncoderException.class)
                    .hasMessage("cannot download mn04 from " + url + ": HTTP 404; copy the file and run ./ser encoder fetch --from FILE");
        }
        assertThat(EncoderFiles.listing(dir)).isEmpty();
    }

    @Test
    void reportsAnUnreachableServerInOneLine(@TempDir Path dir) throws Exception {
        URI url;
        try (LoopbackServer server = new LoopbackServer()) {
            url = server.url("/mn04_as_mAP_432.pt");
        }
        URI closed = url;
        assertThatThrownBy(() -> fetcher(dir).download(EncoderSpec.MN04, closed)).isInstanceOf(EncoderException.class)
                .hasMessageStartingWith("cannot download mn04 from " + closed + ": ")
                .hasMessageEndingWith("; copy the file and run ./ser encoder fetch --from FILE")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n").doesNotContain("null"));
        assertThatThrownBy(() -> fetcher(dir).download(EncoderSpec.MN04, URI.create("ftp://example.org/mn04.pt")))
                .hasMessage("cannot download mn04 from ftp://example.org/mn04.pt: not an http or https URL");
    }

    @Test
    void anUnknownHostIsNamedAsSuch() {
        Exception unresolved = new ConnectException();
        unresolved.initCause(new UnresolvedAddressException());
        assertThat(EncoderFetcher.reason(unresolved)).isEqualTo("host not found");
        assertThat(EncoderFetcher.reason(new HttpConnectTimeoutException("HTTP connect timed out"))).isEqualTo("connection timed out");
    }

    @Test
    void importsALocalCopyWithTheSameCheck(@TempDir Path dir) throws Exception {
        byte[] content = EncoderFiles.randomBytes(20_000, 6);
        EncoderSpec spec = EncoderFiles.specOf(content);
        Path cache = dir.resolve("cache");
        Path copy = Files.write(dir.resolve("downloaded.bin"), content);
        Path wrong = Files.write(dir.resolve("other.bin"), EncoderFiles.randomBytes(20_000, 7));

        assertThatThrownBy(() -> fetcher(cache).importFile(spec, wrong)).isInstanceOf(EncoderException.class)
                .hasMessageStartingWith("test-encoder from " + wrong + " is not the release file: sha256 ")
                .hasMessageEndingWith("; refused, the cache is unchanged");
        assertThat(EncoderFiles.listing(cache)).isEmpty();
        assertThatThrownBy(() -> fetcher(cache).importFile(spec, dir.resolve("nowhere.bin"))).hasMessage(dir.resolve("nowhere.bin") + ": no such file");
        assertThatThrownBy(() -> fetcher(cache).importFile(spec, dir)).hasMessageStartingWith(dir + ": is a folder");

        Path file = fetcher(cache).importFile(spec, copy);
        assertThat(file).isEqualTo(cache.resolve("test-encoder.bin"));
        assertThat(Files.readAllBytes(file)).isEqualTo(content);
        assertThat(EncoderFiles.listing(cache)).containsExactly("test-encoder.bin");
    }

    @Test
    void replacesACorruptCachedFile(@TempDir Path dir) throws Exception {
        byte[] content = EncoderFiles.randomBytes(10_000, 8);
        EncoderSpec spec = EncoderFiles.specOf(content);
        Files.write(dir.resolve(spec.fileName()), new byte[10_000]);
        EncoderFetcher fetcher = fetcher(dir);
        assertThat(fetcher.cached(spec)).isEmpty();
        try (LoopbackServer server = new LoopbackServer().serve("/file", content)) {
            fetcher.download(spec, server.url("/file"));
        }
        assertThat(fetcher.cached(spec)).contains(dir.resolve(spec.fileName()));
    }

    @Test
    void aCacheThatCannotBeCreatedIsNamed(@TempDir Path dir) throws Exception {
        Path notAFolder = Files.writeString(dir.resolve("file"), "x");
        byte[] content = EncoderFiles.randomBytes(100, 9);
        EncoderSpec spec = EncoderFiles.specOf(content);
        Path copy = Files.write(dir.resolve("copy.bin"), content);
        EncoderFetcher fetcher = new EncoderFetcher(new EncoderCache(notAFolder.resolve("cache"), "test"), HttpClient.newHttpClient(), progress::add);
        assertThatThrownBy(() -> fetcher.importFile(spec, copy)).isInstanceOf(EncoderException.class)
                .hasMessageStartingWith("cannot write to the encoder cache " + notAFolder.resolve("cache") + " (test): ")
                .hasMessageEndingWith("; set ser.encoder.cache or SER_ENCODER_CACHE to a writable folder");
    }
}
