package io.serstreams.schemas.registry.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.serstreams.schemas.registry.RegistryError;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.UriCompliance;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

import javax.net.ssl.SSLContext;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A small HTTP server exposing a {@link SchemaRegistryService} with Confluent's REST API, for the
 * embedded mode and for tests. Production uses a real Confluent-compatible registry instead.
 */
public final class SchemaRegistryServer implements AutoCloseable {
    private static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";

    private final Server jetty;
    private final ServerConnector connector;
    private final String host;
    private final boolean tls;
    private final SchemaRegistryService service;

    private SchemaRegistryServer(Server jetty, ServerConnector connector, String host, boolean tls, SchemaRegistryService service) {
        this.jetty = jetty;
        this.connector = connector;
        this.host = host;
        this.tls = tls;
        this.service = service;
    }

    /**
     * Starts serving {@code service} on {@code address} (port 0 picks a free port).
     *
     * @param credentials {@code user:password} that every request must present with basic auth, or null for none
     */
    public static SchemaRegistryServer start(SchemaRegistryService service, InetSocketAddress address, String credentials) {
        return start(service, address, credentials, null);
    }

    /**
     * Starts serving {@code service} on {@code address}, over HTTPS when {@code tls} is given.
     *
     * @param credentials {@code user:password} that every request must present with basic auth, or null for none
     * @param tls         the server's key material, or null for plain HTTP
     */
    public static SchemaRegistryServer start(SchemaRegistryService service, InetSocketAddress address, String credentials, SSLContext tls) {
        if (credentials != null && credentials.indexOf(':') < 0) {
            throw new IllegalArgumentException("registry credentials must read user:password");
        }
        QueuedThreadPool threads = new QueuedThreadPool(8, 2);
        threads.setName("schema-registry-http");
        threads.setDaemon(true);
        Server jetty = new Server(threads);
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        // Subject names are path segments: Confluent's clients percent-encode a '/' or '%' in them.
        http.setUriCompliance(UriCompliance.DEFAULT.with("schema-registry",
                UriCompliance.Violation.AMBIGUOUS_PATH_SEPARATOR, UriCompliance.Violation.AMBIGUOUS_PATH_ENCODING));
        ServerConnector connector;
        if (tls == null) {
            connector = new ServerConnector(jetty, new HttpConnectionFactory(http));
        } else {
            SslContextFactory.Server ssl = new SslContextFactory.Server();
            ssl.setSslContext(tls);
            connector = new ServerConnector(jetty, ssl, new HttpConnectionFactory(http));
        }
        connector.setHost(address.getHostString());
        connector.setPort(address.getPort());
        jetty.addConnector(connector);
        jetty.setHandler(new ApiHandler(new RegistryRoutes(service), credentials));
        try {
            jetty.start();
        } catch (Exception e) {
            stopQuietly(jetty);
            throw new UncheckedIOException("could not bind the schema registry to " + address + ": " + e.getMessage(),
                    e instanceof IOException io ? io : new IOException(e));
        }
        return new SchemaRegistryServer(jetty, connector, address.getHostString(), tls != null, service);
    }

    /** The base URL clients use, for example {@code http://127.0.0.1:38411}. */
    public String url() {
        return (tls ? "https" : "http") + "://" + host + ":" + port();
    }

    public int port() {
        return connector.getLocalPort();
    }

    /** Stops serving and closes the service and its log. */
    @Override
    public void close() {
        stopQuietly(jetty);
        service.close();
    }

    private static void stopQuietly(Server jetty) {
        try {
            jetty.stop();
        } catch (Exception e) {
            // Stopping a server that never started, or one already stopping: nothing is left to release.
        }
    }

    /** Carries requests between Jetty and the routes: basic auth first, then the path, query and body. */
    private static final class ApiHandler extends Handler.Abstract {
        private final RegistryRoutes routes;
        private final byte[] credentials;
        private final ObjectMapper json = new ObjectMapper();

        ApiHandler(RegistryRoutes routes, String credentials) {
            this.routes = routes;
            this.credentials = credentials == null ? null : credentials.getBytes(StandardCharsets.UTF_8);
        }

        @Override
        public boolean handle(Request request, Response response, Callback callback) throws Exception {
            RegistryResponse answer;
            if (credentials != null && !authorized(request)) {
                response.getHeaders().put(HttpHeader.WWW_AUTHENTICATE, "Basic realm=\"schema-registry\"");
                answer = routes.error(RegistryError.UNAUTHORIZED, "Unauthorized: this registry requires basic authentication");
            } else {
                byte[] body;
                try (InputStream in = Content.Source.asInputStream(request)) {
                    body = in.readNBytes(RegistryRoutes.MAX_BODY_BYTES + 1);
                }
                String rawPath = request.getHttpURI().getPath();
                answer = routes.handle(new RegistryRequest(request.getMethod(), segments(rawPath == null ? "/" : rawPath),
                        query(request.getHttpURI().getQuery()), body));
            }
            byte[] bytes = answer.body() instanceof String text ? text.getBytes(StandardCharsets.UTF_8) : json.writeValueAsBytes(answer.body());
            response.setStatus(answer.status());
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, CONTENT_TYPE);
            response.getHeaders().put(HttpHeader.CONTENT_LENGTH, bytes.length);
            response.write(true, ByteBuffer.wrap(bytes), callback);
            return true;
        }

        private boolean authorized(Request request) {
            String header = request.getHeaders().get(HttpHeader.AUTHORIZATION);
            if (header == null || !header.regionMatches(true, 0, "Basic ", 0, 6)) {
                return false;
            }
            try {
                return MessageDigest.isEqual(credentials, Base64.getDecoder().decode(header.substring(6).trim()));
            } catch (IllegalArgumentException notBase64) {
                return false;
            }
        }

        private static List<String> segments(String rawPath) {
            return Arrays.stream(rawPath.split("/"))
                    .filter(s -> !s.isEmpty())
                    .map(s -> URLDecoder.decode(s, StandardCharsets.UTF_8))
                    .toList();
        }

        private static Map<String, String> query(String raw) {
            Map<String, String> parameters = new HashMap<>();
            if (raw != null) {
                for (String pair : raw.split("&")) {
                    int eq = pair.indexOf('=');
                    String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                    String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                    if (!name.isEmpty()) {
                        parameters.putIfAbsent(name, value);
                    }
                }
            }
            return parameters;
        }
    }
}
