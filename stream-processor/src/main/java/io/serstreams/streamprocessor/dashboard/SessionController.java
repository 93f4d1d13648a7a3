package io.serstreams.streamprocessor.dashboard;

import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.cookie.Cookie;
import io.micronaut.http.cookie.SameSite;

import java.net.URI;
import java.util.Map;

/** {@code POST /dashboard/session} (the login form): a right token sets the access cookie and opens the dashboard. */
@Controller("/dashboard")
public class SessionController {
    private final DashboardAccess access;

    public SessionController(DashboardAccess access) {
        this.access = access;
    }

    @Post(value = "/session", consumes = MediaType.APPLICATION_FORM_URLENCODED)
    public HttpResponse<?> login(@Body Map<String, String> form) {
        String token = form.get("token");
        if (!access.accepts(token)) {
            return HttpResponse.seeOther(URI.create("/dashboard/login.html?failed"));
        }
        return HttpResponse.seeOther(URI.create("/dashboard/index.html"))
                .cookie(Cookie.of(DashboardAccess.COOKIE, token).httpOnly(true).sameSite(SameSite.Strict).path("/"));
    }
}
