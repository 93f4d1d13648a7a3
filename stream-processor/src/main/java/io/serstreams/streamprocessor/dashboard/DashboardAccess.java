package io.serstreams.streamprocessor.dashboard;

import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Value;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.http.cookie.Cookie;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * Who may see the API and the dashboard. Bound to the loopback interface (the demo), anyone on
 * this machine; otherwise only holders of {@code ser.dashboard.token}, sent as
 * {@code Authorization: Bearer <token>} or as the {@code ser_token} cookie the login form sets
 * (browsers' EventSource cannot send headers). Without the token: 401. Bound elsewhere with no
 * token configured, the application refuses to start. Every path is covered, so a management
 * endpoint an operator turns on ({@code endpoints.info.enabled}, ...) is behind the token too;
 * health and metrics stay open for probes.
 */
@Context
@ServerFilter(patterns = "/**")
public class DashboardAccess {
    static final String COOKIE = "ser_token";
    private final byte[] token;
    private final boolean open;

    public DashboardAccess(@Nullable @Value("${ser.dashboard.token:}") String token, @Value("${micronaut.server.host:127.0.0.1}") String host) {
        this.token = token == null || token.isBlank() ? null : token.getBytes(StandardCharsets.UTF_8);
        this.open = this.token == null;
        if (open && !isLoopback(host)) {
            throw new IllegalStateException("micronaut.server.host is " + host + ", not the loopback interface: set ser.dashboard.token "
                    + "(SER_DASHBOARD_TOKEN) so the API and the dashboard are not open to the network");
        }
    }

    @RequestFilter
    @Nullable
    public HttpResponse<?> check(HttpRequest<?> request) {
        if (open || isPublic(request.getPath())) {
            return null;
        }
        String header = request.getHeaders().getAuthorization().orElse("");
        String presented = header.startsWith("Bearer ") ? header.substring(7) : request.getCookies().findCookie(COOKIE).map(Cookie::getValue).orElse(null);
        if (presented != null && MessageDigest.isEqual(token, presented.getBytes(StandardCharsets.UTF_8))) {
            return null;
        }
        if (request.getPath().startsWith("/dashboard/") || request.getPath().equals("/")) {
            return HttpResponse.seeOther(java.net.URI.create("/dashboard/login.html"));
        }
        return HttpResponse.status(HttpStatus.UNAUTHORIZED).contentType(MediaType.TEXT_PLAIN_TYPE)
                .header("WWW-Authenticate", "Bearer realm=\"ser-streams\"").body("a token is required (Authorization: Bearer <token>)");
    }

    private static boolean isPublic(String path) {
        return path.equals("/dashboard/login.html") || path.equals("/dashboard/session") || path.startsWith("/dashboard/vendor/") || path.endsWith(".css")
                || path.equals("/health") || path.startsWith("/health/") || path.equals("/prometheus");
    }

    /** Checks a token presented by the login form. */
    boolean accepts(String presented) {
        return open || presented != null && MessageDigest.isEqual(token, presented.getBytes(StandardCharsets.UTF_8));
    }

    private static boolean isLoopback(String host) {
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
