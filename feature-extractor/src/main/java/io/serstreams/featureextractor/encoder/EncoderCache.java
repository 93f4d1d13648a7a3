package io.serstreams.featureextractor.encoder;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;

/**
 * The folder outside the repository that holds fetched encoder files, one file per encoder under
 * its release file name.
 *
 * @param root   the folder (it need not exist yet)
 * @param origin what chose it, for messages: {@code system property ser.encoder.cache}, ...
 */
public record EncoderCache(Path root, String origin) {
    /** System property naming the cache folder. */
    public static final String ROOT_PROPERTY = "ser.encoder.cache";
    /** Environment variable naming the cache folder (the system property wins). */
    public static final String ROOT_ENV = "SER_ENCODER_CACHE";

    public EncoderCache {
        Objects.requireNonNull(root, "root");
        Objects.requireNonNull(origin, "origin");
        root = root.toAbsolutePath().normalize();
    }

    /** The cache this process is configured for (see {@link #resolve(Properties, Map)}). */
    public static EncoderCache configured() {
        return resolve(System.getProperties(), System.getenv());
    }

    /**
     * The {@value #ROOT_PROPERTY} system property, else {@value #ROOT_ENV}, else
     * {@code $XDG_CACHE_HOME/ser-streams/encoders}, else {@code ~/.cache/ser-streams/encoders}.
     */
    public static EncoderCache resolve(Properties properties, Map<String, String> environment) {
        String property = properties.getProperty(ROOT_PROPERTY);
        if (isSet(property)) {
            return new EncoderCache(Path.of(property), "system property " + ROOT_PROPERTY);
        }
        String env = environment.get(ROOT_ENV);
        if (isSet(env)) {
            return new EncoderCache(Path.of(env), "environment variable " + ROOT_ENV);
        }
        String xdg = environment.get("XDG_CACHE_HOME");
        if (isSet(xdg)) {
            return new EncoderCache(Path.of(xdg, "ser-streams", "encoders"), "default under XDG_CACHE_HOME");
        }
        return new EncoderCache(Path.of(properties.getProperty("user.home"), ".cache", "ser-streams", "encoders"), "default");
    }

    /** Where {@code spec}'s file is (or would be) in this cache. */
    public Path fileOf(EncoderSpec spec) {
        return root.resolve(spec.fileName());
    }

    /** {@code spec}'s file when it is in this cache and matches the release's size and sha256. */
    public Optional<Path> verified(EncoderSpec spec) {
        Path file = fileOf(spec);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            return spec.mismatch(file).isEmpty() ? Optional.of(file) : Optional.empty();
        } catch (IOException e) {
            throw new EncoderException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /** {@code spec}'s verified file, or an error telling the user how to get it. */
    public Path require(EncoderSpec spec) {
        return verified(spec).orElseThrow(() -> new EncoderException(spec.name() + " is not in the encoder cache " + root
                + " (" + origin + ") or does not match its release; run ./ser encoder fetch, or ./ser encoder fetch --from FILE"
                + " with a copy of " + spec.fileName()));
    }

    private static boolean isSet(String value) {
        return value != null && !value.isBlank();
    }
}
