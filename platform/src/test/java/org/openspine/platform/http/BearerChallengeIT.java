package org.openspine.platform.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openspine.platform.security.token.TestTokens;

class BearerChallengeIT {

    private static HttpServer server;
    private static TestHttp http;

    @BeforeAll
    static void start() {
        server = HttpServer.start(new HttpConfig("127.0.0.1", 0, HttpConfig.DEFAULT_MAX_BODY_BYTES),
                TestTokens.authentication(), List.of(routes ->
                        routes.get("/whoami", ctx -> ctx.result(RequestAccess.of(ctx).caller().displayName()))));
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
}
