package org.openspine.platform.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openspine.platform.audit.RecordedEvents;
import org.openspine.platform.security.token.TestTokens;

class RateLimiterIT {

    /** Two requests at once, then one a second. */
    private static final RateLimit LIMIT = new RateLimit(1, 2);
    /** The limiters' clock, still unless a test moves it: a slow machine refills nothing between requests. */
    private static final AtomicLong NANO_TIME = new AtomicLong(1_000_000_000L);

    private static HttpServer server;
    private static TestHttp http;

    @BeforeAll
    static void start() {
        HttpConfig config = new HttpConfig("127.0.0.1", 0, 1024 * 1024, Optional.empty(), List.of(), Optional.of(LIMIT));
        // Every test request comes from 127.0.0.1: a header names the client instead, as authentication will.
        server = HttpServer.start(config, TestTokens.authentication(), new RecordedEvents(), TestRoutes.all(),
                ctx -> "client:" + ctx.header("X-Test-Client"), NANO_TIME::get);
        http = new TestHttp("http://localhost:" + server.port());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void aClientOverItsLimitGets429WithRetryAfterAndAnOutcomeWhileOthersAreServed() {
        assertThat(ping("alice").status()).isEqualTo(200);
        assertThat(ping("alice").status()).isEqualTo(200);

        TestHttp.Response throttled = ping("alice");

        assertThat(throttled.status()).isEqualTo(429);
        assertThat(throttled.header("Retry-After")).isEqualTo("1");
        assertThat(throttled.header("Content-Type")).isEqualTo("application/fhir+json;charset=utf-8");
        assertThat(throttled.text()).isEqualTo("{\"resourceType\":\"OperationOutcome\",\"issue\":[{\"severity\":\"error\","
                + "\"code\":\"throttled\",\"diagnostics\":\"too many requests from this client (limit 1 a second); "
                + "retry after 1 s\"}]}");
        SecurityHeadersIT.assertSecurityHeaders(throttled);
        assertThat(ping("bob").status()).isEqualTo(200);
    }

    @Test
    void aThrottledClientIsServedAgainAfterRetryAfterAndNotBefore() {
        ping("carol");
        ping("carol");
        TestHttp.Response throttled = ping("carol");
        assertThat(throttled.status()).isEqualTo(429);

        NANO_TIME.addAndGet(TimeUnit.SECONDS.toNanos(Long.parseLong(throttled.header("Retry-After"))) - 1);
        assertThat(ping("carol").status()).isEqualTo(429);
        NANO_TIME.addAndGet(1);
        assertThat(ping("carol").status()).isEqualTo(200);
    }

    @Test
    void healthChecksAreNeverLimited() {
        for (int i = 0; i < 10; i++) {
            assertThat(http.request("GET", "/healthz").header("X-Test-Client", "dave").send().status()).isEqualTo(200);
            assertThat(http.request("GET", "/readyz").header("X-Test-Client", "dave").send().status()).isEqualTo(200);
        }
        assertThat(ping("dave").status()).isEqualTo(200);
    }

    @Test
    void theDefaultKeyCountsUnauthenticatedRequestsByRemoteAddress() {
        HttpConfig config = new HttpConfig("127.0.0.1", 0, 1024 * 1024, Optional.empty(), List.of(),
                Optional.of(new RateLimit(1, 1)));
        try (HttpServer byAddress = HttpServer.start(config, TestTokens.authentication(), new RecordedEvents(),
                TestRoutes.all(), ClientKey.CALLER_OR_ADDRESS, NANO_TIME::get)) {
            TestHttp client = new TestHttp("http://localhost:" + byAddress.port());

            assertThat(client.request("GET", "/ping").header("X-Test-Client", "erin").send().status()).isEqualTo(200);
            assertThat(client.request("GET", "/ping").header("X-Test-Client", "frank").send().status()).isEqualTo(429);
        }
    }

    private static TestHttp.Response ping(String client) {
        return http.request("GET", "/ping").header("X-Test-Client", client).send();
    }
}
