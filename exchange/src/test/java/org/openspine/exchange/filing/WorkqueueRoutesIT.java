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

/**
 * A practice's workqueue over HTTP: listed and read by its own staff only, worked (letters filed into the record a
 * person chooses, or returned) by those who may update records, and all of it audited.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WorkqueueRoutesIT {

    private final FilingWorld world = new FilingWorld("workqueue_routes");
    private AuditServices audit;
    private HttpServer server;
    private Site practice;
    private String nhsNumber;
    private byte[] letter;
    private String firstMessage;

    @BeforeAll
    void start() {
        audit = TestAudit.start(world.database, world.clock);
        server = HttpServer.start(new HttpConfig("127.0.0.1", 0, 1 << 20), TestTokens.authentication(),
                new RecordedEvents(), List.of(new WorkqueueRoutes(world.database, new Workqueue(),
                        new WorkqueueDecisions(world.codec, world.fhir.store(), world.fhir.search(), PatientFinder.NONE,
                                FilingSettings.DEFAULTS, world.clock), audit.groupCommit(), audit.trail(),
                        AccessPolicy.nhs(), world.clock)));
        practice = world.practice();
        nhsNumber = FilingWorld.nhsNumber();
        letter = TestLetters.document("2026-11-20T10:00:00Z").patient(nhsNumber, "Unknown", "Person", "1985-08-08",
                "LS12 1AA").json();
        firstMessage = world.send(practice.mailboxId(), "application/fhir+json", letter);
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
        JsonNode item = null;
        for (JsonNode listed : body.path("items")) {
            item = listed.path("messageId").asText().equals(firstMessage) ? listed : item;
        }
        assertThat(item).as("the first letter's item").isNotNull();
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
        String content = WorkqueueRoutes.BASE + "/" + practice.odsCode() + "/"
                + world.queued(firstMessage).orElseThrow().id() + "/content";

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

    @Test
    void aGpFilesAnUnmatchedLetterIntoTheRecordTheyChooseAndTheSenderSeesItFiled() {
        String nhsNumber = FilingWorld.nhsNumber();
        String patientId = world.patient(nhsNumber, "Okafor", "Ada", "1972-03-04", "LS6 2AB", practice);
        String messageId = world.send(practice.mailboxId(), "application/fhir+json", TestLetters.document(
                "2026-11-20T10:00:00Z").patient(FilingWorld.nhsNumber(), "Okafor", "Ada", "1972-03-04", "LS6 2AB")
                .condition("38341003", "Hypertension").json());
        String item = queue(messageId);
        int creates = audited("create", patientId);

        TestHttp.Response filed = as(staff(practice.odsCode(), "R8000")).post(itemPath(item) + "/file",
                "application/json", "{\"nhsNumber\": \"" + nhsNumber.substring(0, 3) + " " + nhsNumber.substring(3) + "\"}");

        assertThat(filed.status()).isEqualTo(200);
        assertThat(filed.json().path("status").asText()).isEqualTo("filed");
        assertThat(filed.json().path("patient").asText()).isEqualTo("Patient/" + patientId);
        JsonNode document = world.read(filed.json().path("document").asText());
        assertThat(document.path("subject").path("reference").asText()).isEqualTo("Patient/" + patientId);
        assertThat(document.path("meta").path("tag").toString()).contains(FiledDocuments.WORKQUEUE_FILED)
                .doesNotContain(FiledDocuments.AUTO_FILED);
        JsonNode condition = world.read(document.path("context").path("related").path(0).path("reference").asText());
        assertThat(condition.path("subject").path("reference").asText()).isEqualTo("Patient/" + patientId);
        assertThat(world.find("Task", java.util.Map.of("focus", List.of(filed.json().path("document").asText()))))
                .singleElement().satisfies(task -> assertThat(task.path("description").asText())
                        .endsWith("filed from the workqueue"));
        assertThat(world.tracking(messageId)).last().asString().startsWith("filed " + filed.json().path("document")
                .asText());
        assertThat(listed()).doesNotContain(item);
        assertThat(audited("create", patientId)).isEqualTo(creates + 1);
        TestHttp.Response again = as(staff(practice.odsCode(), "R8000")).post(itemPath(item) + "/file",
                "application/json", "{\"patient\": \"Patient/" + patientId + "\"}");
        assertThat(again.status()).isEqualTo(409);
    }

    @Test
    void aPdfThatNamesNoPatientIsFiledAsTheDocumentAloneIntoTheRecordChosenById() {
        String patientId = world.patient(FilingWorld.nhsNumber(), "Bryce", "Cora", "1990-01-02", "LS1 1AA", practice);
        String messageId = world.send(practice.mailboxId(), "application/pdf", TestLetters.pdf(null, "20261119120000"));
        String item = queue(messageId);

        TestHttp.Response filed = as(staff(practice.odsCode(), "R8001")).post(itemPath(item) + "/file",
                "application/json", "{\"patient\": \"Patient/" + patientId + "\"}");

        assertThat(filed.status()).isEqualTo(200);
        JsonNode document = world.read(filed.json().path("document").asText());
        assertThat(document.path("subject").path("reference").asText()).isEqualTo("Patient/" + patientId);
        assertThat(document.path("context").path("related").isMissingNode()).isTrue();
        JsonNode binary = world.read(document.path("content").path(0).path("attachment").path("url").asText());
        assertThat(binary.path("contentType").asText()).isEqualTo("application/pdf");
        assertThat(binary.path("securityContext").path("reference").asText()).isEqualTo("Patient/" + patientId);
    }

    @Test
    void aRecordTheLetterCannotGoIntoIsRefusedAndTheItemStaysOpen() {
        String elsewhere = world.patient(FilingWorld.nhsNumber(), "Dunn", "Eve", "1980-05-06", "LS2 2BB", world.practice());
        String item = queue(world.send(practice.mailboxId(), "application/pdf", TestLetters.pdf(null, null)));
        TestHttp gp = as(staff(practice.odsCode(), "R8000"));

        TestHttp.Response notRegistered = gp.post(itemPath(item) + "/file", "application/json",
                "{\"patient\": \"Patient/" + elsewhere + "\"}");
        TestHttp.Response unknown = gp.post(itemPath(item) + "/file", "application/json", "{\"patient\": \"Patient/nobody\"}");
        TestHttp.Response noneCarries = gp.post(itemPath(item) + "/file", "application/json",
                "{\"nhsNumber\": \"" + FilingWorld.nhsNumber() + "\"}");

        assertThat(notRegistered.status()).isEqualTo(422);
        assertThat(notRegistered.text()).contains("not registered at " + practice.odsCode());
        assertThat(unknown.status()).isEqualTo(422);
        assertThat(noneCarries.status()).isEqualTo(422);
        assertThat(listed()).contains(item);
        assertThat(world.find("DocumentReference", java.util.Map.of("patient", List.of(elsewhere)))).isEmpty();
    }

    @Test
    void aMalformedDecisionIsA400AndAnUnknownItemA404() {
        String item = queue(world.send(practice.mailboxId(), "application/pdf", TestLetters.pdf(null, null)));
        TestHttp gp = as(staff(practice.odsCode(), "R8000"));
        String file = itemPath(item) + "/file";

        assertThat(gp.post(file, "application/json", "not json").status()).isEqualTo(400);
        assertThat(gp.post(file, "application/json", "{}").status()).isEqualTo(400);
        assertThat(gp.post(file, "application/json", "{\"patient\": \"Patient/a\", \"nhsNumber\": \"9000000009\"}")
                .status()).isEqualTo(400);
        assertThat(gp.post(file, "application/json", "{\"nhsNumber\": \"9000000000\"}").status()).isEqualTo(400);
        assertThat(gp.post(file, "application/json", "{\"patient\": \"Patient/a b\"}").status()).isEqualTo(400);
        assertThat(gp.post(itemPath(item) + "/return", "application/json", "{\"reason\": \"  \"}").status()).isEqualTo(400);
        assertThat(gp.post(itemPath("00000000-0000-0000-0000-000000000000") + "/return", "application/json",
                "{\"reason\": \"not ours\"}").status()).isEqualTo(404);
        assertThat(listed()).contains(item);
    }

    @Test
    void onlyThePracticesStaffWhoMayUpdateRecordsDecide() {
        String item = queue(world.send(practice.mailboxId(), "application/pdf", TestLetters.pdf(null, null)));
        String body = "{\"reason\": \"not our patient\"}";

        assertThat(as(staff(practice.odsCode(), "R8009")).post(itemPath(item) + "/return", "application/json", body)
                .status()).isEqualTo(403);
        assertThat(as(staff("Y99999", "R8000")).post(itemPath(item) + "/return", "application/json", body).status())
                .isEqualTo(403);
        assertThat(as(TestTokens.integrator()).post(itemPath(item) + "/file", "application/json",
                "{\"patient\": \"Patient/x\"}").status()).isEqualTo(403);
        assertThat(new TestHttp(base()).post(itemPath(item) + "/return", "application/json", body).status())
                .isEqualTo(401);
        assertThat(listed()).contains(item);
    }

    @Test
    void aReturnedLetterIsClosedUnfiledAndItsSenderSeesWhy() {
        String messageId = world.send(practice.mailboxId(), "application/pdf", TestLetters.pdf(null, null));
        String item = queue(messageId);

        TestHttp.Response returned = as(staff(practice.odsCode(), "R8000")).post(itemPath(item) + "/return",
                "application/json", "{\"reason\": \"Patient registered at another practice since June\"}");

        assertThat(returned.status()).isEqualTo(200);
        assertThat(returned.json().path("status").asText()).isEqualTo("returned");
        assertThat(world.tracking(messageId)).last().asString()
                .isEqualTo("returned returned by the practice, not filed: Patient registered at another practice since June");
        assertThat(listed()).doesNotContain(item);
        assertThat(world.documentsOf(messageId)).isEmpty();
        assertThat(as(staff(practice.odsCode(), "R8000")).post(itemPath(item) + "/file", "application/json",
                "{\"patient\": \"Patient/x\"}").status()).isEqualTo(409);
    }

    @Test
    void twoPeopleDecidingAtOnceCannotBothAct() throws Exception {
        String patientId = world.patient(FilingWorld.nhsNumber(), "Frost", "Gil", "1966-07-08", "LS3 3CC", practice);
        String messageId = world.send(practice.mailboxId(), "application/pdf", TestLetters.pdf(null, null));
        String item = queue(messageId);
        java.util.concurrent.Callable<Integer> file = () -> as(staff(practice.odsCode(), "R8000"))
                .post(itemPath(item) + "/file", "application/json", "{\"patient\": \"Patient/" + patientId + "\"}").status();
        java.util.concurrent.Callable<Integer> giveBack = () -> as(staff(practice.odsCode(), "R8001"))
                .post(itemPath(item) + "/return", "application/json", "{\"reason\": \"not ours\"}").status();

        List<Integer> statuses;
        try (var threads = java.util.concurrent.Executors.newFixedThreadPool(2)) {
            statuses = threads.invokeAll(List.of(file, giveBack)).stream().map(f -> {
                try {
                    return f.get();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }).toList();
        }

        assertThat(statuses).containsExactlyInAnyOrder(200, 409);
        assertThat(world.tracking(messageId).stream().filter(t -> t.startsWith("filed ") || t.startsWith("returned ")))
                .hasSize(1);
        assertThat(world.documentsOf(messageId)).hasSize(statuses.get(0) == 200 ? 1 : 0);
    }

    /** @return the workqueue item id of the message, once filing has queued it */
    private String queue(String messageId) {
        world.filing(PatientFinder.NONE, FilingSettings.DEFAULTS.withoutSettling()).fileBatch(100);
        return world.queued(messageId).orElseThrow().id().toString();
    }

    private List<String> listed() {
        List<String> ids = new java.util.ArrayList<>();
        as(staff(practice.odsCode(), "R8000")).get(WorkqueueRoutes.BASE + "/" + practice.odsCode() + "?_count=1000")
                .json().path("items").forEach(item -> ids.add(item.path("id").asText()));
        return ids;
    }

    private String itemPath(String item) {
        return WorkqueueRoutes.BASE + "/" + practice.odsCode() + "/" + item;
    }

    private int audited(String subtype, String patientId) {
        return world.database.read(connection -> {
            try (var count = connection.prepareStatement(
                    "SELECT count(*) FROM audit_event WHERE subtype = ? AND patients @> ARRAY[?::text]")) {
                count.setString(1, subtype);
                count.setString(2, patientId);
                try (var rows = count.executeQuery()) {
                    rows.next();
                    return rows.getInt(1);
                }
            }
        });
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
