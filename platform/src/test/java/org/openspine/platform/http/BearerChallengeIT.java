package org.openspine.platform.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openspine.platform.audit.AuditAgent;
import org.openspine.platform.audit.AuditOutcome;
import org.openspine.platform.audit.AuditRecord;
import org.openspine.platform.audit.AuditSubtype;
import org.openspine.platform.audit.RecordedEvents;
import org.openspine.platform.error.OpenSpineException;
import org.openspine.platform.security.token.TestTokens;

class BearerChallengeIT {

    private static HttpServer server;
    private static TestHttp http;
    private static final RecordedEvents events = new RecordedEvents();

    @BeforeAll
    static void start() {
        server = HttpServer.start(new HttpConfig("127.0.0.1", 0, HttpConfig.DEFAULT_MAX_BODY_BYTES),
                TestTokens.authentication(), events, List.of(routes -> {
                    routes.get("/whoami", ctx -> ctx.result(RequestAccess.of(ctx).caller().displayName()));
                    routes.get("/forbidden", ctx -> {
                        throw new OpenSpineException.Forbidden("this caller may not configure OpenSpine");
                    });
                }));
        http = new TestHttp("http://127.0.0.1:" + server.port());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void aRequestWithoutATokenIsAnswered401WithABearerChallenge() {
        TestHttp.Response response = http.get("/whoami");

        assertThat(response.status()).isEqualTo(401);
        assertThat(response.header("WWW-Authenticate")).isEqualTo("Bearer");
        assertThat(response.text()).isEqualTo("{\"resourceType\":\"OperationOutcome\",\"issue\":[{\"severity\":\"error\","
                + "\"code\":\"login\",\"diagnostics\":\"this request carries no bearer token (Authorization: Bearer ...)\"}]}");
    }

    @Test
    void aRequestWithABadTokenIsTold401InvalidToken() {
        String token = TestTokens.token(TestTokens.integrator());
        String forged = token.substring(0, token.length() - 4) + (token.endsWith("AAAA") ? "BBBB" : "AAAA");

        TestHttp.Response response = http.request("GET", "/whoami").header("Authorization", "Bearer " + forged).send();

        assertThat(response.status()).isEqualTo(401);
        assertThat(response.header("WWW-Authenticate")).isEqualTo("Bearer error=\"invalid_token\"");
        assertThat(response.json().at("/issue/0/diagnostics").asText()).isEqualTo("the bearer token's signature does not verify");
        assertThat(response.text()).doesNotContain(forged);
    }

    @Test
    void aRequestWithAValidTokenReachesTheRoute() {
        TestHttp.Response response = http.request("GET", "/whoami")
                .header("Authorization", TestTokens.bearer(TestTokens.gp())).send();

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.text()).isEqualTo("Dr Aisha Rahman");
    }

    @Test
    void aRejectedTokenIsASecurityEventOnTheAuditTrailWithoutTheToken() {
        String forged = TestTokens.token(TestTokens.integrator()) + "x";

        http.request("GET", "/whoami?probe=rejected").header("Authorization", "Bearer " + forged)
                .header("X-Request-ID", "5b0c0d5e-1a7f-4c1e-9a57-3f1d2b6c9e01").send();

        AuditRecord event = events.of(AuditSubtype.TOKEN_REJECTED).stream()
                .filter(e -> e.request().orElseThrow().target().equals("/whoami?probe=rejected")).findFirst().orElseThrow();
        assertThat(event.agent()).isInstanceOf(AuditAgent.Unauthenticated.class);
        assertThat(event.outcome()).isEqualTo(AuditOutcome.MINOR_FAILURE);
        assertThat(event.requestId()).contains("5b0c0d5e-1a7f-4c1e-9a57-3f1d2b6c9e01");
        assertThat(event.sourceAddress()).contains("127.0.0.1");
        assertThat(event.toString()).doesNotContain(forged);
    }

    @Test
    void aRefusedCallerIsAnAccessDeniedEventNamingThem() {
        TestHttp.Response response = http.request("GET", "/forbidden").header("Authorization", TestTokens.bearer(TestTokens.gp()))
                .send();

        assertThat(response.status()).isEqualTo(403);
        AuditRecord event = events.of(AuditSubtype.ACCESS_DENIED).stream()
                .filter(e -> e.request().orElseThrow().target().equals("/forbidden")).findFirst().orElseThrow();
        assertThat(event.agent()).isInstanceOfSatisfying(AuditAgent.Staff.class,
                staff -> assertThat(staff.name()).isEqualTo("Dr Aisha Rahman"));
        assertThat(event.outcomeDescription()).contains("this caller may not configure OpenSpine");
    }

    @Test
    void aRequestThatSucceedsIsNoSecurityEvent() {
        http.request("GET", "/whoami?probe=fine").header("Authorization", TestTokens.bearer(TestTokens.gp())).send();

        assertThat(events.all()).noneMatch(e -> e.request().orElseThrow().target().equals("/whoami?probe=fine"));
    }
}
