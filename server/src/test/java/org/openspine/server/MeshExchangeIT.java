package org.openspine.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openspine.platform.http.TestHttp;
import org.openspine.platform.database.TestDatabase;

/**
 * The document exchange in the whole server with demo data: the MESH sandbox's mailboxes and shared key work as a
 * sandbox-configured client expects, bearer tokens work too, and mailboxes are administered over HTTP.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MeshExchangeIT {

    private OpenSpine openSpine;
    private TestHttp http;

    @BeforeAll
    void start() throws Exception {
        Path dataDir = TestDatabase.freshDirectory("openspine-mesh");
        ServerConfig config = ServerConfig.parse(List.of("--port", "0", "--demo", "--data-dir", dataDir.toString()),
                Map.of());
        openSpine = OpenSpine.start(config, Clock.systemUTC());
        DemoSeed.run(openSpine);
        http = new TestHttp("http://127.0.0.1:" + openSpine.port());
    }

    @AfterAll
    void stop() {
        openSpine.close();
    }

    @Test
    void theSandboxMailboxesExchangeALetterSignedWithTheSandboxKey() {
        byte[] letter = "Clinic letter".getBytes(StandardCharsets.UTF_8);
        TestHttp.Response sent = http.request("POST", "/messageexchange/X26ABC1/outbox")
                .header("Authorization", SandboxMesh.signature("X26ABC1")).header("mex-To", "X26ABC2")
                .header("mex-WorkflowID", "TEST_WORKFLOW").body(letter).send();
        String id = sent.json().get("messageID").asText();

        TestHttp.Response received = http.request("GET", "/messageexchange/X26ABC2/inbox/" + id)
                .header("Authorization", SandboxMesh.signature("X26ABC2")).send();

        assertThat(sent.status()).isEqualTo(202);
        assertThat(received.status()).isEqualTo(200);
        assertThat(received.bytes()).isEqualTo(letter);
        assertThat(received.header("mex-From")).isEqualTo("X26ABC1");
    }

    @Test
    void theIntegratorUsesAnyMailboxWithItsBearerToken() {
        TestHttp integrator = ServerTokens.signedIn(http.base(), "integrator");

        TestHttp.Response inbox = integrator.get("/messageexchange/A81001001/inbox");

        assertThat(inbox.status()).isEqualTo(200);
        assertThat(inbox.json().has("messages")).isTrue();
    }

    @Test
    void endpointLookupFindsTheDemoPracticeMailboxForDischargeSummaries() {
        TestHttp.Response lookup = http.request("GET", "/messageexchange/endpointlookup/A81001/TOC_FHIR_IP_DISCH")
                .header("Authorization", SandboxMesh.signature("X26ABC2")).send();

        assertThat(lookup.status()).isEqualTo(200);
        assertThat(lookup.json().at("/results/0/address").asText()).isEqualTo("A81001001");
    }

    @Test
    void anAdministratorCreatesAMailboxThatThenSignsInAndPasswordsAreNeverShown() {
        TestHttp integrator = ServerTokens.signedIn(http.base(), "integrator");
        String id = "Z" + Integer.toString(Math.abs(UUID.randomUUID().hashCode()), 36).toUpperCase();
        String body = "{\"odsCode\":\"A81003\",\"name\":\"Westgate letters\",\"password\":\"s3cret-pass\","
                + "\"workflows\":[\"TOC_FHIR_OP_ATTEN\"]}";

        TestHttp.Response created = integrator.put("/exchange/mailboxes/" + id, "application/json", body);
        TestHttp.Response again = integrator.put("/exchange/mailboxes/" + id, "application/json", body);
        JsonNode listed = integrator.get("/exchange/mailboxes").json();

        assertThat(created.status()).isEqualTo(201);
        assertThat(again.status()).isEqualTo(200);
        assertThat(created.json().toString()).isEqualTo("{\"id\":\"" + id + "\",\"odsCode\":\"A81003\",\"name\":"
                + "\"Westgate letters\",\"active\":true,\"autoFile\":true,\"workflows\":[\"TOC_FHIR_OP_ATTEN\"]}");
        assertThat(listed.toString()).contains(id).doesNotContain("s3cret-pass").doesNotContain("password");
        TestHttp.Response handshake = http.request("GET", "/messageexchange/" + id)
                .header("Authorization", SandboxMesh.signature(id, "s3cret-pass")).header("mex-ClientVersion", "test")
                .header("mex-OSName", "Linux").header("mex-OSVersion", "6").send();
        assertThat(handshake.status()).isEqualTo(200);
    }

    @Test
    void aDeactivatedMailboxOrAChangedPasswordTakesEffectAtOnceOnTheNodeItWasChangedOn() {
        TestHttp integrator = ServerTokens.signedIn(http.base(), "integrator");
        String id = "ZZREVOKE1";
        assertThat(integrator.put("/exchange/mailboxes/" + id, "application/json",
                "{\"odsCode\":\"A81003\",\"name\":\"Leaked\",\"password\":\"first-pass\"}").status()).isEqualTo(201);
        assertThat(handshake(id, "first-pass")).as("signed in, and now cached").isEqualTo(200);

        assertThat(integrator.put("/exchange/mailboxes/" + id, "application/json",
                "{\"odsCode\":\"A81003\",\"name\":\"Leaked\",\"password\":\"second-pass\"}").status()).isEqualTo(200);
        assertThat(handshake(id, "first-pass")).as("the old password").isEqualTo(403);
        assertThat(handshake(id, "second-pass")).as("the new one").isEqualTo(200);

        assertThat(integrator.put("/exchange/mailboxes/" + id, "application/json",
                "{\"odsCode\":\"A81003\",\"name\":\"Leaked\",\"password\":\"second-pass\",\"active\":false}")
                .status()).isEqualTo(200);
        assertThat(handshake(id, "second-pass")).as("deactivated").isEqualTo(403);
    }

    private int handshake(String mailbox, String password) {
        return http.request("GET", "/messageexchange/" + mailbox).header("Authorization", SandboxMesh.signature(mailbox, password))
                .header("mex-ClientVersion", "test").header("mex-OSName", "Linux").header("mex-OSVersion", "6").send().status();
    }

    @Test
    void mailboxAdministrationNeedsTheConfigureActivityAndAValidBody() {
        TestHttp receptionist = ServerTokens.signedIn(http.base(), "receptionist");
        TestHttp integrator = ServerTokens.signedIn(http.base(), "integrator");

        assertThat(receptionist.get("/exchange/mailboxes").status()).isEqualTo(403);
        assertThat(http.get("/exchange/mailboxes").status()).isEqualTo(401);
        TestHttp.Response noPassword = integrator.put("/exchange/mailboxes/ZZNOPASS1", "application/json",
                "{\"odsCode\":\"A81003\",\"name\":\"No password\"}");
        assertThat(noPassword.status()).isEqualTo(400);
        assertThat(noPassword.json().at("/issue/0/diagnostics").asText())
                .isEqualTo("password is required: text of at most 200 characters");
        assertThat(integrator.get("/exchange/mailboxes/ZZNOPASS1").status()).isEqualTo(404);
        TestHttp.Response notAFlag = integrator.put("/exchange/mailboxes/ZZNOPASS1", "application/json",
                "{\"odsCode\":\"A81003\",\"name\":\"Own client\",\"password\":\"pw-123456\",\"autoFile\":\"no\"}");
        assertThat(notAFlag.status()).isEqualTo(400);
        assertThat(notAFlag.json().at("/issue/0/diagnostics").asText()).isEqualTo("autoFile must be true or false");
        assertThat(integrator.get("/exchange/mailboxes/ZZNOPASS1").status()).isEqualTo(404);
    }

    @Test
    void theSandboxPracticeMailboxIsLeftToItsMeshClientAndAnAdministratorCanTurnAutoFilingOffForAnother() {
        TestHttp integrator = ServerTokens.signedIn(http.base(), "integrator");

        assertThat(integrator.get("/exchange/mailboxes/X26ABC1").json().path("autoFile").asBoolean(true)).isFalse();
        TestHttp.Response off = integrator.put("/exchange/mailboxes/ZZOWNCLIENT1", "application/json",
                "{\"odsCode\":\"A81003\",\"name\":\"Own client\",\"password\":\"pw-123456\",\"autoFile\":false}");
        assertThat(off.status()).isEqualTo(201);
        assertThat(integrator.get("/exchange/mailboxes/ZZOWNCLIENT1").json().path("autoFile").asBoolean(true)).isFalse();
    }
}
