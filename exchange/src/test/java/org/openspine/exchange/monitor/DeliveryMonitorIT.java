package org.openspine.exchange.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The delivery monitor on the real store: what it counts, and the alerts it raises, publishes, tells and resolves. */
class DeliveryMonitorIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String DISCHARGE = "TOC_FHIR_IP_DISCH"; // seeded: a day's SLA
    private static final String PATHOLOGY = "PATH_MEDRPT_V3";    // seeded: four hours

    private final MonitorWorld world = new MonitorWorld();
    private final String hospital = world.mailbox("RX1LETTERS", "RX1");
    private final String practice = world.mailbox("A81001MAIL", "A81001");

    @AfterEach
    void close() {
        world.close();
    }

    @Test
    void theSnapshotCountsWaitingMessagesPerMailboxAndWorkflowWithTheAgeOfTheOldestAndTheOverdue() {
        String first = world.send(hospital, practice, DISCHARGE);
        world.send(hospital, practice, DISCHARGE);
        world.advance(Duration.ofHours(2));
        world.send(hospital, practice, PATHOLOGY);
        world.send(practice, hospital, "UNDEFINED_WF");
        world.acknowledge(practice, first);
        world.advance(Duration.ofHours(5)); // discharge letters 7 h old (SLA 24 h), the pathology report 5 h (SLA 4 h)

        DeliverySnapshot snapshot = world.monitor.snapshot();

        DeliverySnapshot.MailboxDelivery atPractice = snapshot.mailbox(practice).orElseThrow();
        assertThat(atPractice.workflows()).containsExactly(
                new DeliverySnapshot.Waiting(PATHOLOGY, Duration.ofHours(4), 1, MonitorWorld.START.plus(Duration.ofHours(2)), 1),
                new DeliverySnapshot.Waiting(DISCHARGE, Duration.ofHours(24), 1, MonitorWorld.START, 0));
        assertThat(atPractice.waiting()).isEqualTo(2);
        assertThat(atPractice.overdue()).isEqualTo(1);
        assertThat(snapshot.mailbox(hospital).orElseThrow().workflows()).containsExactly(new DeliverySnapshot.Waiting(
                "UNDEFINED_WF", Duration.ofHours(24), 1, MonitorWorld.START.plus(Duration.ofHours(2)), 0));
        assertThat(snapshot.workflows()).extracting(DeliverySnapshot.WorkflowDelivery::workflowId,
                DeliverySnapshot.WorkflowDelivery::count, DeliverySnapshot.WorkflowDelivery::overdue)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(PATHOLOGY, 1L, 1L),
                        org.assertj.core.groups.Tuple.tuple(DISCHARGE, 1L, 0L),
                        org.assertj.core.groups.Tuple.tuple("UNDEFINED_WF", 1L, 0L));
        assertThat(snapshot.waiting()).isEqualTo(3);
        assertThat(snapshot.overdue()).isEqualTo(1);
    }

    @Test
    void anSlaBreachRaisesExactlyOneAlertLoggedPublishedAsATaskAndToldToTheWebhook() throws Exception {
        world.send(hospital, practice, DISCHARGE);
        world.advance(Duration.ofHours(23));
        world.collect(practice);

        assertThat(world.monitor.check().raised()).as("23 h is within the SLA").isEmpty();

        world.advance(Duration.ofHours(2));
        world.collect(practice);
        world.send(hospital, practice, DISCHARGE);
        DeliveryMonitor.Run run = world.monitor.check();
        DeliveryMonitor.Run again = world.monitor.check();

        assertThat(run.raised()).hasSize(1);
        Alert alert = run.raised().get(0);
        String detail = "1 of 2 messages on workflow TOC_FHIR_IP_DISCH in mailbox A81001MAIL (ODS A81001) have waited "
                + "longer than the workflow's SLA of 24 h; the oldest since 2026-11-21T09:00:00Z";
        assertThat(alert.kind()).isEqualTo(AlertKind.SLA_BREACH);
        assertThat(alert.detail()).isEqualTo(detail);
        assertThat(world.log).containsExactly("delivery alert raised: " + detail + " (alert " + alert.id() + ")");
        assertThat(run.notified()).isEqualTo(1);
        assertThat(again.raised()).isEmpty();
        assertThat(again.notified()).isZero();

        JsonNode task = JSON.readTree(world.task(alert.id()));
        assertThat(task.get("status").asText()).isEqualTo("requested");
        assertThat(task.at("/code/coding/0/system").asText()).isEqualTo(AlertTask.CODE_SYSTEM);
        assertThat(task.at("/code/coding/0/code").asText()).isEqualTo("sla-breach");
        assertThat(task.at("/owner/identifier/value").asText()).isEqualTo("A81001");
        assertThat(task.get("description").asText()).isEqualTo(detail);
        assertThat(world.alertTasks()).hasSize(1);

        assertThat(world.webhook.bodies()).hasSize(1);
        JsonNode told = world.webhook.bodies().get(0);
        assertThat(told.get("alertId").asText()).isEqualTo(alert.id());
        assertThat(told.get("event").asText()).isEqualTo("raised");
        assertThat(told.get("kind").asText()).isEqualTo("sla-breach");
        assertThat(told.get("mailboxId").asText()).isEqualTo(practice);
        assertThat(told.get("odsCode").asText()).isEqualTo("A81001");
        assertThat(told.get("workflowId").asText()).isEqualTo(DISCHARGE);
        assertThat(told.get("messages").asLong()).isEqualTo(1);
        assertThat(told.get("task").asText()).isEqualTo("Task/" + alert.id());
        assertThat(world.webhook.keys()).containsExactly(alert.id() + ":raised");
    }

    @Test
    void anAlertIsResolvedWhenItsMessagesAreAcknowledgedAndRaisedAnewIfTheBreachReturns() throws Exception {
        String letter = world.send(hospital, practice, DISCHARGE);
        world.advance(Duration.ofHours(25));
        world.collect(practice);
        Alert alert = world.monitor.check().raised().get(0);
        world.acknowledge(practice, letter);
        world.advance(Duration.ofMinutes(30));

        DeliveryMonitor.Run run = world.monitor.check();

        assertThat(run.resolved()).extracting(Alert::id).containsExactly(alert.id());
        assertThat(run.resolved().get(0).resolved()).contains(MonitorWorld.START.plus(Duration.ofMinutes(25 * 60 + 30)));
        assertThat(world.log.get(1)).isEqualTo("delivery alert resolved: sla-breach for mailbox A81001MAIL workflow "
                + "TOC_FHIR_IP_DISCH after 30 min (alert " + alert.id() + ")");
        JsonNode task = JSON.readTree(world.task(alert.id()));
        assertThat(task.get("status").asText()).isEqualTo("completed");
        assertThat(task.at("/executionPeriod/end").asText()).isEqualTo("2026-11-22T10:30:00Z");
        assertThat(world.webhook.bodies()).extracting(body -> body.get("event").asText())
                .containsExactly("raised", "resolved");
        assertThat(world.monitor.check().resolved()).as("resolved once").isEmpty();

        world.send(hospital, practice, DISCHARGE);
        world.advance(Duration.ofHours(25));
        world.collect(practice);
        List<Alert> raisedAgain = world.monitor.check().raised();

        assertThat(raisedAgain).hasSize(1);
        assertThat(raisedAgain.get(0).id()).isNotEqualTo(alert.id());
        assertThat(world.alertTasks()).hasSize(2);
    }

    @Test
    void aMailboxWithMessagesWaitingThatStopsCollectingIsAlertedUntilItCollects() {
        world.collect(practice);
        world.advance(Duration.ofHours(1));
        world.send(hospital, practice, MonitorWorld.SLOW);
        world.advance(Duration.ofHours(23));
        assertThat(world.monitor.check().raised()).as("24 h without collecting is allowed").isEmpty();
        world.advance(Duration.ofMinutes(5));

        DeliveryMonitor.Run run = world.monitor.check();

        assertThat(run.raised()).hasSize(1);
        Alert alert = run.raised().get(0);
        assertThat(alert.kind()).isEqualTo(AlertKind.STOPPED_COLLECTING);
        assertThat(alert.workflowId()).isEmpty();
        assertThat(alert.detail()).isEqualTo("mailbox A81001MAIL (ODS A81001) has 1 messages waiting and has not "
                + "collected since 2026-11-21T09:00:00Z, longer than the 24 h allowed");
        assertThat(world.monitor.snapshot().mailbox(practice).orElseThrow().stoppedCollecting()).isTrue();
        assertThat(world.monitor.snapshot().mailbox(hospital).orElseThrow().stoppedCollecting())
                .as("nothing waits for the hospital, however long since it collected").isFalse();

        world.collect(practice);
        assertThat(world.monitor.check().resolved()).extracting(Alert::id).containsExactly(alert.id());
    }

    @Test
    void aMailboxThatNeverCollectedIsJudgedFromItsCreation() {
        world.advance(Duration.ofDays(2));
        world.send(hospital, practice, MonitorWorld.SLOW);

        List<Alert> raised = world.monitor.check().raised();

        assertThat(raised).extracting(Alert::detail).containsExactly("mailbox A81001MAIL (ODS A81001) has 1 messages "
                + "waiting and has never collected since it was set up at 2026-11-21T09:00:00Z, longer than the 24 h "
                + "allowed");
    }

    @Test
    void lettersLeftInAPracticesWorkqueueLongerThanAllowedRaiseOneAlertUntilThePracticeDealsWithThem() throws Exception {
        String otherPractice = world.mailbox("A81002MAIL", "A81002");
        UUID first = world.queue(practice, "A81001");
        UUID second = world.queue(practice, "A81001");
        world.done(world.queue(otherPractice, "A81002")); // dealt with: however old, nobody is waiting on it
        world.advance(Duration.ofDays(2));
        assertThat(world.monitor.check().raised()).as("two days in the workqueue are allowed").isEmpty();
        world.queue(practice, "A81001");
        world.queue(otherPractice, "A81002");
        world.advance(Duration.ofMinutes(1));

        DeliveryMonitor.Run run = world.monitor.check();
        DeliveryMonitor.Run again = world.monitor.check();

        assertThat(run.raised()).hasSize(1);
        Alert alert = run.raised().get(0);
        String detail = "2 of 3 letters in the workqueue of mailbox A81001MAIL (ODS A81001) have waited longer than "
                + "the 2 d allowed for a person to deal with them; the oldest since 2026-11-21T09:00:00Z";
        assertThat(alert.kind()).isEqualTo(AlertKind.WORKQUEUE_OVERDUE);
        assertThat(alert.mailboxId()).isEqualTo(practice);
        assertThat(alert.workflowId()).isEmpty();
        assertThat(alert.messages()).isEqualTo(2);
        assertThat(alert.since()).isEqualTo(MonitorWorld.START);
        assertThat(alert.detail()).isEqualTo(detail);
        assertThat(world.log).containsExactly("delivery alert raised: " + detail + " (alert " + alert.id() + ")");
        assertThat(run.notified()).isEqualTo(1);
        assertThat(again.raised()).as("raised once while it lasts").isEmpty();
        assertThat(again.notified()).isZero();

        JsonNode task = JSON.readTree(world.task(alert.id()));
        assertThat(task.get("status").asText()).isEqualTo("requested");
        assertThat(task.at("/code/coding/0/code").asText()).isEqualTo("workqueue-overdue");
        assertThat(task.at("/code/coding/0/display").asText())
                .isEqualTo("Letters waiting in a practice's workqueue longer than allowed");
        assertThat(task.at("/owner/identifier/value").asText()).isEqualTo("A81001");
        assertThat(task.get("description").asText()).isEqualTo(detail);
        assertThat(world.alertTasks()).hasSize(1);

        assertThat(world.webhook.bodies()).hasSize(1);
        JsonNode told = world.webhook.bodies().get(0);
        assertThat(told.get("kind").asText()).isEqualTo("workqueue-overdue");
        assertThat(told.get("mailboxId").asText()).isEqualTo(practice);
        assertThat(told.get("odsCode").asText()).isEqualTo("A81001");
        assertThat(told.get("workflowId").isNull()).as("about the whole mailbox").isTrue();
        assertThat(told.get("messages").asLong()).isEqualTo(2);
        JsonNode shown = MonitorJson.report(world.monitor.report()).get("alerts");
        assertThat(shown).hasSize(1);
        assertThat(shown.get(0).get("kind").asText()).isEqualTo("workqueue-overdue");
        assertThat(shown.get(0).get("workflowId").isNull()).isTrue();
        assertThat(shown.get(0).get("detail").asText()).isEqualTo(detail);

        world.advance(Duration.ofMinutes(30));
        world.done(first, second);
        DeliveryMonitor.Run dealtWith = world.monitor.check();

        assertThat(dealtWith.resolved()).extracting(Alert::id).containsExactly(alert.id());
        assertThat(dealtWith.raised()).as("the letter left was queued 31 minutes ago").isEmpty();
        assertThat(world.log.get(1)).isEqualTo("delivery alert resolved: workqueue-overdue for mailbox A81001MAIL "
                + "after 30 min (alert " + alert.id() + ")");
        assertThat(JSON.readTree(world.task(alert.id())).get("status").asText()).isEqualTo("completed");
        assertThat(world.webhook.bodies()).extracting(body -> body.get("event").asText())
                .containsExactly("raised", "resolved");
    }

    @Test
    void aWebhookThatFailsIsToldAgainOnTheNextRunAndNothingBlocksTheAlert() {
        world.webhook.answer(503);
        world.send(hospital, practice, PATHOLOGY);
        world.advance(Duration.ofHours(5));
        world.collect(practice);

        DeliveryMonitor.Run failed = world.monitor.check();

        assertThat(failed.raised()).hasSize(1);
        assertThat(failed.notificationsFailed()).isEqualTo(1);
        assertThat(world.alertTasks()).as("the alert is raised and published all the same").hasSize(1);
        assertThat(world.monitor.report().pendingNotices()).isEqualTo(1);

        world.webhook.answer(200);
        world.advance(Duration.ofMinutes(1));
        world.collect(practice);
        DeliveryMonitor.Run retried = world.monitor.check();

        assertThat(retried.raised()).isEmpty();
        assertThat(retried.notified()).isEqualTo(1);
        assertThat(world.webhook.bodies()).extracting(body -> body.get("alertId").asText())
                .containsExactly(failed.raised().get(0).id());
        assertThat(world.monitor.report().pendingNotices()).isZero();
    }

    @Test
    void oneRunRaisesAnAlertPerMailboxAndWorkflowNotPerMessage() {
        for (int i = 0; i < 30; i++) {
            world.send(hospital, practice, DISCHARGE);
        }
        world.send(hospital, practice, PATHOLOGY);
        world.advance(Duration.ofHours(25));
        world.collect(practice);

        List<Alert> raised = world.monitor.check().raised();

        assertThat(raised).extracting(Alert::workflowId, Alert::messages).containsExactlyInAnyOrder(
                org.assertj.core.groups.Tuple.tuple(java.util.Optional.of(DISCHARGE), 30L),
                org.assertj.core.groups.Tuple.tuple(java.util.Optional.of(PATHOLOGY), 1L));
        assertThat(world.webhook.bodies()).hasSize(2);
    }

    @Test
    void asAnExchangeJobItRunsEveryMinuteAndCountsWhatItRaisedResolvedAndTold() {
        world.send(hospital, practice, PATHOLOGY);
        world.advance(Duration.ofHours(5));
        world.collect(practice);

        assertThat(world.monitor.job().name()).isEqualTo("delivery-monitor");
        assertThat(world.monitor.job().every()).isEqualTo(Duration.ofMinutes(1));
        assertThat(world.monitor.job().work().run()).as("one alert raised, one notice told").isEqualTo(2);
        assertThat(world.monitor.job().work().run()).as("nothing new").isZero();
    }
}
