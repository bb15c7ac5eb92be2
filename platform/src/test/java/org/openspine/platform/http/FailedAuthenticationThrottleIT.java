package org.openspine.platform.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openspine.platform.audit.AuditSubtype;
import org.openspine.platform.audit.RecordedEvents;
import org.openspine.platform.security.token.TestTokens;

/** An address that keeps failing to authenticate is answered 429, not audited request by request. */
class FailedAuthenticationThrottleIT {

    private final RecordedEvents events = new RecordedEvents();
    private HttpServer server;
    private TestHttp http;

    @BeforeEach
    void start() {
        server = HttpServer.start(new HttpConfig("127.0.0.1", 0, HttpConfig.DEFAULT_MAX_BODY_BYTES),
                TestTokens.authentication(), events, List.of(routes -> routes.get("/whoami",
                        ctx -> ctx.result(RequestAccess.of(ctx).caller().displayName()))));
        http = new TestHttp("http://127.0.0.1:" + server.port());
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void aFloodOfBadTokensIsThrottledAfterItsAllowanceWhileValidTokensFromTheSameAddressStillWork() {
        String forged = "Bearer " + TestTokens.token(TestTokens.integrator()) + "x";
        int burst = HttpServer.FAILED_AUTHENTICATIONS.burst();
        long started = System.nanoTime();
        int unauthorized = 0;
        int throttled = 0;
        // the bucket refills at perSecond while the flood runs, so a slow machine sees a 401 now and then
        // among the 429s, the last request included: the throttled answer checked is the last 429
        TestHttp.Response lastThrottled = null;
        for (int i = 0; i < burst + 50; i++) {
            TestHttp.Response response = http.request("GET", "/whoami").header("Authorization", forged).send();
            if (response.status() == 401) {
                unauthorized++;
            } else {
                assertThat(response.status()).isEqualTo(429);
                throttled++;
                lastThrottled = response;
            }
        }
        double seconds = (System.nanoTime() - started) / 1e9;

        // the allowance, plus what refilled while the flood ran
        assertThat(unauthorized).isBetween(burst, burst + (int) Math.ceil(seconds * HttpServer.FAILED_AUTHENTICATIONS.perSecond()) + 1);
        assertThat(throttled).isPositive();
        assertThat(lastThrottled.header("Retry-After")).isNotBlank();
        assertThat(lastThrottled.json().at("/issue/0/code").asText()).isEqualTo("throttled");
        assertThat(lastThrottled.json().at("/issue/0/diagnostics").asText()).contains("failed authentications from this address");
        assertThat(events.of(AuditSubtype.TOKEN_REJECTED)).as("one audit event per 401, none per 429").hasSize(unauthorized);

        TestHttp.Response valid = http.request("GET", "/whoami").header("Authorization", TestTokens.bearer(TestTokens.gp())).send();
        assertThat(valid.status()).isEqualTo(200);
        assertThat(valid.text()).isEqualTo("Dr Aisha Rahman");
    }

    @Test
    void anAddressWithinItsAllowanceIsAnswered401AndAuditedEveryTime() {
        for (int i = 0; i < 5; i++) {
            assertThat(http.request("GET", "/whoami").header("Authorization", "Bearer nonsense").send().status()).isEqualTo(401);
        }
        assertThat(events.of(AuditSubtype.TOKEN_REJECTED)).hasSize(5);
    }
}
