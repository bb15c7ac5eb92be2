package org.openspine.platform.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.openspine.platform.audit.AuditRecord;
import org.openspine.platform.audit.AuditSubtype;
import org.openspine.platform.audit.RecordedEvents;
import org.openspine.platform.security.token.TestTokens;

/** Behind a trusted proxy, the audit trail and the failed-authentication limit see the client's address. */
class TrustedProxiesIT {

    private static final String FORGED = "Bearer " + TestTokens.token(TestTokens.integrator()) + "x";

    @Test
    void aRequestThroughATrustedProxyIsAuditedAndLimitedAsItsClients() {
        RecordedEvents events = new RecordedEvents();
        AtomicLong nanoTime = new AtomicLong(1_000_000_000L); // still: the limit's counts are exact
        try (HttpServer server = start(TrustedProxies.parse("127.0.0.1"), events, nanoTime)) {
            TestHttp http = new TestHttp("http://127.0.0.1:" + server.port());

            assertThat(failFrom(http, "203.0.113.7")).isEqualTo(401);
            assertThat(failFrom(http, "198.51.100.1, 203.0.113.8")).isEqualTo(401);
            assertThat(http.request("GET", "/records").header("Authorization", FORGED).send().status()).isEqualTo(401);
            assertThat(addresses(events)).containsExactly("203.0.113.7", "203.0.113.8", "127.0.0.1");

            for (int i = 1; i < HttpServer.FAILED_AUTHENTICATIONS.burst(); i++) {
                assertThat(failFrom(http, "203.0.113.7")).isEqualTo(401);
            }
            assertThat(failFrom(http, "203.0.113.7")).as("that client, past its allowance").isEqualTo(429);
            assertThat(failFrom(http, "203.0.113.9")).as("another client behind the same proxy").isEqualTo(401);
        }
    }

    @Test
    void aSenderThatIsNotATrustedProxyCannotChooseTheAddressItIsAuditedBy() {
        RecordedEvents events = new RecordedEvents();
        try (HttpServer trustingOthers = start(TrustedProxies.parse("10.0.0.0/8"), events, new AtomicLong());
             HttpServer trustingNone = start(TrustedProxies.NONE, events, new AtomicLong())) {
            failFrom(new TestHttp("http://127.0.0.1:" + trustingOthers.port()), "203.0.113.7");
            failFrom(new TestHttp("http://127.0.0.1:" + trustingNone.port()), "203.0.113.7");

            assertThat(addresses(events)).containsExactly("127.0.0.1", "127.0.0.1");
        }
    }

    private static HttpServer start(TrustedProxies proxies, RecordedEvents events, AtomicLong nanoTime) {
        HttpConfig config = new HttpConfig("127.0.0.1", 0, HttpConfig.DEFAULT_MAX_BODY_BYTES, Optional.empty(), List.of(),
                Optional.empty(), proxies);
        return HttpServer.start(config, TestTokens.authentication(), events, TestRoutes.all(),
                ClientKey.CALLER_OR_ADDRESS, nanoTime::get);
    }

    private static int failFrom(TestHttp http, String forwardedFor) {
        return http.request("GET", "/records").header("Authorization", FORGED).header("X-Forwarded-For", forwardedFor)
                .send().status();
    }

    private static List<String> addresses(RecordedEvents events) {
        return events.of(AuditSubtype.TOKEN_REJECTED).stream().map(AuditRecord::sourceAddress)
                .map(address -> address.orElse("(none)")).toList();
    }
}
