package org.openspine.platform.security.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openspine.platform.audit.AuditAgent;
import org.openspine.platform.audit.AuditOutcome;
import org.openspine.platform.audit.AuditSubtype;
import org.openspine.platform.audit.RecordedEvents;
import org.openspine.platform.database.TestDatabase;
import org.openspine.platform.error.OpenSpineException;
import org.openspine.platform.http.HttpConfig;
import org.openspine.platform.http.HttpServer;
import org.openspine.platform.http.TestHttp;
import org.openspine.platform.security.Caller;

class BuiltInIssuerIT {

    private static final String ISSUER = "http://localhost:8080";
    private static final String FORM = "application/x-www-form-urlencoded";

    private static Path dataDir;
    private static BuiltInIssuer issuer;
    private static HttpServer server;
    private static TestHttp http;
    private static TokenVerifier verifier;
    private static final RecordedEvents events = new RecordedEvents();

    @BeforeAll
    static void start() {
        dataDir = TestDatabase.freshDirectory("openspine-issuer");
        issuer = BuiltInIssuer.open(new BuiltInIssuer.Settings(ISSUER, "openspine", dataDir, true), Clock.systemUTC(), events);
        server = serve(issuer);
        http = new TestHttp("http://127.0.0.1:" + server.port());
        verifier = new TokenVerifier(List.of(issuer.trustedIssuer()), Clock.systemUTC());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void theJwksHoldsOnePublicP256KeyAndTheDiscoveryDocumentPointsAtIt() {
        TestHttp.Response jwks = http.get("/auth/jwks.json");
        assertThat(jwks.status()).isEqualTo(200);
        JsonNode key = jwks.json().at("/keys/0");
        assertThat(jwks.json().get("keys")).hasSize(1);
        assertThat(key.get("kty").asText()).isEqualTo("EC");
        assertThat(key.get("crv").asText()).isEqualTo("P-256");
        assertThat(key.get("alg").asText()).isEqualTo("ES256");
        assertThat(key.get("use").asText()).isEqualTo("sig");
        assertThat(key.get("kid").asText()).isNotBlank();
        assertThat(key.has("d")).as("no private part").isFalse();

        JsonNode discovery = http.get("/.well-known/openid-configuration").json();
        assertThat(discovery.get("issuer").asText()).isEqualTo(ISSUER);
        assertThat(discovery.get("jwks_uri").asText()).isEqualTo(ISSUER + "/auth/jwks.json");
        assertThat(discovery.get("token_endpoint").asText()).isEqualTo(ISSUER + "/auth/token");
        assertThat(discovery.get("grant_types_supported").toString()).isEqualTo("[\"client_credentials\"]");
        assertThat(issuer.publicPaths()).containsExactlyInAnyOrder("/auth/jwks.json", "/.well-known/openid-configuration",
                "/auth/token", "/auth/sign-in");
    }

    @Test
    void theIntegratorGetsAScopedSystemTokenWithClientCredentialsByBasicOrForm() {
        TestHttp.Response basic = http.request("POST", "/auth/token").header("Content-Type", FORM)
                .header("Authorization", basic("demo-integrator", secret())).body("grant_type=client_credentials").send();

        assertThat(basic.status()).isEqualTo(200);
        assertThat(basic.header("Cache-Control")).isEqualTo("no-store");
        JsonNode token = basic.json();
        assertThat(token.get("token_type").asText()).isEqualTo("Bearer");
        assertThat(token.get("expires_in").asLong()).isEqualTo(3600);
        assertThat(token.get("scope").asText()).isEqualTo("mailbox/* system/*.read system/*.write");
        assertThat(verifier.authenticate("Bearer " + token.get("access_token").asText(), null))
                .isEqualTo(new Caller.SystemClient("demo-integrator", "Demo Integrator", Set.of("system/*.read", "system/*.write", "mailbox/*")));

        TestHttp.Response form = http.post("/auth/token", FORM, "grant_type=client_credentials&client_id=demo-integrator"
                + "&client_secret=" + secret() + "&scope=system%2F*.read");
        assertThat(form.status()).isEqualTo(200);
        assertThat(form.json().get("scope").asText()).isEqualTo("system/*.read");
        assertThat(((Caller.SystemClient) verifier.authenticate("Bearer " + form.json().get("access_token").asText(), null))
                .scopes()).containsExactly("system/*.read");
    }

    @Test
    void aWrongSecretOrUnknownClientIs401InvalidClient() {
        String refused = "{\"error\":\"invalid_client\",\"error_description\":\"client authentication failed\"}";
        for (String authorization : List.of(basic("demo-integrator", "not-the-secret"), basic("someone-else", secret()))) {
            TestHttp.Response response = http.request("POST", "/auth/token").header("Content-Type", FORM)
                    .header("Authorization", authorization).body("grant_type=client_credentials").send();

            assertThat(response.status()).isEqualTo(401);
            assertThat(response.header("WWW-Authenticate")).isEqualTo("Basic realm=\"openspine\"");
            assertThat(response.text()).isEqualTo(refused);
        }
        assertThat(events.of(AuditSubtype.SIGN_IN)).filteredOn(e -> e.outcome() == AuditOutcome.MINOR_FAILURE
                        && e.outcomeDescription().orElseThrow().equals("client credentials: client authentication failed"))
                .hasSizeGreaterThanOrEqualTo(2).allSatisfy(failed -> {
                    assertThat(failed.agent()).isInstanceOf(AuditAgent.Unauthenticated.class);
                    assertThat(failed.toString()).doesNotContain(secret());
                });
        TestHttp.Response inForm = http.post("/auth/token", FORM,
                "grant_type=client_credentials&client_id=demo-integrator&client_secret=wrong");
        assertThat(inForm.status()).isEqualTo(401);
        assertThat(inForm.text()).isEqualTo(refused);
    }

    @Test
    void malformedTokenRequestsGetOAuthErrorsAndNever5xx() {
        String good = "grant_type=client_credentials&client_id=demo-integrator&client_secret=" + secret();
        assertOAuthError(http.post("/auth/token", FORM, "grant_type=password&username=a&password=b"),
                400, "unsupported_grant_type", "only the client_credentials grant is supported");
        assertOAuthError(http.post("/auth/token", FORM, "client_id=demo-integrator&client_secret=" + secret()),
                400, "invalid_request", "grant_type is required");
        assertOAuthError(http.post("/auth/token", FORM, "grant_type=client_credentials"),
                401, "invalid_client", "client authentication is required: HTTP Basic, or client_id and client_secret");
        assertOAuthError(http.post("/auth/token", FORM, "grant_type=client_credentials&client_id=demo-integrator"),
                400, "invalid_request", "client_id and client_secret are both required");
        assertOAuthError(http.post("/auth/token", "application/json", "{\"grant_type\":\"client_credentials\"}"),
                400, "invalid_request", "the request body must be application/x-www-form-urlencoded");
        assertOAuthError(http.post("/auth/token", FORM, good + "&grant_type=client_credentials"),
                400, "invalid_request", "the parameter grant_type is given more than once");
        assertOAuthError(http.post("/auth/token", FORM, good + "&scope=%zz"),
                400, "invalid_request", "the request body is not valid form encoding");
        assertOAuthError(http.post("/auth/token", FORM, good + "&scope=system/*.read+system/Patient.delete"),
                400, "invalid_scope", "the requested scope is more than this client may have: mailbox/* system/*.read system/*.write");
        assertOAuthError(http.request("POST", "/auth/token").header("Content-Type", FORM)
                        .header("Authorization", "Basic not base64!").body("grant_type=client_credentials").send(),
                401, "invalid_client", "the Authorization header must be HTTP Basic with client_id:client_secret");
        assertOAuthError(http.request("POST", "/auth/token").header("Content-Type", FORM)
                        .header("Authorization", basic("demo-integrator", secret())).body(good).send(),
                400, "invalid_request", "authenticate the client one way: HTTP Basic or client_secret in the body, not both");
        assertOAuthError(http.request("POST", "/auth/token").send(),
                400, "invalid_request", "the request body must be application/x-www-form-urlencoded");
    }

    @Test
    void demoSignInAnswersJsonWhenAcceptPrefersItWithATokenForThatUser() {
        TestHttp.Response response = signIn(http, "gp");

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.json().get("user").asText()).isEqualTo("gp");
        assertThat(response.json().get("expires_in").asLong()).isEqualTo(3600);
        Caller caller = verifier.authenticate("Bearer " + response.json().get("access_token").asText(), "555000000012");
        assertThat(caller).isEqualTo(TestTokens.gp().actingAs(TestTokens.gp().roles().get(1)));
        assertThat(events.of(AuditSubtype.SIGN_IN)).anySatisfy(signIn -> {
            assertThat(signIn.outcome()).isEqualTo(AuditOutcome.SUCCESS);
            assertThat(signIn.agent()).isInstanceOfSatisfying(AuditAgent.Staff.class,
                    staff -> assertThat(staff.name()).isEqualTo("Dr Aisha Rahman"));
        });

        assertOAuthError(signIn(http, "<script>"), 400, "invalid_request", "user must name a demo user: gp, nurse, receptionist, consultant,"
                + " pharmacist, privacy-officer, patient, carer, integrator");
    }

