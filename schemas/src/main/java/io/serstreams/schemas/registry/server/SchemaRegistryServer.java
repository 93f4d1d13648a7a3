package io.serstreams.schemas.registry.server;

import com.sun.net.httpserver.BasicAuthenticator;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;

import javax.net.ssl.SSLContext;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A small HTTP server exposing a {@link SchemaRegistryService} with Confluent's REST API, for the
 * embedded mode and for tests. Production uses a real Confluent-compatible registry instead.
 */
public final class SchemaRegistryServer implements AutoCloseable {
    private final HttpServer http;
    private final ExecutorService executor;
    private final SchemaRegistryService service;

    private SchemaRegistryServer(HttpServer http, ExecutorService executor, SchemaRegistryService service) {
        this.http = http;
        this.executor = executor;
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
        HttpServer http;
        try {
            if (tls == null) {
                http = HttpServer.create(address, 64);
            } else {
                HttpsServer https = HttpsServer.create(address, 64);
                https.setHttpsConfigurator(new HttpsConfigurator(tls));
                http = https;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not bind the schema registry to " + address + ": " + e.getMessage(), e);
        }
        AtomicInteger threads = new AtomicInteger();
        ExecutorService executor = Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, "schema-registry-http-" + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        var context = http.createContext("/", new RegistryHttpHandler(service));
        if (credentials != null) {
            int colon = credentials.indexOf(':');
            if (colon < 0) {
                throw new IllegalArgumentException("registry credentials must read user:password");
            }
            String user = credentials.substring(0, colon);
            String password = credentials.substring(colon + 1);
            context.setAuthenticator(new BasicAuthenticator("schema-registry") {
                @Override
                public boolean checkCredentials(String u, String p) {
                    return user.equals(u) && password.equals(p);
                }
            });
        }
        http.setExecutor(executor);
        http.start();
        return new SchemaRegistryServer(http, executor, service);
    }


    /** The base URL clients use, for example {@code http://127.0.0.1:38411}. */
    public String url() {
        InetSocketAddress bound = http.getAddress();
        String scheme = http instanceof HttpsServer ? "https" : "http";
        return scheme + "://" + bound.getHostString() + ":" + bound.getPort();
    }

    public int port() {
        return http.getAddress().getPort();
    }

    /** Stops serving and closes the service and its log. */
    @Override
    public void close() {
        http.stop(0);
        executor.shutdownNow();
        service.close();
    }
}
