package org.openspine.exchange.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openspine.exchange.mesh.MailboxAccess;
import org.openspine.exchange.message.TrackingEvent;
import org.openspine.exchange.message.TrackingLog;
import org.openspine.platform.http.TestHttp;
import org.openspine.platform.security.token.DemoUsers;
import org.openspine.platform.security.token.TestTokens;

/**
 * The monitor's HTTP endpoints on a real server: the dashboard summary and a sender's view of its letters, with
 * who may see each.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MonitorRoutesIT {

    private MonitorWorld world;
    private TestHttp http;
    private String hospital;
    private String practice;
    private String filed;
    private String waiting;
    private String downloaded;
    private Alert alert;

    @BeforeAll
    void start() {
        world = new MonitorWorld();
        http = world.http();
        hospital = world.mailbox("RX1LETTERS", "RX1");
        practice = world.mailbox("A81001MAIL", "A81001");
        filed = world.send(hospital, practice, "TOC_FHIR_IP_DISCH");
        world.database.inTransaction(connection -> {
            world.inbox.downloaded(connection, filed);
            TrackingLog.append(connection, filed, TrackingEvent.FILED, world.clock.instant().plusSeconds(5),
                    Optional.of("DocumentReference/1"));
            return null;
        });
        world.acknowledge(practice, filed);
        world.advance(Duration.ofHours(1));
        waiting = world.send(hospital, practice, "TOC_FHIR_IP_DISCH");
        world.advance(Duration.ofHours(1));
        downloaded = world.send(hospital, practice, "PATH_MEDRPT_V3");
        world.database.inTransaction(connection -> {
            world.inbox.downloaded(connection, downloaded);
            return null;
        });
        world.advance(Duration.ofHours(4).plusMinutes(1)); // the pathology report is a minute past its SLA
        world.collect(practice);
        alert = world.monitor.check().raised().get(0);
    }

    @AfterAll
    void stop() {
        world.close();
    }

    // ---- GET /exchange/monitor ------------------------------------------------------------------

    @Test
    void theMonitorAnswersADashboardSummary() {
        TestHttp.Response response = http.request("GET", MonitorRoutes.MONITOR)
                .header("Authorization", TestTokens.bearer(DemoUsers.caller("privacy-officer"))).send();

        assertThat(response.status()).as(response.text()).isEqualTo(200);
        assertThat(response.header("Content-Type")).startsWith("application/json");
        JsonNode body = response.json();
        assertThat(body.get("generated").asText()).isEqualTo("2026-11-21T15:01:00Z");
        assertThat(body.get("stoppedCollectingAfterMinutes").asLong()).isEqualTo(1440);
        assertThat(body.get("totals").toString()).isEqualTo("{\"mailboxes\":2,\"waiting\":2,\"overdue\":1,"
                + "\"mailboxesWithWaiting\":1,\"mailboxesStoppedCollecting\":0,\"openAlerts\":1,"
                + "\"oldestWaiting\":\"2026-11-21T10:00:00Z\",\"oldestWaitingSeconds\":18060}");
        JsonNode atPractice = body.get("mailboxes").get(0);
        assertThat(atPractice.toString()).isEqualTo("{\"mailboxId\":\"A81001MAIL\",\"odsCode\":\"A81001\","
                + "\"name\":\"Mailbox A81001MAIL\",\"active\":true,\"waiting\":2,\"overdue\":1,"
                + "\"oldestWaiting\":\"2026-11-21T10:00:00Z\",\"oldestWaitingSeconds\":18060,"
                + "\"lastCollected\":\"2026-11-21T15:01:00Z\",\"secondsSinceCollected\":0,\"stoppedCollecting\":false,"
                + "\"workflows\":[{\"workflowId\":\"PATH_MEDRPT_V3\",\"slaMinutes\":240,\"waiting\":1,\"overdue\":1,"
                + "\"oldestWaiting\":\"2026-11-21T11:00:00Z\",\"oldestWaitingSeconds\":14460},"
                + "{\"workflowId\":\"TOC_FHIR_IP_DISCH\",\"slaMinutes\":1440,\"waiting\":1,\"overdue\":0,"
                + "\"oldestWaiting\":\"2026-11-21T10:00:00Z\",\"oldestWaitingSeconds\":18060}]}");
        assertThat(body.get("mailboxes").get(1).get("mailboxId").asText()).isEqualTo("RX1LETTERS");
        assertThat(body.get("workflows").get(0).toString()).isEqualTo("{\"workflowId\":\"PATH_MEDRPT_V3\","
                + "\"description\":\"Pathology report, PMIP EDIFACT (NHS003)\",\"slaMinutes\":240,\"waiting\":1,"
                + "\"overdue\":1,\"mailboxes\":1,\"oldestWaiting\":\"2026-11-21T11:00:00Z\",\"oldestWaitingSeconds\":14460}");
        JsonNode open = body.get("alerts").get(0);
        assertThat(open.get("alertId").asText()).isEqualTo(alert.id());
        assertThat(open.get("kind").asText()).isEqualTo("sla-breach");
        assertThat(open.get("workflowId").asText()).isEqualTo("PATH_MEDRPT_V3");
        assertThat(open.get("task").asText()).isEqualTo("Task/" + alert.id());
        assertThat(body.get("webhook").toString()).isEqualTo("{\"configured\":true,\"pendingNotices\":0}");
        assertThat(body.get("workqueues").toString()).as("no letter was queued for a person").isEqualTo("[]");
    }

    @Test
    void systemsReadingTheWholeServiceOrActingForEveryMailboxMaySeeTheMonitor() {
        assertThat(monitorAs(TestTokens.bearer(TestTokens.integrator())).status()).isEqualTo(200);
        assertThat(monitorAs(TestTokens.bearer(TestTokens.system(MailboxAccess.ANY_MAILBOX))).status()).isEqualTo(200);
        assertThat(monitorAs(TestTokens.bearer(TestTokens.system(MailboxAccess.scope(practice)))).status())
                .as("one mailbox's system sees only its mailbox").isEqualTo(403);
    }

    @Test
    void theMonitorNeedsAToken() {
        TestHttp.Response response = http.request("GET", MonitorRoutes.MONITOR).send();

        assertThat(response.status()).isEqualTo(401);
        assertThat(response.json().at("/issue/0/code").asText()).isEqualTo("login");
    }

    @Test
    void citizensAndClinicalStaffMayNotSeeTheMonitor() {
        TestHttp.Response citizen = monitorAs(TestTokens.bearer(TestTokens.patient()));
        TestHttp.Response gp = monitorAs(TestTokens.bearer(TestTokens.gp()));

        assertThat(citizen.status()).isEqualTo(403);
        assertThat(citizen.json().toString()).isEqualTo("{\"resourceType\":\"OperationOutcome\",\"issue\":[{\"severity\":"
                + "\"error\",\"code\":\"forbidden\",\"diagnostics\":\"the delivery monitor is for administrators, privacy "
                + "officers and systems with system/*.read or mailbox/*\"}]}");
        assertThat(gp.status()).isEqualTo(403);
    }

    // ---- GET /exchange/mailboxes/{id}/sent -------------------------------------------------------

    @Test
    void aSenderSeesForEachLetterWhetherItWasDeliveredDownloadedAndFiled() {
        JsonNode body = sent("", hospital).json();

        assertThat(body.get("mailboxId").asText()).isEqualTo(hospital);
        assertThat(ids(body)).containsExactly(downloaded, waiting, filed);
        JsonNode first = body.get("messages").get(2);
        assertThat(first.toString()).isEqualTo("{\"messageId\":\"" + filed + "\",\"localId\":null,\"recipient\":"
                + "\"A81001MAIL\",\"workflowId\":\"TOC_FHIR_IP_DISCH\",\"subject\":\"Letter\",\"fileName\":\"letter.txt\","
                + "\"status\":\"acknowledged\",\"sent\":\"2026-11-21T09:00:00Z\",\"delivered\":\"2026-11-21T09:00:00Z\","
                + "\"downloaded\":\"2026-11-21T09:00:00Z\",\"acknowledged\":\"2026-11-21T09:00:00Z\","
                + "\"filed\":\"2026-11-21T09:00:05Z\",\"queued\":null,\"returned\":null,\"returnedBecause\":null,"
                + "\"expired\":null,\"nonDeliveryReport\":null}");
        assertThat(body.get("messages").get(1).get("status").asText()).isEqualTo("inbox");
        assertThat(body.get("messages").get(1).get("downloaded").isNull()).isTrue();
        assertThat(body.get("messages").get(0).get("downloaded").asText()).isEqualTo("2026-11-21T11:00:00Z");
        assertThat(body.get("more").asBoolean()).isFalse();
    }

    @Test
    void theSentListFiltersBySinceAndStatusAndPages() {
        assertThat(ids(sent("?status=acknowledged", hospital).json())).containsExactly(filed);
        assertThat(ids(sent("?since=2026-11-21T09:30:00Z", hospital).json())).containsExactly(downloaded, waiting);
        JsonNode page = sent("?max=2", hospital).json();
        assertThat(ids(page)).containsExactly(downloaded, waiting);
        assertThat(page.get("more").asBoolean()).isTrue();
        assertThat(page.get("continueFrom").asText()).isEqualTo(waiting);
        assertThat(ids(sent("?max=2&continue_from=" + waiting, hospital).json())).containsExactly(filed);
        assertThat(ids(sent("?since=2026-11-22", hospital).json())).isEmpty();
    }

    @Test
    void aBadParameterIsRefusedSayingWhichAndHow() {
        TestHttp.Response status = sent("?status=delivered", hospital);
        TestHttp.Response since = sent("?since=yesterday", hospital);

        assertThat(status.status()).isEqualTo(400);
        assertThat(status.json().at("/issue/0/diagnostics").asText())
                .isEqualTo("status must be uploading, inbox, acknowledged or expired");
        assertThat(since.status()).isEqualTo(400);
        assertThat(since.json().at("/issue/0/diagnostics").asText())
                .isEqualTo("since must be a date (2026-11-21) or an instant (2026-11-21T09:00:00Z)");
    }

    @Test
    void theSentListIsForWhoeverMayActForTheMailbox() {
        String path = "/exchange/mailboxes/" + hospital + "/sent";
        assertThat(http.request("GET", path).header("Authorization", TestTokens.bearer(DemoUsers.caller("consultant")))
                .send().status()).as("staff of the trust that owns it").isEqualTo(200);
        assertThat(http.request("GET", path).header("Authorization", TestTokens.bearer(TestTokens.gp())).send().status())
                .as("staff of another organisation").isEqualTo(403);
        assertThat(http.request("GET", path).header("Authorization", TestTokens.bearer(
                TestTokens.system(MailboxAccess.scope(practice)))).send().status()).as("another mailbox's system")
                .isEqualTo(403);
        assertThat(http.request("GET", path).header("Authorization", TestTokens.bearer(TestTokens.patient())).send()
                .status()).isEqualTo(403);
        assertThat(http.request("GET", path).send().status()).isEqualTo(401);
        TestHttp.Response unknown = http.request("GET", "/exchange/mailboxes/NOSUCHBOX/sent").header("Authorization",
                TestTokens.bearer(TestTokens.system(MailboxAccess.ANY_MAILBOX))).send();
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.json().at("/issue/0/diagnostics").asText()).isEqualTo("there is no mailbox NOSUCHBOX");
    }

    private TestHttp.Response monitorAs(String authorization) {
        return http.request("GET", MonitorRoutes.MONITOR).header("Authorization", authorization).send();
    }

    private TestHttp.Response sent(String query, String mailbox) {
        return http.request("GET", "/exchange/mailboxes/" + mailbox + "/sent" + query).header("Authorization",
                TestTokens.bearer(TestTokens.system(MailboxAccess.scope(mailbox)))).send();
    }

    private static List<String> ids(JsonNode body) {
        List<String> ids = new ArrayList<>();
        body.get("messages").forEach(letter -> ids.add(letter.get("messageId").asText()));
        return ids;
    }
}
