package io.serstreams.featureextractor.encoder;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EncoderCacheTest {

    @Test
    void theSystemPropertyWinsOverTheEnvironmentWhichWinsOverTheDefault() {
        Properties properties = new Properties();
        properties.setProperty("user.home", "/home/someone");
        assertThat(EncoderCache.resolve(properties, Map.of()))
                .isEqualTo(new EncoderCache(Path.of("/home/someone/.cache/ser-streams/encoders"), "default"));
        assertThat(EncoderCache.resolve(properties, Map.of("XDG_CACHE_HOME", "/var/cache/me")).root())
                .isEqualTo(Path.of("/var/cache/me/ser-streams/encoders"));
        assertThat(EncoderCache.resolve(properties, Map.of("XDG_CACHE_HOME", "/var/cache/me", "SER_ENCODER_CACHE", "/opt/enc")))
                .isEqualTo(new EncoderCache(Path.of("/opt/enc"), "environment variable SER_ENCODER_CACHE"));
        properties.setProperty("ser.encoder.cache", "/srv/enc");
        assertThat(EncoderCache.resolve(properties, Map.of("SER_ENCODER_CACHE", "/opt/enc")))
                .isEqualTo(new EncoderCache(Path.of("/srv/enc"), "system property ser.encoder.cache"));
    }

    @Test
    void onlyAFileWithTheReleaseSizeAndHashIsVerified(@TempDir Path dir) throws Exception {
        byte[] content = EncoderFiles.randomBytes(5000, 1);
        EncoderSpec spec = EncoderFiles.specOf(content);
        EncoderCache cache = new EncoderCache(dir, "test");
        assertThat(cache.verified(spec)).isEmpty();

        byte[] tampered = content.clone();
        tampered[4000] ^= 1;
        Files.write(cache.fileOf(spec), tampered);
        assertThat(cache.verified(spec)).isEmpty();
        assertThat(spec.mismatch(cache.fileOf(spec))).get().asString()
                .startsWith("sha256 ").contains(", expected " + spec.sha256() + " (5,000 bytes)");

        Files.write(cache.fileOf(spec), new byte[10]);
        assertThat(spec.mismatch(cache.fileOf(spec))).get().asString().endsWith("(10 bytes, expected 5,000)");

        Files.write(cache.fileOf(spec), content);
        assertThat(cache.verified(spec)).contains(dir.resolve("test-encoder.bin"));
        assertThat(cache.require(spec)).isEqualTo(dir.resolve("test-encoder.bin"));
    }

    @Test
    void requireTellsHowToFetchAMissingFile(@TempDir Path dir) {
        EncoderCache cache = new EncoderCache(dir, "--cache");
        assertThatThrownBy(() -> cache.require(EncoderSpec.MN04)).isInstanceOf(EncoderException.class)
                .hasMessage("mn04 is not in the encoder cache " + dir + " (--cache) or does not match its release; run ./ser encoder fetch,"
                        + " or ./ser encoder fetch --from FILE with a copy of mn04_as_mAP_432.pt");
    }

    @Test
    void testsReadTheSharedCheckpointThroughTheConfiguredCache() {
        Path mn04 = SharedEncoder.mn04();
        assertThat(mn04.getParent()).isEqualTo(Path.of(System.getProperty("shared.dir"), "encoders").toAbsolutePath().normalize());
    }
}