    @Test
    void demoSignInIsASmallHtmlPageForBrowsers() {
        TestHttp.Response page = http.request("GET", "/auth/sign-in").header("Accept", "text/html,*/*;q=0.8").send();
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.header("Content-Type")).startsWith("text/html");
        assertThat(page.text()).contains("Dr Aisha Rahman", "role profile 555000000012: R8000 / R0260 at A81002",
                "citizen, NHS Number 9000000017, P9", "system, mailbox/* system/*.read system/*.write", "name=\"user\" value=\"privacy-officer\"");

        TestHttp.Response signedIn = http.request("POST", "/auth/sign-in").header("Content-Type", FORM)
                .header("Accept", "text/html").body("user=patient").send();
        assertThat(signedIn.status()).isEqualTo(200);
        String html = signedIn.text();
        String token = html.substring(html.indexOf("<textarea readonly>") + 19, html.indexOf("</textarea>"));
        assertThat(html).contains("Signed in as <b>patient</b> (Jane Smith) for 60 minutes");
        assertThat(verifier.authenticate("Bearer " + token, null)).isEqualTo(TestTokens.patient());
    }

    @Test
    void withDemoUsersOffNobodyCanSignInOrUseTheDemoClient() {
        BuiltInIssuer closed = BuiltInIssuer.open(new BuiltInIssuer.Settings(ISSUER, "openspine", dataDir, false),
                Clock.systemUTC(), events);
        try (HttpServer other = serve(closed)) {
            TestHttp client = new TestHttp("http://127.0.0.1:" + other.port());

            assertOAuthError(signIn(client, "gp"), 404, "not_found", "demo sign-in is off; start the server with --demo or --demo-users to use it");
            assertThat(client.get("/auth/sign-in").status()).isEqualTo(404);
            assertThat(client.post("/auth/token", FORM, "grant_type=client_credentials&client_id=demo-integrator"
                    + "&client_secret=" + secret()).status()).isEqualTo(401);
            assertThat(client.get("/auth/jwks.json").text()).isEqualTo(http.get("/auth/jwks.json").text());
        }
    }

    @Test
    void theKeyAndClientSecretAreOwnerOnlyFilesKeptAcrossRestarts() throws IOException {
        Path keyFile = dataDir.resolve("security/issuer-key.json");
        Path secretFile = dataDir.resolve("security/demo-client-secret");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(keyFile))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(secretFile))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(keyFile.getParent()))).isEqualTo("rwx------");
        String secretBefore = secret();
        String tokenBefore = signIn(http, "nurse").json().get("access_token").asText();

        BuiltInIssuer restarted = BuiltInIssuer.open(new BuiltInIssuer.Settings(ISSUER, "openspine", dataDir, true),
                Clock.systemUTC(), events);
        try (HttpServer other = serve(restarted)) {
            TestHttp client = new TestHttp("http://127.0.0.1:" + other.port());
            assertThat(client.get("/auth/jwks.json").text()).isEqualTo(http.get("/auth/jwks.json").text());
        }
        assertThat(secret()).isEqualTo(secretBefore);
        TokenVerifier afterRestart = new TokenVerifier(List.of(restarted.trustedIssuer()), Clock.systemUTC());
        assertThat(afterRestart.authenticate("Bearer " + tokenBefore, null).displayName()).isEqualTo("Grace Okafor");
    }

    @Test
    void aVerifierFetchesAnIssuersKeysFromItsJwksUrlAndIsUnavailableWhenItCannot() throws IOException {
        TokenVerifier remote = new TokenVerifier(List.of(new TrustedIssuer(ISSUER, "openspine",
                new TrustedIssuer.JwksUri(URI.create(http.base() + "/auth/jwks.json")))), Clock.systemUTC());
        String token = signIn(http, "consultant").json().get("access_token").asText();

        assertThat(remote.authenticate("Bearer " + token, null).displayName()).isEqualTo("Dr Priya Nair");

        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        TokenVerifier unreachable = new TokenVerifier(List.of(new TrustedIssuer(ISSUER, "openspine",
                new TrustedIssuer.JwksUri(URI.create("http://127.0.0.1:" + closedPort + "/jwks.json")))), Clock.systemUTC());
        assertThatThrownBy(() -> unreachable.authenticate("Bearer " + token, null))
                .isInstanceOf(OpenSpineException.Unavailable.class)
                .hasMessage("the signing keys of issuer " + ISSUER + " cannot be fetched now; try again later");
    }

    private static void assertOAuthError(TestHttp.Response response, int status, String error, String description) {
        assertThat(response.status()).as(response.toString()).isEqualTo(status);
        assertThat(response.text()).isEqualTo("{\"error\":\"" + error + "\",\"error_description\":\"" + description + "\"}");
    }

    /** Demo sign-in as a script does it: form-encoded user, JSON answer. */
    private static TestHttp.Response signIn(TestHttp client, String user) {
        return client.request("POST", "/auth/sign-in").header("Content-Type", FORM).header("Accept", "application/json")
                .body("user=" + user).send();
    }

    private static HttpServer serve(BuiltInIssuer issuer) {
        return HttpServer.start(new HttpConfig("127.0.0.1", 0, HttpConfig.DEFAULT_MAX_BODY_BYTES),
                new TokenVerifier(List.of(issuer.trustedIssuer()), java.time.Clock.systemUTC()), events, List.of(issuer));
    }

    private static String secret() {
        try {
            return Files.readString(dataDir.resolve(BuiltInIssuer.CLIENT_SECRET_FILE)).strip();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String basic(String clientId, String secret) {
        return "Basic " + Base64.getEncoder().encodeToString((clientId + ":" + secret).getBytes(StandardCharsets.UTF_8));
    }
}
