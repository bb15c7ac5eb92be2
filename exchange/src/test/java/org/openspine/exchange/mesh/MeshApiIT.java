package org.openspine.exchange.mesh;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openspine.exchange.message.ExchangeSettings;
import org.openspine.exchange.message.PayloadAssurance;
import org.openspine.platform.http.TestHttp;
import org.openspine.platform.security.token.TestTokens;

/**
 * The MESH API over HTTP: every interaction, the NHSMESH scheme's rules, and the specification's status codes,
 * headers and error bodies.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MeshApiIT {

    private static final String MESH = "/messageexchange/";
    private static final String V2 = "application/vnd.mesh.v2+json";
    private static final int MAX_CHUNK = 64 * 1024;

    private MeshTestServer server;
    private TestHttp http;
    private String hospital;
    private String practice;

    @BeforeAll
    void start() {
        server = new MeshTestServer(new ExchangeSettings(Duration.ofDays(5), Duration.ofDays(30), MAX_CHUNK),
                PayloadAssurance.NONE);
        http = server.http();
        hospital = server.mailbox("RX1");
        practice = server.mailbox("A81001");
    }

    @AfterAll
    void stop() {
        server.close();
    }

    // ---- handshake and authentication ----------------------------------------------------------

    @Test
    void handshakeAnswersTheMailboxInV1AndAnEmptyBodyInV2() {
        TestHttp.Response v1 = handshake(practice, server.sign(practice)).send();
        TestHttp.Response v2 = handshake(practice, server.sign(practice)).header("Accept", V2).send();

        assertThat(v1.status()).isEqualTo(200);
        assertThat(v1.json().toString()).isEqualTo("{\"mailboxId\":\"" + practice + "\"}");
        assertThat(v2.status()).isEqualTo(200);
        assertThat(v2.bytes()).isEmpty();
    }

    @Test
    void aHandshakeWithoutTheClientHeadersIsMalformed() {
        TestHttp.Response response = http.request("POST", MESH + practice).header("Authorization", server.sign(practice))
                .send();

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.json().toString()).isEqualTo("{\"errorEvent\":\"TRANSFER\",\"errorCode\":\"06\","
                + "\"errorDescription\":\"mex-ClientVersion missing\"}");
    }

    @Test
    void aWrongHmacIsRefusedWith403() {
        String signed = server.sign(practice);
        String tampered = signed.substring(0, signed.length() - 1) + (signed.endsWith("0") ? "1" : "0");

        TestHttp.Response response = handshake(practice, tampered).send();

        assertThat(response.status()).isEqualTo(403);
        assertThat(response.json().toString()).isEqualTo("{\"errorDescription\":\"Invalid Authentication Token\"}");
    }

    @Test
    void aReusedNonceIsRefused() {
        String signed = server.sign(practice);

        TestHttp.Response first = handshake(practice, signed).send();
        TestHttp.Response again = handshake(practice, signed).send();

        assertThat(first.status()).isEqualTo(200);
        assertThat(again.status()).isEqualTo(403);
        assertThat(again.json().get("errorDescription").asText()).isEqualTo("Error Duplicated Authentication Token");
    }

    @Test
    void theSameNonceWithTheNextCountIsAccepted() {
        String nonce = UUID.randomUUID().toString();
        String first = NhsMeshToken.header(practice, MeshTestServer.PASSWORD, MeshTestServer.SHARED_KEY, nonce, "1",
                server.clock.instant());
        String second = NhsMeshToken.header(practice, MeshTestServer.PASSWORD, MeshTestServer.SHARED_KEY, nonce, "2",
                server.clock.instant());

        assertThat(handshake(practice, first).send().status()).isEqualTo(200);
        assertThat(handshake(practice, second).send().status()).isEqualTo(200);
    }

    @Test
    void aTimestampMoreThanTwoHoursAwayIsRefused() {
        String stale = NhsMeshToken.header(practice, MeshTestServer.PASSWORD, MeshTestServer.SHARED_KEY,
                UUID.randomUUID().toString(), "1", server.clock.instant().minus(Duration.ofMinutes(121)));
        String future = NhsMeshToken.header(practice, MeshTestServer.PASSWORD, MeshTestServer.SHARED_KEY,
                UUID.randomUUID().toString(), "1", server.clock.instant().plus(Duration.ofMinutes(121)));

        TestHttp.Response old = handshake(practice, stale).send();

        assertThat(old.status()).isEqualTo(403);
        assertThat(old.json().get("errorDescription").asText()).startsWith("Invalid Authentication Token: its timestamp");
        assertThat(handshake(practice, future).send().status()).isEqualTo(403);
    }

    @Test
    void aWrongPasswordIsRefused() {
        String signed = NhsMeshToken.header(practice, "not-the-password", MeshTestServer.SHARED_KEY,
                UUID.randomUUID().toString(), "1", server.clock.instant());

        TestHttp.Response response = handshake(practice, signed).send();

        assertThat(response.status()).isEqualTo(403);
        assertThat(response.json().get("errorDescription").asText()).isEqualTo("Invalid Authentication Token");
    }

    @Test
    void anUnknownMailboxIsRefused() {
        TestHttp.Response response = handshake("NOSUCHBOX1", server.sign("NOSUCHBOX1")).send();

        assertThat(response.status()).isEqualTo(403);
        assertThat(response.json().get("errorDescription").asText()).isEqualTo("No mailbox matched");
    }

    @Test
    void aMailboxMayNotActForAnother() {
        TestHttp.Response response = handshake(practice, server.sign(hospital)).send();

        assertThat(response.status()).isEqualTo(403);
        assertThat(response.json().get("errorDescription").asText()).isEqualTo("Mailbox id does not match token");
    }

    @Test
    void anUnreadableAuthorizationHeaderIsRefused() {
        TestHttp.Response response = handshake(practice, "NHSMESH " + practice + ":only:three").send();

        assertThat(response.status()).isEqualTo(403);
        assertThat(response.json().get("errorDescription").asText()).isEqualTo("Error reading from Authorization header");
    }

    @Test
    void noCredentialsAtAllIs401() {
        TestHttp.Response response = http.request("GET", MESH + practice + "/inbox").send();

        assertThat(response.status()).isEqualTo(401);
        assertThat(response.header("WWW-Authenticate")).contains("NHSMESH");
    }

    @Test
    void bearerTokensActForTheMailboxesTheirScopesOrOrganisationAllow() {
        String scoped = "Bearer " + TestTokens.token(TestTokens.system(MailboxAccess.scope(practice)));
        String other = "Bearer " + TestTokens.token(TestTokens.system(MailboxAccess.scope(hospital)));
        String citizen = TestTokens.bearer(TestTokens.patient());
        String staffAtPractice = TestTokens.bearer(TestTokens.gp()); // the test GP works at A81001

        assertThat(http.request("GET", MESH + practice + "/inbox").header("Authorization", scoped).send().status())
                .isEqualTo(200);
        assertThat(http.request("GET", MESH + practice + "/inbox").header("Authorization", staffAtPractice).send()
                .status()).isEqualTo(200);
        assertThat(http.request("GET", MESH + practice + "/inbox").header("Authorization", other).send().status())
                .isEqualTo(403);
        assertThat(http.request("GET", MESH + practice + "/inbox").header("Authorization", citizen).send().status())
                .isEqualTo(403);
        assertThat(http.request("GET", MESH + hospital + "/inbox").header("Authorization", staffAtPractice).send()
                .status()).isEqualTo(403);
    }

    // ---- send, list, download, acknowledge -------------------------------------------------------

    @Test
    void aMessageGoesFromSendThroughListAndDownloadToAcknowledgement() {
        byte[] letter = "Discharge summary for 9000000009".getBytes(StandardCharsets.UTF_8);

        TestHttp.Response sent = send(hospital, practice, "TOC_FHIR_IP_DISCH", letter).header("mex-LocalID", "local-1")
                .header("mex-Subject", "Discharge").header("mex-FileName", "discharge.txt").send();
        String id = sent.json().get("messageID").asText();

        assertThat(sent.status()).isEqualTo(202);
        assertThat(inbox(practice)).contains(id);
        TestHttp.Response download = get(practice, MESH + practice + "/inbox/" + id);
        assertThat(download.status()).isEqualTo(200);
        assertThat(download.bytes()).isEqualTo(letter);
        assertThat(download.header("mex-From")).isEqualTo(hospital);
        assertThat(download.header("mex-To")).isEqualTo(practice);
        assertThat(download.header("mex-WorkflowID")).isEqualTo("TOC_FHIR_IP_DISCH");
        assertThat(download.header("mex-MessageID")).isEqualTo(id);
        assertThat(download.header("mex-MessageType")).isEqualTo("DATA");
        assertThat(download.header("mex-LocalID")).isEqualTo("local-1");
        assertThat(download.header("mex-Subject")).isEqualTo("Discharge");
        assertThat(download.header("mex-FileName")).isEqualTo("discharge.txt");
        assertThat(download.header("mex-Chunk-Range")).isEqualTo("1:1");
        assertThat(download.header("mex-StatusCode")).isEqualTo("00");
        assertThat(download.header("mex-StatusSuccess")).isEqualTo("SUCCESS");

        TestHttp.Response ack = acknowledge(practice, id);
        assertThat(ack.status()).isEqualTo(200);
        assertThat(ack.json().toString()).isEqualTo("{\"messageId\":\"" + id + "\"}");
        assertThat(inbox(practice)).doesNotContain(id);
    }

    @Test
    void aDownloadAfterAcknowledgementIsGone() {
        String id = sendOk(hospital, practice, "letter".getBytes(StandardCharsets.UTF_8));
        acknowledge(practice, id);

        TestHttp.Response again = get(practice, MESH + practice + "/inbox/" + id);

        assertThat(again.status()).isEqualTo(410);
        assertThat(again.json().toString()).isEqualTo("{\"errorEvent\":\"SEND\",\"errorCode\":\"Message already accepted\","
                + "\"errorDescription\":\"Message no longer available for download\"}");
        assertThat(acknowledge(practice, id).status()).as("acknowledging twice is harmless").isEqualTo(200);
    }

    @Test
    void headShowsTheHeadersWithoutABodyAndDoesNotCountAsADownload() {
        String id = sendOk(hospital, practice, "letter".getBytes(StandardCharsets.UTF_8));

        TestHttp.Response head = http.request("HEAD", MESH + practice + "/inbox/" + id)
                .header("Authorization", server.sign(practice)).send();

        assertThat(head.status()).isEqualTo(200);
        assertThat(head.header("mex-MessageID")).isEqualTo(id);
        assertThat(head.bytes()).isEmpty();
        assertThat(tracking(hospital, id).get("downloadTimestamp")).isNull();
    }

    @Test
    void anotherMailboxCannotDownloadOrAcknowledgeTheMessage() {
        String id = sendOk(hospital, practice, "letter".getBytes(StandardCharsets.UTF_8));
        String third = server.mailbox("A81002");

        assertThat(get(third, MESH + third + "/inbox/" + id).status()).isEqualTo(404);
        assertThat(acknowledge(third, id).status()).isEqualTo(404);
        assertThat(inbox(practice)).contains(id);
    }

    @Test
    void anUnknownRecipientIsUnregistered() {
        TestHttp.Response response = send(hospital, "NOSUCHBOX2", "WF", new byte[] {1}).send();

        assertThat(response.status()).isEqualTo(417);
        assertThat(response.json().toString()).isEqualTo("{\"errorEvent\":\"SEND\",\"errorCode\":\"12\","
                + "\"errorDescription\":\"Unregistered to address\"}");
    }

    @Test
    void aMissingRecipientOrWorkflowIsMalformed() {
        TestHttp.Response noTo = http.request("POST", MESH + hospital + "/outbox").header("Authorization",
                server.sign(hospital)).header("mex-WorkflowID", "WF").body(new byte[] {1}).send();
        TestHttp.Response noWorkflow = http.request("POST", MESH + hospital + "/outbox").header("Authorization",
                server.sign(hospital)).header("mex-To", practice).header("Accept", V2).body(new byte[] {1}).send();

        assertThat(noTo.status()).isEqualTo(400);
        assertThat(noTo.json().toString()).isEqualTo("{\"errorEvent\":\"SEND\",\"errorCode\":\"08\","
                + "\"errorDescription\":\"TO_DTS missing\"}");
        assertThat(noWorkflow.status()).isEqualTo(400);
        JsonNode detail = noWorkflow.json().get("detail").get(0);
        assertThat(detail.toString()).isEqualTo("{\"event\":\"TRANSFER\",\"code\":\"06\",\"msg\":\"mex-WorkflowID missing\"}");
        assertThat(noWorkflow.json().get("internal_id").asText()).isNotBlank();
    }

    @Test
    void aWorkflowTheRecipientDoesNotTakeIsRefused() {
        String pathology = server.mailbox("A81003", "PATH_MEDRPT_V3");

        TestHttp.Response response = send(hospital, pathology, "TOC_FHIR_IP_DISCH", new byte[] {1}).send();

        assertThat(response.status()).isEqualTo(417);
        assertThat(response.json().get("errorCode").asText()).isEqualTo("17");
        assertThat(send(hospital, pathology, "PATH_MEDRPT_V3", new byte[] {1}).send().status()).isEqualTo(202);
    }

    @Test
    void anEmptyMessageIsMissingItsDataFile() {
        TestHttp.Response response = send(hospital, practice, "WF", new byte[0]).send();

        assertThat(response.status()).isEqualTo(417);
        assertThat(response.json().toString()).isEqualTo("{\"errorEvent\":\"COLLECT\",\"errorCode\":\"02\","
                + "\"errorDescription\":\"Data file is missing or inaccessible.\"}");
    }

    @Test
    void aMexFromOtherThanTheSenderIsInvalid() {
        TestHttp.Response response = send(hospital, practice, "WF", new byte[] {1}).header("mex-From", practice).send();

        assertThat(response.status()).isEqualTo(417);
        assertThat(response.json().get("errorCode").asText()).isEqualTo("07");
    }

    @Test
    void anEncodingOtherThanGzipIsUnsupported() {
        TestHttp.Response response = send(hospital, practice, "WF", new byte[] {1}).header("Content-Encoding", "br").send();

        assertThat(response.status()).isEqualTo(422);
        assertThat(response.json().get("errorCode").asText()).isEqualTo("UnsupportedContentEncoding");
    }

    @Test
    void sendingAgainWithTheSameLocalIdDoesNotDuplicate() {
        String localId = "letter-" + UUID.randomUUID();
        TestHttp.Response first = send(hospital, practice, "WF", new byte[] {1, 2}).header("mex-LocalID", localId).send();
        TestHttp.Response again = send(hospital, practice, "WF", new byte[] {1, 2}).header("mex-LocalID", localId).send();
        TestHttp.Response different = send(hospital, server.mailbox("A81004"), "WF", new byte[] {1, 2})
                .header("mex-LocalID", localId).send();

        assertThat(again.status()).isEqualTo(202);
        assertThat(again.json().get("messageID").asText()).isEqualTo(first.json().get("messageID").asText());
        assertThat(inbox(practice).stream().filter(id -> id.equals(first.json().get("messageID").asText())).count())
                .isEqualTo(1);
        assertThat(different.status()).isEqualTo(409);
        assertThat(different.json().get("errorCode").asText()).isEqualTo("DuplicateLocalID");
    }

    @Test
    void aChecksumThatDoesNotMatchIsRefusedAndOneThatDoesIsAccepted() throws Exception {
        byte[] letter = "checked letter".getBytes(StandardCharsets.UTF_8);
        String md5 = HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(letter));

        TestHttp.Response wrong = send(hospital, practice, "WF", letter).header("mex-LocalID", "sum-" + md5)
                .header("mex-Content-Checksum", "md5:" + "0".repeat(32)).send();
        TestHttp.Response right = send(hospital, practice, "WF", letter).header("mex-Content-Checksum", "md5:" + md5).send();
        TestHttp.Response unreadable = send(hospital, practice, "WF", letter).header("mex-Content-Checksum", "md5=+x").send();

        assertThat(wrong.status()).isEqualTo(417);
        assertThat(wrong.json().get("errorCode").asText()).isEqualTo("ChecksumMismatch");
        assertThat(right.status()).isEqualTo(202);
        assertThat(get(practice, MESH + practice + "/inbox/" + right.json().get("messageID").asText())
                .header("mex-Content-Checksum")).isEqualTo("md5:" + md5);
        assertThat(unreadable.status()).isEqualTo(400);
        assertThat(unreadable.json().get("errorCode").asText()).isEqualTo("Invalid checksum");
        TestHttp.Response resent = send(hospital, practice, "WF", letter).header("mex-LocalID", "sum-" + md5)
                .header("mex-Content-Checksum", "md5:" + md5).send();
        assertThat(resent.status()).as("the refused send stored nothing, so its local id is free").isEqualTo(202);
    }

    // ---- chunks --------------------------------------------------------------------------------

    @Test
    void aChunkedMessageEntersTheInboxOnlyWhenEveryChunkHasArrivedInAnyOrder() {
        byte[][] chunks = {bytes(MAX_CHUNK, 1), bytes(MAX_CHUNK, 2), bytes(1000, 3)};
        String id = send(hospital, practice, "WF", chunks[0]).header("mex-Chunk-Range", "1:3").send().json()
                .get("messageID").asText();

        assertThat(inbox(practice)).doesNotContain(id);
        assertThat(get(practice, MESH + practice + "/inbox/" + id).status()).isEqualTo(410);
        TestHttp.Response third = upload(hospital, id, 3, "3:3", chunks[2]);
        assertThat(third.status()).isEqualTo(202);
        assertThat(third.json().toString()).isEqualTo("{\"messageID\":\"" + id + "\",\"blockID\":3}");
        assertThat(inbox(practice)).as("chunk 2 is still missing").doesNotContain(id);
        assertThat(upload(hospital, id, 2, "2:3", chunks[1]).status()).isEqualTo(202);
        assertThat(inbox(practice)).contains(id);

        TestHttp.Response first = get(practice, MESH + practice + "/inbox/" + id);
        TestHttp.Response second = get(practice, MESH + practice + "/inbox/" + id + "/2");
        TestHttp.Response last = get(practice, MESH + practice + "/inbox/" + id + "/3");
        assertThat(first.status()).isEqualTo(206);
        assertThat(first.header("mex-Chunk-Range")).isEqualTo("1:3");
        assertThat(first.bytes()).isEqualTo(chunks[0]);
        assertThat(second.status()).isEqualTo(206);
        assertThat(second.bytes()).isEqualTo(chunks[1]);
        assertThat(last.status()).isEqualTo(200);
        assertThat(last.header("mex-Chunk-Range")).isEqualTo("3:3");
        assertThat(last.bytes()).isEqualTo(chunks[2]);
    }

    @Test
    void theArrivalListenerHearsOfEachMessageOnceWhenItEntersTheInboxAndOfNothingElse() {
        int before = server.arrivals.size();
        String localId = "arrival-" + UUID.randomUUID();
        String single = send(hospital, practice, "WF", new byte[] {1}).header("mex-LocalID", localId).send().json()
                .get("messageID").asText();
        send(hospital, practice, "WF", new byte[] {1}).header("mex-LocalID", localId).send();
        String chunked = send(hospital, practice, "WF", new byte[] {2}).header("mex-Chunk-Range", "1:2").send().json()
                .get("messageID").asText();
        boolean heardOfFirstChunk = server.arrivals.contains(chunked);
        upload(hospital, chunked, 2, "2:2", new byte[] {3});
        TestHttp.Response refused = send(hospital, practice, "WF", new byte[] {4})
                .header("mex-Content-Checksum", "md5:" + "0".repeat(32)).send();

        assertThat(heardOfFirstChunk).as("a message still uploading has not arrived").isFalse();
        assertThat(refused.status()).isEqualTo(417);
        assertThat(server.arrivals.subList(before, server.arrivals.size())).as("not the duplicate, nor the refused")
                .containsExactly(single, chunked);
    }

    @Test
    void aChunkThatIsNotThereIsNotFound() {
        String id = sendOk(hospital, practice, new byte[] {1});

        TestHttp.Response response = get(practice, MESH + practice + "/inbox/" + id + "/2");

        assertThat(response.status()).isEqualTo(404);
        assertThat(response.json().toString()).isEqualTo("{\"errorEvent\":\"RECEIVE\",\"errorCode\":\"20\","
                + "\"errorDescription\":\"Message does not exist\"}");
    }

    @Test
    void chunkRangesMustBeRightAndChunksMustNotComeAfterTheLast() {
        String id = send(hospital, practice, "WF", new byte[] {1}).header("mex-Chunk-Range", "1:2").send().json()
                .get("messageID").asText();

        assertThat(send(hospital, practice, "WF", new byte[] {1}).header("mex-Chunk-Range", "2:2").send().status())
                .isEqualTo(417);
        assertThat(upload(hospital, id, 2, "3:2", new byte[] {2}).status()).isEqualTo(417);
        assertThat(upload(hospital, id, 2, "2:5", new byte[] {2}).status()).isEqualTo(417);
        assertThat(upload(hospital, id, 2, "2:2", new byte[] {2}).status()).isEqualTo(202);
        TestHttp.Response late = upload(hospital, id, 2, "2:2", new byte[] {2});
        assertThat(late.status()).isEqualTo(423);
        assertThat(upload(practice, id, 2, "2:2", new byte[] {2}).status()).as("not the sender's").isEqualTo(404);
    }

    @Test
    void anOversizeChunkIsRefusedAndNothingIsStored() {
        String localId = "big-" + UUID.randomUUID();
        TestHttp.Response response = send(hospital, practice, "WF", bytes(MAX_CHUNK + 1, 9)).header("mex-LocalID", localId)
                .send();

        assertThat(response.status()).isEqualTo(413);
        assertThat(response.json().get("errorCode").asText()).isEqualTo("ChunkTooLarge");
        assertThat(send(hospital, practice, "WF", new byte[] {1}).header("mex-LocalID", localId).send().status())
                .as("the refused send left no message behind").isEqualTo(202);
    }

    @Test
    void aGzippedMessageIsServedGzippedToThoseWhoAcceptItAndPlainToOthers() throws IOException {
        byte[] letter = "a letter worth compressing ".repeat(200).getBytes(StandardCharsets.UTF_8);
        String id = send(hospital, practice, "WF", gzip(letter)).header("Content-Encoding", "gzip").send().json()
                .get("messageID").asText();

        TestHttp.Response plain = get(practice, MESH + practice + "/inbox/" + id);
        TestHttp.Response gzipped = http.request("GET", MESH + practice + "/inbox/" + id)
                .header("Authorization", server.sign(practice)).header("Accept-Encoding", "gzip").send();

        assertThat(plain.bytes()).isEqualTo(letter);
        assertThat(plain.header("Content-Encoding")).isNull();
        assertThat(gzipped.header("Content-Encoding")).isEqualTo("gzip");
        assertThat(new GZIPInputStream(new java.io.ByteArrayInputStream(gzipped.bytes())).readAllBytes()).isEqualTo(letter);
    }

    // ---- inbox paging, tracking, lookup ----------------------------------------------------------

    @Test
    void v2InboxPagesWithNextLinksAndAnApproximateCount() {
        String busy = server.mailbox("A81005");
        List<String> sent = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            sent.add(sendOk(hospital, busy, new byte[] {(byte) i}));
            server.clock.advance(Duration.ofMillis(1));
        }

        JsonNode first = http.request("GET", MESH + busy + "/inbox?max_results=10").header("Authorization",
                server.sign(busy)).header("Accept", V2).send().json();
        String next = first.at("/links/next").asText();
        JsonNode second = http.request("GET", next).header("Authorization", server.sign(busy)).header("Accept", V2).send()
                .json();

        List<String> listed = new ArrayList<>();
        first.get("messages").forEach(id -> listed.add(id.asText()));
        assertThat(listed).hasSize(10);
        second.get("messages").forEach(id -> listed.add(id.asText()));
        assertThat(listed).containsExactlyElementsOf(sent);
        assertThat(first.get("approx_inbox_count").asInt()).isEqualTo(12);
        assertThat(first.at("/links/self").asText()).isEqualTo(MESH + busy + "/inbox?max_results=10");
        assertThat(second.at("/links/next").isMissingNode()).isTrue();
    }

    @Test
    void theWorkflowFilterListsMatchingWorkflowsOnly() {
        String box = server.mailbox("A81006");
        String discharge = send(hospital, box, "TOC_FHIR_IP_DISCH", new byte[] {1}).send().json().get("messageID").asText();
        String pathology = send(hospital, box, "PATH_MEDRPT_V3", new byte[] {1}).send().json().get("messageID").asText();

        assertThat(inbox(box, "?workflow_filter=TOC_*")).containsExactly(discharge);
        assertThat(inbox(box, "?workflow_filter=!TOC_*")).containsExactly(pathology);
        assertThat(inbox(box, "?workflow_filter=*MEDRPT*")).containsExactly(pathology);
        assertThat(inbox(box, "?workflow_filter=PATH_MEDRPT_V3")).containsExactly(pathology);
        assertThat(http.request("GET", MESH + box + "/inbox?max_results=5").header("Authorization", server.sign(box))
                .send().status()).isEqualTo(400);
    }

    @Test
    void theSenderTracksItsMessageThroughDownloadAndAcknowledgement() {
        String id = send(hospital, practice, "WF", new byte[] {1}).header("mex-LocalID", "track-1").send().json()
                .get("messageID").asText();

        assertThat(tracking(hospital, id).get("status").asText()).isEqualTo("Accepted");
        get(practice, MESH + practice + "/inbox/" + id);
        acknowledge(practice, id);
        JsonNode v1 = tracking(hospital, id);
        JsonNode v2 = http.request("GET", MESH + hospital + "/outbox/tracking?messageID=" + id)
                .header("Authorization", server.sign(hospital)).header("Accept", V2).send().json();

        assertThat(v1.get("status").asText()).isEqualTo("Acknowledged");
        assertThat(v1.get("localId").asText()).isEqualTo("track-1");
        assertThat(v1.get("recipient").asText()).isEqualTo(practice);
        assertThat(v1.get("downloadTimestamp").asText()).matches("\\d{14}");
        assertThat(v2.get("status").asText()).isEqualTo("acknowledged");
        assertThat(v2.get("message_id").asText()).isEqualTo(id);
        List<String> events = new ArrayList<>();
        v2.get("history").forEach(step -> events.add(step.get("event").asText()));
        assertThat(events).containsExactly("accepted", "uploaded", "downloaded", "acknowledged");
        assertThat(http.request("GET", MESH + practice + "/outbox/tracking?messageID=" + id)
                .header("Authorization", server.sign(practice)).send().status()).as("only the sender tracks").isEqualTo(404);
    }

    @Test
    void endpointLookupFindsTheMailboxesOfAnOrganisationTakingAWorkflow() {
        String ods = "Y" + Integer.toString(Math.abs(UUID.randomUUID().hashCode()) % 90000 + 10000);
        String letters = server.mailbox(ods, "TOC_FHIR_IP_DISCH");
        server.mailbox(ods, "PATH_MEDRPT_V3");

        JsonNode v1 = http.request("GET", MESH + "endpointlookup/" + ods + "/TOC_FHIR_IP_DISCH")
                .header("Authorization", server.sign(hospital)).send().json();
        JsonNode v2 = http.request("GET", MESH + "endpointlookup/" + ods + "/TOC_FHIR_IP_DISCH")
                .header("Authorization", server.sign(hospital)).header("Accept", V2).send().json();

        assertThat(v1.get("results").toString()).isEqualTo("[{\"endpoint_type\":\"MESH\",\"description\":\"Mailbox "
                + letters + "\",\"address\":\"" + letters + "\"}]");
        assertThat(v2.toString()).isEqualTo("{\"results\":[{\"mailbox_id\":\"" + letters + "\",\"mailbox_name\":\"Mailbox "
                + letters + "\"}]}");
    }

    @Test
    void aMalformedAcceptHeaderIsRefused() {
        TestHttp.Response response = handshake(practice, server.sign(practice)).header("Accept",
                "application/vnd.mesh.v9+json").send();

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.json().get("errorCode").asText()).isEqualTo("InvalidAcceptHeader");
    }

    // ---- helpers --------------------------------------------------------------------------------

    private TestHttp.Call handshake(String mailbox, String authorization) {
        return http.request("POST", MESH + mailbox).header("Authorization", authorization)
                .header("mex-ClientVersion", "OpenSpineTest/1.0").header("mex-OSName", "Linux")
                .header("mex-OSVersion", "6");
    }

    private TestHttp.Call send(String from, String to, String workflow, byte[] body) {
        return http.request("POST", MESH + from + "/outbox").header("Authorization", server.sign(from))
                .header("mex-To", to).header("mex-WorkflowID", workflow)
                .header("Content-Type", "application/octet-stream").body(body);
    }

    private String sendOk(String from, String to, byte[] body) {
        TestHttp.Response response = send(from, to, "WF", body).send();
        assertThat(response.status()).as(response.text()).isEqualTo(202);
        return response.json().get("messageID").asText();
    }

    private TestHttp.Response upload(String from, String id, int chunk, String range, byte[] body) {
        return http.request("POST", MESH + from + "/outbox/" + id + "/" + chunk).header("Authorization", server.sign(from))
                .header("mex-Chunk-Range", range).header("Content-Type", "application/octet-stream").body(body).send();
    }

    private TestHttp.Response get(String mailbox, String path) {
        return http.request("GET", path).header("Authorization", server.sign(mailbox)).send();
    }

    private TestHttp.Response acknowledge(String mailbox, String id) {
        return http.request("PUT", MESH + mailbox + "/inbox/" + id + "/status/acknowledged")
                .header("Authorization", server.sign(mailbox)).send();
    }

    private List<String> inbox(String mailbox) {
        return inbox(mailbox, "");
    }

    private List<String> inbox(String mailbox, String query) {
        TestHttp.Response response = get(mailbox, MESH + mailbox + "/inbox" + query);
        assertThat(response.status()).as(response.text()).isEqualTo(200);
        List<String> ids = new ArrayList<>();
        response.json().get("messages").forEach(id -> ids.add(id.asText()));
        return ids;
    }

    private JsonNode tracking(String mailbox, String id) {
        TestHttp.Response response = get(mailbox, MESH + mailbox + "/outbox/tracking?messageID=" + id);
        assertThat(response.status()).as(response.text()).isEqualTo(200);
        return response.json();
    }

    private static byte[] bytes(int length, int seed) {
        byte[] bytes = new byte[length];
        new java.util.Random(seed).nextBytes(bytes);
        return bytes;
    }

    private static byte[] gzip(byte[] plain) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream zip = new GZIPOutputStream(out)) {
            zip.write(plain);
        }
        return out.toByteArray();
    }
}
