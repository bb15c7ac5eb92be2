package org.openspine.exchange.mesh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.openspine.exchange.assurance.TestLetters.NHS_NUMBER;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.zip.GZIPOutputStream;
import org.hl7.fhir.r4.model.Bundle;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openspine.exchange.assurance.TestLetters;
import org.openspine.exchange.assurance.WorkflowAssurance;
import org.openspine.exchange.mailbox.Assurance;
import org.openspine.exchange.mailbox.Workflow;
import org.openspine.exchange.mailbox.Workflows;
import org.openspine.exchange.message.ExchangeSettings;
import org.openspine.platform.http.TestHttp;

/**
 * Message assurance through the MESH API: letters and reports that meet their workflow's requirement are
 * delivered; the rest are refused at send with MESH's 417 "Invalid file format" saying what is wrong, and
 * never reach the recipient.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MeshAssuranceIT {

    private static final String MESH = "/messageexchange/";
    private static final String DISCHARGE = "TOC_FHIR_IP_DISCH";   // seeded: clinical-document
    private static final String PATHOLOGY = "TEST_PATH_FHIR";
    private static final int MAX_CHECKED = 64 * 1024;

    private MeshTestServer server;
    private TestHttp http;
    private String hospital;
    private String practice;
    private String laboratory;

    @BeforeAll
    void start() {
        Workflows workflows = new Workflows();
        server = new MeshTestServer(new ExchangeSettings(Duration.ofDays(5), Duration.ofDays(30), 1 << 20),
                new WorkflowAssurance(workflows, TestLetters.CODEC, MAX_CHECKED));
        server.database.inTransaction(connection -> {
            workflows.define(connection, new Workflow(PATHOLOGY, "pathology results (FHIR), for tests",
                    Duration.ofHours(4), Assurance.PATHOLOGY_REPORT, true));
            return null;
        });
        http = server.http();
        hospital = server.mailbox("RX1");
        laboratory = server.mailbox("RX2");
        practice = server.mailbox("A81001", DISCHARGE, PATHOLOGY);
    }

    @AfterAll
    void stop() {
        server.close();
    }

    @Test
    void aDischargeSummaryAsAFhirDocumentIsDeliveredAsSent() {
        byte[] letter = TestLetters.json(TestLetters.document(TestLetters.patient(Optional.of(NHS_NUMBER))));

        TestHttp.Response sent = send(hospital, DISCHARGE, letter).send();

        assertThat(sent.status()).as(sent.text()).isEqualTo(202);
        String id = sent.json().get("messageID").asText();
        assertThat(inbox()).contains(id);
        assertThat(http.request("GET", MESH + practice + "/inbox/" + id).header("Authorization", server.sign(practice))
                .send().bytes()).isEqualTo(letter);
    }

    @Test
    void aPdfLetterSentInGzipEncodedChunksIsCheckedAsTheRecipientWillReadIt() {
        byte[] pdf = TestLetters.pdf(Map.of("NHSNumber", NHS_NUMBER));
        byte[] first = gzip(Arrays.copyOfRange(pdf, 0, pdf.length / 2));
        byte[] second = gzip(Arrays.copyOfRange(pdf, pdf.length / 2, pdf.length));

        TestHttp.Response started = send(hospital, DISCHARGE, first).header("Content-Encoding", "gzip")
                .header("mex-Chunk-Range", "1:2").send();
        String id = started.json().get("messageID").asText();
        TestHttp.Response finished = http.request("POST", MESH + hospital + "/outbox/" + id + "/2")
                .header("Authorization", server.sign(hospital)).header("mex-Chunk-Range", "2:2")
                .header("Content-Encoding", "gzip").header("Content-Type", "application/octet-stream").body(second).send();

        assertThat(started.status()).isEqualTo(202);
        assertThat(finished.status()).as(finished.text()).isEqualTo(202);
        assertThat(inbox()).contains(id);
    }

    @Test
    void aLetterTheSenderCompressedIsCheckedUncompressed() {
        byte[] letter = gzip(TestLetters.xml(TestLetters.document(TestLetters.patient(Optional.of(NHS_NUMBER)))));

        TestHttp.Response sent = send(hospital, DISCHARGE, letter).header("mex-Content-Compressed", "Y").send();

        assertThat(sent.status()).as(sent.text()).isEqualTo(202);
    }

    @Test
    void aChunkSaidToBeGzipThatIsNotIsRefused() {
        byte[] letter = TestLetters.json(TestLetters.document(TestLetters.patient(Optional.of(NHS_NUMBER))));

        TestHttp.Response refused = send(hospital, DISCHARGE, letter).header("Content-Encoding", "gzip").send();

        assertThat(refused.status()).isEqualTo(417);
        assertThat(refused.json().get("errorDescription").asText())
                .endsWith("; the payload is marked gzip-compressed but is not valid gzip");
    }

    @Test
    void aBundleThatIsNotADocumentIsRefusedWith417AndNothingIsStored() {
        Bundle collection = TestLetters.document(TestLetters.patient(Optional.of(NHS_NUMBER)))
                .setType(Bundle.BundleType.COLLECTION);
        List<String> before = inbox();

        TestHttp.Response refused = send(hospital, DISCHARGE, TestLetters.json(collection))
                .header("mex-LocalID", "collection-1").send();

        assertThat(refused.status()).isEqualTo(417);
        assertThat(refused.json().toString()).isEqualTo("{\"errorEvent\":\"SEND\",\"errorCode\":\"Invalid file format\","
                + "\"errorDescription\":\"a clinical-document workflow needs a FHIR document Bundle or a PDF with an NHS "
                + "Number in its metadata; this Bundle has type 'collection'\"}");
        assertThat(inbox()).isEqualTo(before);
        assertThat(sentWithLocalId("collection-1")).as("the refused send stored nothing").isZero();
    }

    @Test
    void aPdfWithoutAnNhsNumberIsRefusedInMeshV2Shape() {
        TestHttp.Response refused = send(hospital, DISCHARGE, TestLetters.pdf(Map.of("Subject", "Clinic letter")))
                .header("Accept", "application/vnd.mesh.v2+json").send();

        assertThat(refused.status()).isEqualTo(417);
        assertThat(refused.json().get("detail").toString()).isEqualTo("[{\"event\":\"SEND\",\"code\":\"Invalid file "
                + "format\",\"msg\":\"a clinical-document workflow needs a FHIR document Bundle or a PDF with an NHS Number "
                + "in its metadata; this PDF's metadata carries no NHS Number (looked for in its document information "
                + "entries and its XMP metadata)\"}]");
    }

    @Test
    void anInvalidLastChunkLeavesTheMessageOutOfTheInbox() {
        byte[] letter = TestLetters.json(TestLetters.document(TestLetters.patient(Optional.of("9434765911"))));
        List<String> before = inbox();

        TestHttp.Response started = send(hospital, DISCHARGE, Arrays.copyOfRange(letter, 0, 100))
                .header("mex-Chunk-Range", "1:2").send();
        String id = started.json().get("messageID").asText();
        TestHttp.Response last = http.request("POST", MESH + hospital + "/outbox/" + id + "/2")
                .header("Authorization", server.sign(hospital)).header("mex-Chunk-Range", "2:2")
                .header("Content-Type", "application/octet-stream")
                .body(Arrays.copyOfRange(letter, 100, letter.length)).send();

        assertThat(last.status()).isEqualTo(417);
        assertThat(last.json().get("errorDescription").asText()).endsWith("; this document Bundle's Composition subject "
                + "(a Patient) has an NHS Number that is not valid (ten digits with a Modulus 11 check digit)");
        assertThat(inbox()).isEqualTo(before);
    }

    @Test
    void aLetterLargerThanTheCheckedLimitIsRefusedNotPassedUnchecked() {
        byte[] padded = new byte[MAX_CHECKED + 1];
        Arrays.fill(padded, (byte) ' ');
        byte[] letter = TestLetters.json(TestLetters.document(TestLetters.patient(Optional.of(NHS_NUMBER))));
        System.arraycopy(letter, 0, padded, 0, letter.length);

        TestHttp.Response refused = send(hospital, DISCHARGE, padded).send();

        assertThat(refused.status()).isEqualTo(417);
        assertThat(refused.json().get("errorDescription").asText()).endsWith("; payloads are checked whole, up to "
                + MAX_CHECKED + " bytes, and this one is larger");
    }

    @Test
    void anEncryptedPayloadCannotBeAssured() {
        byte[] letter = TestLetters.json(TestLetters.document(TestLetters.patient(Optional.of(NHS_NUMBER))));

        TestHttp.Response refused = send(hospital, DISCHARGE, letter).header("mex-Content-Encrypted", "Y").send();

        assertThat(refused.status()).isEqualTo(417);
        assertThat(refused.json().get("errorDescription").asText()).endsWith("; this message is marked encrypted "
                + "(mex-Content-Encrypted), so its content cannot be checked");
    }

    @Test
    void aPathologyWorkflowTakesADiagnosticReportBundleAndRefusesALetter() {
        byte[] report = TestLetters.xml(TestLetters.message(TestLetters.diagnosticReport(),
                TestLetters.patient(Optional.of(NHS_NUMBER))));
        byte[] letter = TestLetters.json(TestLetters.document(TestLetters.patient(Optional.of(NHS_NUMBER))));

        TestHttp.Response accepted = send(laboratory, PATHOLOGY, report).send();
        TestHttp.Response refused = send(laboratory, PATHOLOGY, letter).send();

        assertThat(accepted.status()).as(accepted.text()).isEqualTo(202);
        assertThat(refused.status()).isEqualTo(417);
        assertThat(refused.json().get("errorDescription").asText()).isEqualTo("a pathology-report workflow needs a FHIR "
                + "Bundle containing a DiagnosticReport whose subject is a Patient with an NHS Number; this Bundle has no "
                + "DiagnosticReport entry");
    }

    @Test
    void aWorkflowWithoutAssuranceTakesAnything() {
        String open = server.mailbox("A81002");

        TestHttp.Response sent = http.request("POST", MESH + hospital + "/outbox").header("Authorization",
                server.sign(hospital)).header("mex-To", open).header("mex-WorkflowID", "TOC_FHIR_IP_DISCH_ACK")
                .body(new byte[] {1, 2, 3}).send();

        assertThat(sent.status()).isEqualTo(202);
    }

    // ---- helpers ----------------------------------------------------------------------------------

    private TestHttp.Call send(String from, String workflow, byte[] body) {
        return http.request("POST", MESH + from + "/outbox").header("Authorization", server.sign(from))
                .header("mex-To", practice).header("mex-WorkflowID", workflow)
                .header("Content-Type", "application/octet-stream").body(body);
    }

    private List<String> inbox() {
        TestHttp.Response response = http.request("GET", MESH + practice + "/inbox")
                .header("Authorization", server.sign(practice)).send();
        assertThat(response.status()).as(response.text()).isEqualTo(200);
        List<String> ids = new ArrayList<>();
        response.json().get("messages").forEach(id -> ids.add(id.asText()));
        return ids;
    }

    private long sentWithLocalId(String localId) {
        return server.database.read(connection -> {
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT count(*) FROM mesh_message WHERE sender = ? AND local_id = ?")) {
                select.setString(1, hospital);
                select.setString(2, localId);
                try (ResultSet rows = select.executeQuery()) {
                    rows.next();
                    return rows.getLong(1);
                }
            }
        });
    }

    private static byte[] gzip(byte[] plain) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream zip = new GZIPOutputStream(out)) {
            zip.write(plain);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
