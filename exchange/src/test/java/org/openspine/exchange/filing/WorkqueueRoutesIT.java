package org.openspine.exchange.filing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openspine.exchange.filing.FilingWorld.Site;
import org.openspine.platform.audit.AuditServices;
import org.openspine.platform.audit.RecordedEvents;
import org.openspine.platform.audit.TestAudit;
import org.openspine.platform.http.HttpConfig;
import org.openspine.platform.http.HttpServer;
import org.openspine.platform.http.TestHttp;
import org.openspine.platform.security.AccessPolicy;
import org.openspine.platform.security.Caller;
import org.openspine.platform.security.RoleProfile;
import org.openspine.platform.security.token.TestTokens;

/** A practice's workqueue over HTTP: listed and read by its own staff only, and audited. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WorkqueueRoutesIT {

    private final FilingWorld world = new FilingWorld("workqueue_routes");
    private AuditServices audit;
    private HttpServer server;
    private Site practice;
    private String nhsNumber;
    private byte[] letter;

    @BeforeAll
    void start() {
        audit = TestAudit.start(world.database, world.clock);
        server = HttpServer.start(new HttpConfig("127.0.0.1", 0, 1 << 20), TestTokens.authentication(),
                new RecordedEvents(), List.of(new WorkqueueRoutes(world.database, new Workqueue(), audit.groupCommit(),
                        AccessPolicy.nhs(), world.clock)));
        practice = world.practice();
        nhsNumber = FilingWorld.nhsNumber();
        letter = TestLetters.document("2026-11-20T10:00:00Z").patient(nhsNumber, "Unknown", "Person", "1985-08-08",
                "LS12 1AA").json();
        world.send(practice.mailboxId(), "application/fhir+json", letter);
        world.filing(PatientFinder.NONE, FilingSettings.DEFAULTS.withoutSettling()).fileBatch(100);
    }

    @AfterAll
    void stop() {
        server.close();
        audit.close();
        world.database.close();
    }

    @Test
    void thePracticesStaffListItsOpenItemsAndTheListingIsAudited() {
        int before = searches();

        TestHttp.Response response = as(staff(practice.odsCode(), "R8009")).get(WorkqueueRoutes.BASE + "/"
                + practice.odsCode());

        assertThat(response.status()).isEqualTo(200);
        JsonNode body = response.json();
        assertThat(body.path("count").asInt()).isEqualTo(1);
        JsonNode item = body.path("items").path(0);
        assertThat(item.path("reason").asText()).isEqualTo("unmatched");
        assertThat(item.path("subject").path("nhsNumber").asText()).isEqualTo(nhsNumber);
        assertThat(item.path("subject").path("birthDate").asText()).isEqualTo("1985-08-08");
        assertThat(item.path("title").asText()).isEqualTo("Discharge summary");
        assertThat(item.path("contentType").asText()).isEqualTo("application/fhir+json");
        assertThat(item.path("content").asText()).isEqualTo(WorkqueueRoutes.BASE + "/" + practice.odsCode() + "/"
                + item.path("id").asText() + "/content");
        assertThat(searches()).isEqualTo(before + 1);
    }

    @Test
    void aClinicianReadsTheLetterItselfAndAReceptionistMayNot() {
        String content = as(staff(practice.odsCode(), "R8000")).get(WorkqueueRoutes.BASE + "/" + practice.odsCode())
                .json().path("items").path(0).path("content").asText();

        TestHttp.Response read = as(staff(practice.odsCode(), "R8000")).get(content);
        TestHttp.Response refused = as(staff(practice.odsCode(), "R8009")).get(content);

        assertThat(read.status()).isEqualTo(200);
        assertThat(read.header("Content-Type")).startsWith("application/fhir+json");
        assertThat(read.bytes()).isEqualTo(letter);
        assertThat(refused.status()).isEqualTo(403);
    }

    @Test
    void nobodyElseSeesTheWorkqueue() {
        String path = WorkqueueRoutes.BASE + "/" + practice.odsCode();

        assertThat(as(staff("Y99999", "R8000")).get(path).status()).isEqualTo(403);
        assertThat(as(TestTokens.patient()).get(path).status()).isEqualTo(403);
        assertThat(as(TestTokens.integrator()).get(path).status()).isEqualTo(403);
        assertThat(new TestHttp(base()).get(path).status()).isEqualTo(401);
        assertThat(as(staff("Y99999", "R8000")).get(path + "/00000000-0000-0000-0000-000000000000/content").status())
                .isEqualTo(403);
    }

    @Test
    void aBadCountOrAnUnknownItemIsRefused() {
        TestHttp staff = as(staff(practice.odsCode(), "R8000"));

        assertThat(staff.get(WorkqueueRoutes.BASE + "/" + practice.odsCode() + "?_count=0").status()).isEqualTo(400);
        assertThat(staff.get(WorkqueueRoutes.BASE + "/" + practice.odsCode() + "/not-a-uuid/content").status())
                .isEqualTo(404);
        assertThat(staff.get(WorkqueueRoutes.BASE + "/" + practice.odsCode()
                + "/00000000-0000-0000-0000-000000000000/content").status()).isEqualTo(404);
    }

    private int searches() {
        return world.database.read(connection -> {
            try (var count = connection.prepareStatement("SELECT count(*) FROM audit_event WHERE subtype = 'search'");
                 var rows = count.executeQuery()) {
                rows.next();
                return rows.getInt(1);
            }
        });
    }

    private TestHttp as(Caller caller) {
        return new TestHttp(base()).as(TestTokens.bearer(caller));
    }

    private String base() {
        return "http://127.0.0.1:" + server.port();
    }

    private static Caller.Staff staff(String odsCode, String role) {
        RoleProfile profile = new RoleProfile("5553" + Math.abs(odsCode.hashCode()) + role, role, "R0260", odsCode);
        return new Caller.Staff("5551" + Math.abs(odsCode.hashCode()) + role, "Staff " + role, profile, List.of(profile));
    }
}
