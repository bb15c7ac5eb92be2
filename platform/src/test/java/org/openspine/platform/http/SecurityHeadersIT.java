package org.openspine.platform.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openspine.platform.audit.RecordedEvents;
import org.openspine.platform.security.token.TestTokens;

class SecurityHeadersIT {

    private static HttpServer server;
    private static TestHttp http;

    @BeforeAll
    static void start() {
        server = HttpServer.start(new HttpConfig("127.0.0.1", 0, 1024 * 1024), TestTokens.authentication(), new RecordedEvents(), TestRoutes.all());
        http = new TestHttp("http://localhost:" + server.port());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void aSuccessfulResponseCarriesEverySecurityHeaderAndNoServerVersion() {
        TestHttp.Response response = http.get("/ping");

        assertThat(response.status()).isEqualTo(200);
        assertSecurityHeaders(response);
    }

    @Test
    void aRequestWithoutATokenIsRefusedWithTheSameHeaders() {
        TestHttp.Response response = http.get("/nowhere");

        assertThat(response.status()).isEqualTo(401);
        assertSecurityHeaders(response);
    }

    @Test
    void anUnknownPathIsAnOutcomeWithTheSameHeaders() {
        TestHttp.Response response = http.as(TestTokens.bearer(TestTokens.integrator())).get("/nowhere");

        assertThat(response.status()).isEqualTo(404);
        assertThat(response.text()).isEqualTo("{\"resourceType\":\"OperationOutcome\",\"issue\":[{\"severity\":\"error\","
                + "\"code\":\"not-found\",\"diagnostics\":\"no such endpoint: GET /nowhere\"}]}");
        assertSecurityHeaders(response);
    }

    @Test
    void aMethodNotAllowedAndAnInternalErrorCarryTheSameHeaders() {
        TestHttp.Response notAllowed = http.post("/ping", "application/json", "{}");
        TestHttp.Response failed = http.get("/boom");

        assertThat(notAllowed.status()).isEqualTo(405);
        assertSecurityHeaders(notAllowed);
        assertThat(failed.status()).isEqualTo(500);
        assertThat(failed.text()).isEqualTo("{\"resourceType\":\"OperationOutcome\",\"issue\":[{\"severity\":\"error\","
                + "\"code\":\"exception\",\"diagnostics\":\"internal error; the failure has been logged\"}]}");
        assertSecurityHeaders(failed);
    }

    @Test
    void plainHttpSendsNoStrictTransportSecurityAndNoCorsHeaders() {
        TestHttp.Response response = http.request("GET", "/ping").header("Origin", "https://elsewhere.example").send();

        assertThat(response.header("Strict-Transport-Security")).isNull();
        assertThat(response.headers().map().keySet()).noneMatch(name -> name.toLowerCase().startsWith("access-control-"));
    }

    @Test
    void aRequestJettyRefusesBeforeAnyRouteCarriesTheSameHeaders() throws IOException {
        String malformed = raw("NOT-HTTP\r\n\r\n");
        String headersTooLarge = raw("GET /ping HTTP/1.1\r\nHost: localhost\r\nX-Big: " + "a".repeat(20_000)
                + "\r\nConnection: close\r\n\r\n");

        for (String answer : new String[] {malformed, headersTooLarge}) {
            assertThat(answer).startsWith("HTTP/1.1 4").contains("\r\nX-Content-Type-Options: nosniff\r\n",
                    "\r\nX-Frame-Options: DENY\r\n", "\r\nReferrer-Policy: no-referrer\r\n",
                    "\r\nCache-Control: no-store\r\n", "\r\nContent-Security-Policy: default-src 'self';")
                    .doesNotContainIgnoringCase("\r\nServer:");
        }
    }

    /** @return the status line and headers of the answer to {@code request}, sent as is */
    private static String raw(String request) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            socket.setSoTimeout(5_000);
            socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
            return answer.substring(0, answer.indexOf("\r\n\r\n") + 2);
        }
    }

    /** The headers every response must carry, whatever its status. */
    static void assertSecurityHeaders(TestHttp.Response response) {
        assertThat(response.header("X-Content-Type-Options")).isEqualTo("nosniff");
        assertThat(response.header("X-Frame-Options")).isEqualTo("DENY");
        assertThat(response.header("Referrer-Policy")).isEqualTo("no-referrer");
        assertThat(response.header("Cache-Control")).isEqualTo("no-store");
        assertThat(response.header("Content-Security-Policy"))
                .isEqualTo("default-src 'self'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'; object-src 'none'");
        assertThat(response.header("Server")).isNull();
        assertThat(response.header("X-Powered-By")).isNull();
    }
}
