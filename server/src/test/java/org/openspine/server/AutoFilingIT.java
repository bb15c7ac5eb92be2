package org.openspine.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openspine.platform.http.TestHttp;

/**
 * Auto-filing in the whole server over real HTTP, with the demo data: a hospital sends discharge summaries through
 * the MESH API to the demo GP practice's mailbox (Kirkstall Lane, A81001, where the demo patient Jane Smith is
 * registered), and the server files them into the record or queues them for the practice before it acknowledges
 * them, never otherwise (in one transaction: filed or queued, then acknowledged, as the tracking history shows); the
 * record is then as private as the rest of Jane's.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AutoFilingIT {

    /** The MESH sandbox's second mailbox: the demo hospital trust, RX1. */
    private static final String HOSPITAL = "X26ABC2";
    /** The demo practice's clinical correspondence mailbox. */
    private static final String PRACTICE = "A81001001";
    private static final String DISCHARGE = "TOC_FHIR_IP_DISCH";
    private static final String NHS_NUMBER = "https://fhir.nhs.uk/Id/nhs-number";
    private static final String MESSAGE_ID = "https://openspine.org/Id/mesh-message-id";
    private static final Duration PATIENCE = Duration.ofSeconds(30);

    private DemoServer server;
    private TestHttp http;
    private String jane;

    @BeforeAll
    void start() {
        server = DemoServer.start("openspine-filing");
        http = new TestHttp(server.base());
        jane = single(server.as("gp").get("/fhir/R4/Patient?identifier=" + NHS_NUMBER + "%7C9000000009").json())
                .path("id").asText();
    }

    @AfterAll
    void stop() {
        server.close();
    }

    @Test
    void aDischargeSummaryForARegisteredPatientIsFiledIntoTheirRecordAndOnlyThenAcknowledged() {
        byte[] letter = discharge("9000000009", "Smith", "Jane", "2010-10-22", "LS1 6AE");

        String id = send(PRACTICE, DISCHARGE, letter);
        JsonNode tracking = awaitAcknowledged(id);

        List<String> events = events(tracking);
        assertThat(events).containsSubsequence("uploaded", "filed", "acknowledged").doesNotContain("queued");
        TestHttp gp = server.as("gp");
        JsonNode document = single(gp.get("/fhir/R4/DocumentReference?identifier=" + MESSAGE_ID + "%7C" + id).json());
        assertThat(step(tracking, "filed").path("detail").asText()).isEqualTo("DocumentReference/"
                + document.path("id").asText());
        assertThat(document.path("subject").path("reference").asText()).isEqualTo("Patient/" + jane);
        assertThat(document.path("status").asText()).isEqualTo("current");
        assertThat(document.path("type").path("coding").path(0).path("code").asText()).isEqualTo("373942005");
        String binary = document.path("content").path(0).path("attachment").path("url").asText();
        TestHttp.Response content = gp.get("/fhir/R4/" + binary);
        assertThat(content.status()).as(content.text()).isEqualTo(200);
        assertThat(Base64.getDecoder().decode(content.json().path("data").asText())).isEqualTo(letter);
        JsonNode letterSent = sentLetter(id);
        assertThat(letterSent.path("status").asText()).isEqualTo("acknowledged");
        assertThat(letterSent.path("filed").isTextual()).as("the sender sees it filed").isTrue();
        assertThat(letterSent.path("queued").isNull()).isTrue();
    }

    @Test
    void thePatientReadsTheirFiledLetterAndStaffWithoutAClinicalRelationshipDoNot() {
        String id = send(PRACTICE, DISCHARGE, discharge("9000000009", "Smith", "Jane", "2010-10-22", "LS1 6AE"));
        awaitAcknowledged(id);
        String search = "/fhir/R4/DocumentReference?identifier=" + MESSAGE_ID + "%7C" + id;
        JsonNode document = single(server.as("gp").get(search).json());
        String reference = "/fhir/R4/DocumentReference/" + document.path("id").asText();
        String binary = "/fhir/R4/" + document.path("content").path(0).path("attachment").path("url").asText();

        TestHttp patient = server.as("patient");
        assertThat(patient.get(reference).status()).as("Jane reads her own letter").isEqualTo(200);
        assertThat(patient.get(binary).status()).isEqualTo(200);
        assertThat(entries(patient.get(search).json())).hasSize(1);
        TestHttp pharmacist = server.as("pharmacist");
        assertThat(pharmacist.get(reference).status()).as("no relationship with Jane").isEqualTo(403);
        assertThat(pharmacist.get(binary).status()).isEqualTo(403);
        assertThat(entries(pharmacist.get(search).json())).isEmpty();
        TestHttp receptionist = server.as("receptionist");
        assertThat(receptionist.get(reference).status()).as("Jane's practice, but not a clinical role").isEqualTo(403);
        assertThat(receptionist.get(binary).status()).isEqualTo(403);
        assertThat(server.as("carer").get(binary).status()).as("John is Jane's proxy").isEqualTo(200);
    }

    @Test
    void anUnmatchableLetterWaitsInThePracticesWorkqueueAndIsAcknowledgedWithItsItem() {
        byte[] letter = discharge("9434765919", "Quill", "Zebedee", "1931-01-01", "ZZ99 3AA");

        String id = send(PRACTICE, DISCHARGE, letter);
        JsonNode tracking = awaitAcknowledged(id);

        assertThat(events(tracking)).containsSubsequence("uploaded", "queued", "acknowledged").doesNotContain("filed");
        TestHttp gp = server.as("gp");
        JsonNode item = itemFor(gp.get("/exchange/workqueue/A81001").json(), id);
        assertThat(step(tracking, "queued").path("detail").asText()).isEqualTo("workqueue item " + item.path("id").asText()
                + ": unmatched");
        assertThat(item.path("reason").asText()).isEqualTo("unmatched");
        assertThat(item.path("mailbox").asText()).isEqualTo(PRACTICE);
        assertThat(item.path("sender").asText()).isEqualTo(HOSPITAL);
        assertThat(item.path("subject").path("nhsNumber").asText()).isEqualTo("9434765919");
        assertThat(item.path("subject").path("family").asText()).isEqualTo("Quill");
        TestHttp.Response content = gp.get(item.path("content").asText());
        assertThat(content.status()).isEqualTo(200);
        assertThat(content.bytes()).isEqualTo(letter);
        assertThat(entries(gp.get("/fhir/R4/DocumentReference?identifier=" + MESSAGE_ID + "%7C" + id).json()))
                .as("nothing of it is in anyone's record").isEmpty();
        assertThat(server.as("pharmacist").get("/exchange/workqueue/A81001").status()).isEqualTo(403);
        assertThat(server.as("receptionist").get(item.path("content").asText()).status())
                .as("the letter itself is clinical").isEqualTo(403);
        JsonNode letterSent = sentLetter(id);
        assertThat(letterSent.path("queued").isTextual()).isTrue();
        assertThat(letterSent.path("filed").isNull()).isTrue();
        JsonNode monitor = server.as("integrator").get("/exchange/monitor").json();
        assertThat(StreamSupport.stream(monitor.path("workqueues").spliterator(), false)
                .filter(queue -> queue.path("odsCode").asText().equals("A81001")).findFirst().orElseThrow()
                .path("open").asLong()).as("the monitor counts what waits for a person").isPositive();
    }

    @Test
    void theGpFilesAWorkqueueLetterIntoTheRecordTheyChooseAndTheSenderSeesItFiled() {
        byte[] letter = discharge("9434765919", "Smith", "Jayne", "2010-10-22", "LS1 6AE"); // a wrong number, a typo
        String id = send(PRACTICE, DISCHARGE, letter);
        String item = queuedItem(id);
        TestHttp gp = server.as("gp");

        TestHttp.Response filed = gp.post("/exchange/workqueue/A81001/" + item + "/file", "application/json",
                "{\"nhsNumber\": \"900 000 0009\"}");

        assertThat(filed.status()).as(filed.text()).isEqualTo(200);
        assertThat(filed.json().path("patient").asText()).isEqualTo("Patient/" + jane);
        JsonNode document = single(gp.get("/fhir/R4/DocumentReference?identifier=" + MESSAGE_ID + "%7C" + id).json());
        assertThat("DocumentReference/" + document.path("id").asText()).isEqualTo(filed.json().path("document").asText());
        assertThat(document.path("subject").path("reference").asText()).isEqualTo("Patient/" + jane);
        assertThat(events(tracking(id))).containsSubsequence("queued", "acknowledged", "filed");
        assertThat(sentLetter(id).path("filed").isTextual()).as("the sender sees it filed").isTrue();
        assertThat(StreamSupport.stream(gp.get("/exchange/workqueue/A81001").json().path("items").spliterator(), false)
                .map(i -> i.path("id").asText())).doesNotContain(item);
    }

    @Test
    void aReturnedLetterShowsAsReturnedWithItsReasonInTheSendersView() {
        String id = send(PRACTICE, DISCHARGE, discharge("9434765919", "Quill", "Zebedee", "1931-01-01", "ZZ99 3AA"));
        String item = queuedItem(id);
        TestHttp gp = server.as("gp");

        TestHttp.Response returned = gp.post("/exchange/workqueue/A81001/" + item + "/return", "application/json",
                "{\"reason\": \"Not registered with us: please resend to the patient's new practice\"}");

        assertThat(returned.status()).as(returned.text()).isEqualTo(200);
        JsonNode letterSent = sentLetter(id);
        assertThat(letterSent.path("returned").isTextual()).isTrue();
        assertThat(letterSent.path("returnedBecause").asText())
                .endsWith("Not registered with us: please resend to the patient's new practice");
        assertThat(letterSent.path("filed").isNull()).isTrue();
        assertThat(events(tracking(id))).containsSubsequence("queued", "acknowledged", "returned");
    }

    @Test
    void nothingIsAcknowledgedThatIsNeitherFiledNorQueued() {
        byte[] letter = discharge("9000000009", "Smith", "Jane", "2010-10-22", "LS1 6AE");
        String toHospital = send("RX1001", DISCHARGE, letter);
        String notClinical = send("X26ABC1", "TEST_WORKFLOW", letter);

        // filing has run at least once since both arrived: it files this one
        awaitAcknowledged(send(PRACTICE, DISCHARGE, letter));

        for (String waiting : List.of(toHospital, notClinical)) {
            JsonNode tracking = tracking(waiting);
            assertThat(tracking.path("status").asText()).as(waiting).isEqualTo("Accepted");
            assertThat(events(tracking)).as(waiting).doesNotContain("filed", "queued", "acknowledged");
        }
        JsonNode sent = server.as("integrator").get("/exchange/mailboxes/" + HOSPITAL + "/sent?max=1000").json();
        assertThat(sent.path("messages")).isNotEmpty().allSatisfy(message -> {
            if (message.path("acknowledged").isTextual()) {
                assertThat(message.path("filed").isTextual() || message.path("queued").isTextual())
                        .as(message.toString()).isTrue();
            }
        });
        JsonNode monitor = server.as("integrator").get("/exchange/monitor").json();
        assertThat(StreamSupport.stream(monitor.path("mailboxes").spliterator(), false)
                .filter(mailbox -> mailbox.path("mailboxId").asText().equals("RX1001")).findFirst().orElseThrow()
                .path("waiting").asLong()).as("the monitor sees the letter the hospital has not collected").isPositive();
    }

    // ---- helpers ----------------------------------------------------------------------------------

    /** @return a discharge summary as a FHIR document: Composition, Patient, and a diagnosis to file */
    private static byte[] discharge(String nhsNumber, String family, String given, String birthDate, String postcode) {
        String patient = "urn:uuid:" + UUID.randomUUID();
        return """
                {"resourceType":"Bundle","type":"document","timestamp":"%1$s",
                 "identifier":{"system":"https://tools.ietf.org/html/rfc4122","value":"urn:uuid:%2$s"},
                 "entry":[
                  {"fullUrl":"urn:uuid:%3$s","resource":{"resourceType":"Composition","status":"final",
                    "type":{"coding":[{"system":"http://snomed.info/sct","code":"373942005","display":"Discharge summary"}]},
                    "subject":{"reference":"%4$s"},"date":"%1$s","title":"Discharge summary",
                    "author":[{"display":"Ward 7, St James's"}],
                    "custodian":{"identifier":{"system":"https://fhir.nhs.uk/Id/ods-organization-code","value":"RX1"},
                      "display":"West Riding Teaching Hospitals NHS Trust"}}},
                  {"fullUrl":"%4$s","resource":{"resourceType":"Patient",
                    "identifier":[{"system":"%5$s","value":"%6$s"}],
                    "name":[{"use":"official","family":"%7$s","given":["%8$s"]}],"birthDate":"%9$s",
                    "address":[{"use":"home","postalCode":"%10$s"}]}},
                  {"fullUrl":"urn:uuid:%11$s","resource":{"resourceType":"Condition",
                    "code":{"coding":[{"system":"http://snomed.info/sct","code":"195967001","display":"Asthma"}]},
                    "subject":{"reference":"%4$s"}}}
                 ]}""".formatted(Instant.now().toString(), UUID.randomUUID(), UUID.randomUUID(), patient, NHS_NUMBER,
                nhsNumber, family, given, birthDate, postcode, UUID.randomUUID()).getBytes(StandardCharsets.UTF_8);
    }

    /** @return the id of the letter the hospital sent */
    private String send(String to, String workflow, byte[] letter) {
        TestHttp.Response sent = http.request("POST", "/messageexchange/" + HOSPITAL + "/outbox")
                .header("Authorization", SandboxMesh.signature(HOSPITAL)).header("mex-To", to)
                .header("mex-WorkflowID", workflow).header("mex-Subject", "Discharge summary")
                .header("mex-Content-Type", "application/fhir+json").body(letter).send();
        assertThat(sent.status()).as(sent.text()).isEqualTo(202);
        return sent.json().get("messageID").asText();
    }

    /** @return the MESH tracking of the hospital's letter once it is acknowledged */
    private JsonNode awaitAcknowledged(String messageId) {
        Instant deadline = Instant.now().plus(PATIENCE);
        JsonNode tracking = tracking(messageId);
        while (!tracking.path("status").asText().equals("Acknowledged") && Instant.now().isBefore(deadline)) {
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted waiting for message " + messageId, e);
            }
            tracking = tracking(messageId);
        }
        assertThat(tracking.path("status").asText()).as(tracking.toString()).isEqualTo("Acknowledged");
        return tracking;
    }

    private JsonNode tracking(String messageId) {
        TestHttp.Response tracking = http.request("GET", "/messageexchange/" + HOSPITAL + "/outbox/tracking?messageID="
                + messageId).header("Authorization", SandboxMesh.signature(HOSPITAL)).send();
        assertThat(tracking.status()).as(tracking.text()).isEqualTo(200);
        return tracking.json();
    }

    /** @return the letter as the hospital's sent view shows it */
    private JsonNode sentLetter(String messageId) {
        JsonNode sent = server.as("integrator").get("/exchange/mailboxes/" + HOSPITAL + "/sent?max=1000").json();
        return StreamSupport.stream(sent.path("messages").spliterator(), false)
                .filter(letter -> letter.path("messageId").asText().equals(messageId)).findFirst().orElseThrow();
    }

    private static List<String> events(JsonNode tracking) {
        List<String> events = new ArrayList<>();
        tracking.path("history").forEach(step -> events.add(step.path("event").asText()));
        return events;
    }

    private static JsonNode step(JsonNode tracking, String event) {
        return StreamSupport.stream(tracking.path("history").spliterator(), false)
                .filter(step -> step.path("event").asText().equals(event)).findFirst().orElseThrow();
    }

    /** @return the id of the demo practice's workqueue item for the letter, once it is acknowledged */
    private String queuedItem(String messageId) {
        awaitAcknowledged(messageId);
        return itemFor(server.as("gp").get("/exchange/workqueue/A81001").json(), messageId).path("id").asText();
    }

    private static JsonNode itemFor(JsonNode workqueue, String messageId) {
        return StreamSupport.stream(workqueue.path("items").spliterator(), false)
                .filter(item -> item.path("messageId").asText().equals(messageId)).findFirst().orElseThrow();
    }

    private static List<JsonNode> entries(JsonNode bundle) {
        List<JsonNode> resources = new ArrayList<>();
        bundle.path("entry").forEach(entry -> resources.add(entry.path("resource")));
        return resources;
    }

    private static JsonNode single(JsonNode bundle) {
        List<JsonNode> resources = entries(bundle);
        assertThat(resources).as(bundle.toString()).hasSize(1);
        return resources.get(0);
    }
}
