package io.serstreams.streamprocessor.replay;

import io.serstreams.schemas.errors.ErrorText;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A service a command is about to use (the broker, the schema registry), for a check before
 * anything is sent: a plain TCP connection, whose failure carries the operating system's reason
 * ({@code Connection refused}, an unknown host, a timeout). Kafka's clients only log such
 * failures and retry until a timeout, and the JDK's HTTP client reports them without a message,
 * so neither would tell the user what is wrong.
 *
 * @param service what the service is, for messages ({@code schema registry}, {@code Kafka broker})
 * @param where   the address as the user gave it
 * @param host    host to connect to
 * @param port    port to connect to
 */
public record ServiceEndpoint(String service, String where, String host, int port) {

    /** The host and port of {@code url} (the scheme's default port when it names none). */
    public static ServiceEndpoint ofUrl(String service, URI url) {
        int port = url.getPort() >= 0 ? url.getPort() : "https".equals(url.getScheme()) ? 443 : 80;
        if (url.getHost() == null) {
            throw new IllegalArgumentException(service + " " + url + ": not a URL with a host");
        }
        return new ServiceEndpoint(service, url.toString(), url.getHost(), port);
    }

    /** Each {@code host:port} of a comma-separated list such as Kafka's {@code bootstrap.servers}. */
    public static List<ServiceEndpoint> ofHostPorts(String service, String list) {
        List<ServiceEndpoint> endpoints = new ArrayList<>();
        for (String item : list.split(",")) {
            String address = item.trim();
            int colon = address.lastIndexOf(':');
            int port = -1;
            if (colon > 0) {
                try {
                    port = Integer.parseInt(address.substring(colon + 1));
                } catch (NumberFormatException e) {
                    port = -1;
                }
            }
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException(service + " address '" + address + "' is not HOST:PORT");
            }
            // Kafka takes bootstrap entries with a listener prefix too (SASL_SSL://host:9093).
            String host = address.substring(0, colon).replaceFirst("^[A-Za-z0-9_]+://", "").replaceFirst("^\\[(.*)]$", "$1");
            endpoints.add(new ServiceEndpoint(service, address, host, port));
        }
        return endpoints;
    }

    /**
     * Returns when at least one of {@code endpoints} accepts a connection within {@code timeout};
     * otherwise fails with {@code SERVICE WHERE unreachable: REASON} for each.
     */
    public static void requireOneReachable(List<ServiceEndpoint> endpoints, Duration timeout) {
        List<String> failures = new ArrayList<>();
        for (ServiceEndpoint endpoint : endpoints) {
            String failure = endpoint.connectFailure(timeout);
            if (failure == null) {
                return;
            }
            failures.add(endpoint.service() + " " + endpoint.where() + " unreachable: " + failure);
        }
        throw new IllegalStateException(String.join("; ", failures));
    }

    /** Why a TCP connection to this endpoint fails, or null when it succeeds. */
    String connectFailure(Duration timeout) {
        InetSocketAddress address = new InetSocketAddress(host, port);
        if (address.isUnresolved()) {
            return "unknown host " + host;
        }
        try (Socket socket = new Socket()) {
            socket.connect(address, (int) timeout.toMillis());
            return null;
        } catch (SocketTimeoutException e) {
            return "no answer within " + timeout.toMillis() + " ms";
        } catch (IOException e) {
            return ErrorText.of(e);
        }
    }
}
