package org.openspine.platform.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openspine.platform.audit.AuditSubtype;
import org.openspine.platform.audit.RecordedEvents;
import org.openspine.platform.security.token.TestTokens;

/** An address that keeps failing to authenticate is answered 429, not audited request by request. */
class FailedAuthenticationThrottleIT {

    private final RecordedEvents events = new RecordedEvents();
    /** The limiter's clock, still unless a test moves it: the counts below are then exact on any machine. */
    private final AtomicLong nanoTime = new AtomicLong(1_000_000_000L);
    private HttpServer server;
    private TestHttp http;

    @BeforeEach
    void start() {
        server = HttpServer.start(new HttpConfig("127.0.0.1", 0, HttpConfig.DEFAULT_MAX_BODY_BYTES),
                TestTokens.authentication(), events, List.of(routes -> routes.get("/whoami",
                        ctx -> ctx.result(RequestAccess.of(ctx).caller().displayName()))), ClientKey.CALLER_OR_ADDRESS,
                nanoTime::get);
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

        List<Integer> statuses = new ArrayList<>();
        TestHttp.Response last = null;
        for (int i = 0; i < burst + 50; i++) {
            last = http.request("GET", "/whoami").header("Authorization", forged).send();
            statuses.add(last.status());
        }

        assertThat(statuses.subList(0, burst)).as("the allowance").containsOnly(401);
        assertThat(statuses.subList(burst, burst + 50)).as("past it").containsOnly(429);
        assertThat(last.header("Retry-After")).isEqualTo("1");
        assertThat(last.json().at("/issue/0/code").asText()).isEqualTo("throttled");
        assertThat(last.json().at("/issue/0/diagnostics").asText()).contains("failed authentications from this address");
        assertThat(events.of(AuditSubtype.TOKEN_REJECTED)).as("one audit event per 401, none per 429").hasSize(burst);

        TestHttp.Response valid = http.request("GET", "/whoami").header("Authorization", TestTokens.bearer(TestTokens.gp())).send();
        assertThat(valid.status()).isEqualTo(200);
        assertThat(valid.text()).isEqualTo("Dr Aisha Rahman");
    }

    @Test
    void aThrottledAddressIsAllowedOneFailureMoreForEachTenthOfASecond() {
        String forged = "Bearer " + TestTokens.token(TestTokens.integrator()) + "x";
        for (int i = 0; i < HttpServer.FAILED_AUTHENTICATIONS.burst(); i++) {
            http.request("GET", "/whoami").header("Authorization", forged).send();
        }
        long refill = TimeUnit.SECONDS.toNanos(1) / HttpServer.FAILED_AUTHENTICATIONS.perSecond();

        nanoTime.addAndGet(refill - 1);
        assertThat(http.request("GET", "/whoami").header("Authorization", forged).send().status()).isEqualTo(429);
        nanoTime.addAndGet(1);
        assertThat(http.request("GET", "/whoami").header("Authorization", forged).send().status()).isEqualTo(401);
        assertThat(http.request("GET", "/whoami").header("Authorization", forged).send().status()).isEqualTo(429);
    }

    @Test
    void anAddressWithinItsAllowanceIsAnswered401AndAuditedEveryTime() {
        for (int i = 0; i < 5; i++) {
            assertThat(http.request("GET", "/whoami").header("Authorization", "Bearer nonsense").send().status()).isEqualTo(401);
        }
        assertThat(events.of(AuditSubtype.TOKEN_REJECTED)).hasSize(5);
    }
}
