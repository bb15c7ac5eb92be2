package org.openspine.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openspine.platform.audit.RecordedEvents;
import org.openspine.platform.database.TestDatabase;
import org.openspine.platform.http.HttpConfig;
import org.openspine.platform.http.HttpServer;
import org.openspine.platform.http.TestHttp;
import org.openspine.platform.security.Caller;
import org.openspine.platform.security.token.BuiltInIssuer;
import org.openspine.platform.security.token.TestTokens;

class TokenCommandIT {

    private static OpenSpine openSpine;
    private static String base;

    @BeforeAll
    static void start() {
        Path dataDir = TestDatabase.freshDirectory("openspine-token");
        openSpine = OpenSpine.start(ServerConfig.parse(List.of("--port", "0", "--data-dir", dataDir.toString(),
                "--demo-users"), Map.of()), Clock.systemUTC());
        base = "http://127.0.0.1:" + openSpine.port();
    }

    @AfterAll
    static void stop() {
        openSpine.close();
    }

    @Test
    void theCommandPrintsJustATokenThatTheServerAcceptsForThatUser() {
        Run run = token("--user", "gp", "--url", base + "/");

        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.out()).endsWith("\n").doesNotContain(" ").hasLineCount(1);
        Caller caller = openSpine.authentication().authenticate("Bearer " + run.out().strip(), null);
        assertThat(caller).isEqualTo(TestTokens.gp());
        assertThat(run.err()).isEmpty();
    }

    @Test
    void theServerServesTheBuiltInIssuerOnItsPublicPaths() {
        TestHttp http = new TestHttp(base);

        assertThat(openSpine.issuerPublicPaths()).contains("/auth/jwks.json", "/auth/token", "/auth/sign-in");
        assertThat(http.get("/.well-known/openid-configuration").json().get("issuer").asText())
                .isEqualTo("http://localhost:0");
        assertThat(http.get("/auth/jwks.json").json().at("/keys/0/kty").asText()).isEqualTo("EC");
    }

    @Test
    void anUnknownUserIsUsageAndAnUnreachableServerOrDemoSignInOffIsFailure() throws IOException {
        Run unknown = token("--user", "admin", "--url", base);
        assertThat(unknown.exit()).isEqualTo(2);
        assertThat(unknown.out()).isEmpty();
        assertThat(unknown.err()).isEqualTo("openspine token: " + base + ": user must name a demo user: gp, nurse,"
                + " receptionist, consultant, pharmacist, privacy-officer, patient, carer, integrator\n");

        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        Run unreachable = token("--user", "gp", "--url", "http://127.0.0.1:" + closedPort);
        assertThat(unreachable.exit()).isEqualTo(1);
        assertThat(unreachable.err()).isEqualTo("openspine token: cannot reach http://127.0.0.1:" + closedPort
                + " (ConnectException); is the server running?\n");

        BuiltInIssuer withoutDemoUsers = BuiltInIssuer.open(new BuiltInIssuer.Settings("http://localhost:8080", "openspine",
                TestDatabase.freshDirectory("openspine-token-off"), false), Clock.systemUTC(),
                new RecordedEvents());
        try (HttpServer server = HttpServer.start(new HttpConfig("127.0.0.1", 0, HttpConfig.DEFAULT_MAX_BODY_BYTES),
                new org.openspine.platform.security.token.TokenVerifier(List.of(withoutDemoUsers.trustedIssuer()),
                        Clock.systemUTC()), new RecordedEvents(), List.of(withoutDemoUsers))) {
            String url = "http://127.0.0.1:" + server.port();
            Run off = token("--user", "gp", "--url", url);
            assertThat(off.exit()).isEqualTo(1);
            assertThat(off.err()).isEqualTo("openspine token: " + url
                    + ": demo sign-in is off; start the server with --demo or --demo-users to use it\n");
        }
    }

    @Test
    void badUsageExitsWith2() {
        assertThat(token().exit()).isEqualTo(2);
        assertThat(token().err()).startsWith("openspine token: --user is required\nusage: openspine token");
        assertThat(token("--user").err()).startsWith("openspine token: --user needs a value");
        assertThat(token("--user", "gp", "--colour", "blue").err()).startsWith("openspine token: unknown option '--colour'");
        assertThat(token("--user", "gp", "--url", "localhost").exit()).isEqualTo(2);
    }

    private static Run token(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = TokenCommand.run(List.of(args), Map.of(), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private record Run(int exit, String out, String err) {
    }
}
