package io.serstreams.schemas.registry;

import org.apache.kafka.common.config.ConfigException;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * How to reach a schema registry. Built from the same property names Confluent's clients use, so an
 * existing client configuration works unchanged.
 *
 * @param urls         base URLs, tried in order until one answers
 * @param userInfo     {@code user:password} for HTTP basic auth, or null
 * @param sslContext   TLS settings for https URLs, or null for the JVM defaults
 * @param timeout      per-request timeout
 */
public record RegistryClientConfig(List<URI> urls, String userInfo, SSLContext sslContext, Duration timeout) {

    public static final String URL = "schema.registry.url";
    public static final String CREDENTIALS_SOURCE = "basic.auth.credentials.source";
    public static final String USER_INFO = "basic.auth.user.info";
    public static final String TIMEOUT_MS = "schema.registry.request.timeout.ms";
    public static final String TRUSTSTORE_LOCATION = "schema.registry.ssl.truststore.location";
    public static final String TRUSTSTORE_PASSWORD = "schema.registry.ssl.truststore.password";
    public static final String TRUSTSTORE_TYPE = "schema.registry.ssl.truststore.type";
    public static final String KEYSTORE_LOCATION = "schema.registry.ssl.keystore.location";
    public static final String KEYSTORE_PASSWORD = "schema.registry.ssl.keystore.password";
    public static final String KEYSTORE_TYPE = "schema.registry.ssl.keystore.type";
    public static final String KEY_PASSWORD = "schema.registry.ssl.key.password";

    public RegistryClientConfig {
        if (urls == null || urls.isEmpty()) {
            throw new ConfigException(URL, null, "at least one schema registry URL is required");
        }
        urls = List.copyOf(urls);
        timeout = timeout == null ? Duration.ofSeconds(30) : timeout;
    }

    /** A configuration for one URL, no auth, default TLS. */
    public static RegistryClientConfig of(String url) {
        return fromProperties(Map.of(URL, url));
    }

    /** Reads the Confluent-named properties; fails with a {@link ConfigException} naming the bad key. */
    public static RegistryClientConfig fromProperties(Map<String, ?> props) {
        Object rawUrls = props.get(URL);
        if (rawUrls == null || rawUrls.toString().isBlank()) {
            throw new ConfigException(URL, rawUrls, "set " + URL + " to the schema registry's base URL, for example http://localhost:8081");
        }
        List<URI> urls = new ArrayList<>();
        for (String url : rawUrls.toString().split(",")) {
            String trimmed = url.trim();
            URI uri;
            try {
                uri = URI.create(trimmed.endsWith("/") ? trimmed.substring(0, trimmed.length() - 1) : trimmed);
            } catch (IllegalArgumentException e) {
                throw new ConfigException(URL, url, "not a valid URL: " + e.getMessage());
            }
            if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())) {
                throw new ConfigException(URL, url, "a schema registry URL must start with http:// or https://");
            }
            urls.add(uri);
        }
        String userInfo = null;
        Object source = props.get(CREDENTIALS_SOURCE);
        if (source == null || "USER_INFO".equalsIgnoreCase(source.toString())) {
            Object info = props.get(USER_INFO);
            userInfo = info == null || info.toString().isBlank() ? null : info.toString();
        } else if ("URL".equalsIgnoreCase(source.toString())) {
            userInfo = urls.get(0).getUserInfo();
        } else {
            throw new ConfigException(CREDENTIALS_SOURCE, source, "supported sources are USER_INFO and URL");
        }
        if (userInfo != null && !userInfo.contains(":")) {
            throw new ConfigException(USER_INFO, "(hidden)", "basic auth user info must read user:password");
        }
        Duration timeout = Duration.ofMillis(parseLong(props, TIMEOUT_MS, 30_000));
        return new RegistryClientConfig(urls, userInfo, sslContext(props), timeout);
    }

    private static long parseLong(Map<String, ?> props, String key, long fallback) {
        Object value = props.get(key);
        if (value == null) {
            return fallback;
        }
        try {
            return Long.parseLong(value.toString().trim());
        } catch (NumberFormatException e) {
            throw new ConfigException(key, value, "expected a whole number of milliseconds");
        }
    }

    private static SSLContext sslContext(Map<String, ?> props) {
        Object trustLocation = props.get(TRUSTSTORE_LOCATION);
        Object keyLocation = props.get(KEYSTORE_LOCATION);
        if (trustLocation == null && keyLocation == null) {
            return null;
        }
        try {
            TrustManagerFactory tmf = null;
            if (trustLocation != null) {
                KeyStore trustStore = load(TRUSTSTORE_LOCATION, trustLocation.toString(), props.get(TRUSTSTORE_TYPE), props.get(TRUSTSTORE_PASSWORD));
                tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                tmf.init(trustStore);
            }
            KeyManagerFactory kmf = null;
            if (keyLocation != null) {
                KeyStore keyStore = load(KEYSTORE_LOCATION, keyLocation.toString(), props.get(KEYSTORE_TYPE), props.get(KEYSTORE_PASSWORD));
                Object keyPassword = props.get(KEY_PASSWORD) != null ? props.get(KEY_PASSWORD) : props.get(KEYSTORE_PASSWORD);
                kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                kmf.init(keyStore, keyPassword == null ? null : keyPassword.toString().toCharArray());
            }
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(kmf == null ? null : kmf.getKeyManagers(), tmf == null ? null : tmf.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new ConfigException("schema.registry.ssl.*", null, "could not set up TLS: " + e.getMessage());
        }
    }

    private static KeyStore load(String key, String location, Object type, Object password) {
        Path path = Path.of(location);
        if (!Files.isReadable(path)) {
            throw new ConfigException(key, location, "no readable key store at this path");
        }
        try (InputStream in = Files.newInputStream(path)) {
            KeyStore store = KeyStore.getInstance(type == null ? "PKCS12" : type.toString());
            store.load(in, password == null ? null : password.toString().toCharArray());
            return store;
        } catch (IOException | GeneralSecurityException e) {
            throw new ConfigException(key, location, "could not load the key store: " + e.getMessage());
        }
    }

    @Override
    public String toString() {
        // Never print the credentials.
        return "RegistryClientConfig[urls=" + urls + ", basicAuth=" + (userInfo != null) + ", tls=" + (sslContext != null) + ", timeout=" + timeout + "]";
    }
}
