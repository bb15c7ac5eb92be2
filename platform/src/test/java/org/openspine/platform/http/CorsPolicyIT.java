package org.openspine.platform.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openspine.platform.audit.RecordedEvents;
import org.openspine.platform.security.token.TestTokens;

class CorsPolicyIT {

    private static final String APP = "https://app.example.nhs.uk";

    private static HttpServer closed;
    private static HttpServer open;

    @BeforeAll
    static void start() {
        closed = HttpServer.start(new HttpConfig("127.0.0.1", 0, 1024 * 1024), TestTokens.authentication(), new RecordedEvents(), TestRoutes.all());
        open = HttpServer.start(new HttpConfig("127.0.0.1", 0, 1024 * 1024, Optional.empty(),
                List.of(APP, "http://localhost:3000"), Optional.empty()), TestTokens.authentication(), new RecordedEvents(), TestRoutes.all());
    }

    @AfterAll
    static void stop() {
        open.close();
        closed.close();
    }

    @Test
    void byDefaultNeitherAPreflightNorARequestGetsAnyCorsHeader() {
        TestHttp http = client(closed);

        TestHttp.Response preflight = preflight(http, APP);
        TestHttp.Response request = http.request("GET", "/ping").header("Origin", APP).send();

        assertThat(preflight.status()).isEqualTo(405);
        assertNoCorsHeaders(preflight);
        assertThat(request.status()).isEqualTo(200);
        assertNoCorsHeaders(request);
    }

    @Test
    void aPreflightFromAConfiguredOriginIsAllowedWithTheApiMethodsAndHeaders() {
        TestHttp.Response preflight = preflight(client(open), APP);

        assertThat(preflight.status()).isEqualTo(204);
        assertThat(preflight.header("Access-Control-Allow-Origin")).isEqualTo(APP);
        assertThat(preflight.header("Access-Control-Allow-Methods")).isEqualTo("GET, HEAD, POST, PUT, PATCH, DELETE");
        assertThat(preflight.header("Access-Control-Allow-Headers")).isEqualTo("Authorization, Content-Type, Accept, "
                + "If-Match, If-None-Match, If-None-Exist, If-Modified-Since, Prefer, NHSD-Session-URID, X-Request-ID, "
                + "X-Correlation-ID, X-Break-Glass-Reason");
        assertThat(preflight.header("Access-Control-Max-Age")).isEqualTo("600");
        assertThat(preflight.header("Access-Control-Allow-Credentials")).isNull();
        assertThat(preflight.header("Vary")).isEqualTo("Origin");
        SecurityHeadersIT.assertSecurityHeaders(preflight);
    }

    @Test
    void aRequestFromAConfiguredOriginMayBeReadWithItsHeaders() {
        TestHttp.Response request = client(open).request("GET", "/ping").header("Origin", "http://localhost:3000").send();

        assertThat(request.status()).isEqualTo(200);
        assertThat(request.header("Access-Control-Allow-Origin")).isEqualTo("http://localhost:3000");
        assertThat(request.header("Access-Control-Expose-Headers"))
                .isEqualTo("ETag, Last-Modified, Location, Content-Location, Retry-After, X-Request-ID, X-Correlation-ID");
    }

    @Test
    void anUnknownOriginGetsNoCorsHeadersEvenWhenOthersAreConfigured() {
        TestHttp http = client(open);

        TestHttp.Response preflight = preflight(http, "https://evil.example");
        TestHttp.Response lookalike = preflight(http, APP + ".evil.example");
        TestHttp.Response request = http.request("GET", "/ping").header("Origin", "https://evil.example").send();

        assertThat(preflight.status()).isEqualTo(405);
        assertNoCorsHeaders(preflight);
        assertNoCorsHeaders(lookalike);
        assertThat(request.status()).isEqualTo(200);
        assertNoCorsHeaders(request);
    }

    private static TestHttp client(HttpServer server) {
        return new TestHttp("http://localhost:" + server.port());
    }

    private static TestHttp.Response preflight(TestHttp http, String origin) {
        return http.request("OPTIONS", "/ping").header("Origin", origin).header("Access-Control-Request-Method", "PUT")
                .header("Access-Control-Request-Headers", "authorization,content-type,if-match").send();
    }

    private static void assertNoCorsHeaders(TestHttp.Response response) {
        assertThat(response.headers().map().keySet()).noneMatch(name -> name.toLowerCase().startsWith("access-control-"));
    }
}
