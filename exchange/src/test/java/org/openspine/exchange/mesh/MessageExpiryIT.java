package org.openspine.exchange.mesh;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openspine.exchange.lifecycle.MessageLifecycle;
import org.openspine.exchange.message.ExchangeSettings;
import org.openspine.exchange.message.PayloadAssurance;
import org.openspine.platform.http.TestHttp;

/**
 * The end of a message's life with a clock the test moves: expiry after the unacknowledged period with a
 * non-delivery report to the sender, nothing expiring early or after acknowledgement, purging after retention,
 * and several nodes sweeping at once reporting each message once.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MessageExpiryIT {

    private static final String MESH = "/messageexchange/";

    private MeshTestServer server;
    private TestHttp http;
    private MessageLifecycle lifecycle;

    @BeforeAll
    void start() {
        server = new MeshTestServer(ExchangeSettings.MESH, PayloadAssurance.NONE);
        http = server.http();
        lifecycle = new MessageLifecycle(server.database, server.expiry);
    }

    @AfterAll
    void stop() {
        server.close();
    }

    @Test
    void anUnacknowledgedMessageExpiresAfterFiveDaysAndTheSenderGetsANonDeliveryReport() {
        String hospital = server.mailbox("RX1");
        String practice = server.mailbox("A81001");
        String id = send(hospital, practice, "local-ndr", "Discharge");

        server.clock.advance(Duration.ofDays(5).minusMinutes(1));
        lifecycle.expireDue();
        assertThat(inbox(practice)).as("not yet due").contains(id);

        server.clock.advance(Duration.ofMinutes(2));
        lifecycle.expireDue();

        assertThat(inbox(practice)).doesNotContain(id);
        assertThat(get(practice, MESH + practice + "/inbox/" + id).status()).isEqualTo(410);
        List<String> reports = inbox(hospital);
        assertThat(reports).hasSize(1);
        TestHttp.Response report = get(hospital, MESH + hospital + "/inbox/" + reports.get(0));
        assertThat(report.status()).isEqualTo(200);
        assertThat(report.bytes()).isEmpty();
        assertThat(report.header("mex-MessageType")).isEqualTo("REPORT");
        assertThat(report.header("mex-StatusCode")).isEqualTo("14");
        assertThat(report.header("mex-StatusEvent")).isEqualTo("SEND");
        assertThat(report.header("mex-StatusSuccess")).isEqualTo("ERROR");
        assertThat(report.header("mex-StatusDescription")).isEqualTo("Message not collected by recipient after 5 days");
        assertThat(report.header("mex-LinkedMsgID")).isEqualTo(id);
        assertThat(report.header("mex-LocalID")).isEqualTo("local-ndr");
        assertThat(report.header("mex-Subject")).isEqualTo("NDR: Discharge");
        assertThat(report.header("mex-To")).isEqualTo(practice);
        assertThat(report.header("mex-From")).as("from the central system").isNull();
        JsonNode tracking = http.request("GET", MESH + hospital + "/outbox/tracking?messageID=" + id)
                .header("Authorization", server.sign(hospital)).header("Accept", "application/vnd.mesh.v2+json").send()
                .json();
        assertThat(tracking.get("status").asText()).isEqualTo("undeliverable");
        assertThat(tracking.get("status_code").asText()).isEqualTo("14");
        List<String> events = new ArrayList<>();
        tracking.get("history").forEach(step -> events.add(step.get("event").asText()));
        assertThat(events).containsExactly("accepted", "uploaded", "expired", "reported");
        assertThat(put(practice, MESH + practice + "/inbox/" + id + "/status/acknowledged").status())
                .as("too late to acknowledge").isEqualTo(410);
    }

    @Test
    void anAcknowledgedMessageNeverExpires() {
        String hospital = server.mailbox("RX1");
        String practice = server.mailbox("A81001");
        String id = send(hospital, practice, "local-ack", "Clinic letter");
        put(practice, MESH + practice + "/inbox/" + id + "/status/acknowledged");

        server.clock.advance(Duration.ofDays(6));
        lifecycle.expireDue();

        assertThat(inbox(hospital)).as("no report").isEmpty();
        assertThat(get(hospital, MESH + hospital + "/outbox/tracking?messageID=" + id).json().get("status").asText())
                .isEqualTo("Acknowledged");
    }

    @Test
    void messagesArePurgedThirtyDaysAfterTheyWereSent() {
        String hospital = server.mailbox("RX1");
        String practice = server.mailbox("A81001");
        String id = send(hospital, practice, "local-purge", "Old letter");

        server.clock.advance(Duration.ofDays(30).minusMinutes(1));
        lifecycle.purgeDue();
        assertThat(get(hospital, MESH + hospital + "/outbox/tracking?messageID=" + id).status()).isEqualTo(200);

        server.clock.advance(Duration.ofMinutes(2));
        lifecycle.purgeDue();

        assertThat(get(hospital, MESH + hospital + "/outbox/tracking?messageID=" + id).status()).isEqualTo(404);
        assertThat(get(practice, MESH + practice + "/inbox/" + id).status()).isEqualTo(404);
        assertThat(rowsOf(id, "mesh_part")).as("payload purged with the message").isZero();
        assertThat(rowsOf(id, "mesh_tracking")).as("history purged with the message").isZero();
    }

    private long rowsOf(String messageId, String table) {
        return server.database.read(connection -> {
            try (var count = connection.prepareStatement("SELECT count(*) FROM " + table + " WHERE message_id = ?")) {
                count.setString(1, messageId);
                try (var rows = count.executeQuery()) {
                    rows.next();
                    return rows.getLong(1);
                }
            }
        });
    }

    @Test
    void nodesSweepingAtOnceExpireAndReportEachMessageOnce() throws Exception {
        String hospital = server.mailbox("RX1");
        String practice = server.mailbox("A81001");
        int messages = 120;
        for (int i = 0; i < messages; i++) {
            send(hospital, practice, "concurrent-" + i, "Letter " + i);
        }
        server.clock.advance(Duration.ofDays(5).plusMinutes(1));

        ExecutorService nodes = Executors.newFixedThreadPool(4);
        List<Callable<Integer>> sweeps = new ArrayList<>();
        for (int node = 0; node < 4; node++) {
            sweeps.add(lifecycle::expireDue);
        }
        int expired = 0;
        for (Future<Integer> sweep : nodes.invokeAll(sweeps)) {
            expired += sweep.get();
        }
        nodes.shutdown();

        assertThat(inbox(hospital)).hasSize(messages);
        assertThat(inbox(practice)).isEmpty();
        assertThat(expired).isGreaterThanOrEqualTo(messages);
    }

    private String send(String from, String to, String localId, String subject) {
        TestHttp.Response response = http.request("POST", MESH + from + "/outbox").header("Authorization", server.sign(from))
                .header("mex-To", to).header("mex-WorkflowID", "TOC_FHIR_IP_DISCH").header("mex-LocalID", localId)
                .header("mex-Subject", subject).body(("letter " + localId).getBytes()).send();
        assertThat(response.status()).as(response.text()).isEqualTo(202);
        return response.json().get("messageID").asText();
    }

    private TestHttp.Response get(String mailbox, String path) {
        return http.request("GET", path).header("Authorization", server.sign(mailbox)).send();
    }

    private TestHttp.Response put(String mailbox, String path) {
        return http.request("PUT", path).header("Authorization", server.sign(mailbox)).send();
    }

    private List<String> inbox(String mailbox) {
        TestHttp.Response response = http.request("GET", MESH + mailbox + "/inbox?max_results=5000")
                .header("Authorization", server.sign(mailbox)).send();
        assertThat(response.status()).as(response.text()).isEqualTo(200);
        List<String> ids = new ArrayList<>();
        response.json().get("messages").forEach(id -> ids.add(id.asText()));
        return ids;
    }
}
