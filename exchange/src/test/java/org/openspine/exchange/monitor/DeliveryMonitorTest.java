package org.openspine.exchange.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.openspine.exchange.filing.Workqueue;

/** The monitor's judgements on a snapshot, and how it writes times and durations. */
class DeliveryMonitorTest {

    private static final Instant NOW = Instant.parse("2026-11-22T12:00:00Z");

    @Test
    void aMailboxGivesOneConditionPerOverdueWorkflowAndOneIfItStoppedCollecting() {
        DeliverySnapshot.MailboxDelivery mailbox = new DeliverySnapshot.MailboxDelivery("A81001MAIL", "A81001", "Mail",
                true, NOW.minus(Duration.ofDays(30)), Optional.of(NOW.minus(Duration.ofHours(30))), true, List.of(
                        new DeliverySnapshot.Waiting("PATH_MEDRPT_V3", Duration.ofHours(4), 3, NOW.minus(Duration.ofHours(6)), 2),
                        new DeliverySnapshot.Waiting("TOC_FHIR_IP_DISCH", Duration.ofHours(24), 5, NOW.minus(Duration.ofHours(6)), 0)));
        DeliverySnapshot snapshot = new DeliverySnapshot(NOW, Duration.ofHours(24), List.of(mailbox), List.of());

        List<Alerts.Condition> conditions = DeliveryMonitor.conditions(snapshot);

        assertThat(conditions).containsExactly(
                new Alerts.Condition(AlertKind.SLA_BREACH, "A81001MAIL", "PATH_MEDRPT_V3", 2, NOW.minus(Duration.ofHours(6)),
                        "2 of 3 messages on workflow PATH_MEDRPT_V3 in mailbox A81001MAIL (ODS A81001) have waited longer "
                                + "than the workflow's SLA of 4 h; the oldest since 2026-11-22T06:00:00Z"),
                new Alerts.Condition(AlertKind.STOPPED_COLLECTING, "A81001MAIL", "", 8, NOW.minus(Duration.ofHours(30)),
                        "mailbox A81001MAIL (ODS A81001) has 8 messages waiting and has not collected since "
                                + "2026-11-21T06:00:00Z, longer than the 24 h allowed"));
    }

    @Test
    void aPracticeMailboxWithOverdueWorkqueueItemsGivesOneConditionNamingCountsAndTimesOnly() {
        List<Workqueue.Overdue> overdue = List.of(
                new Workqueue.Overdue("A81001MAIL", "A81001", 5, 3, NOW.minus(Duration.ofHours(51))),
                new Workqueue.Overdue("B82002MAIL", "B82002", 1, 1, NOW.minus(Duration.ofDays(3))));

        List<Alerts.Condition> conditions = DeliveryMonitor.workqueueConditions(overdue, Duration.ofDays(2));

        assertThat(conditions).containsExactly(
                new Alerts.Condition(AlertKind.WORKQUEUE_OVERDUE, "A81001MAIL", "", 3, NOW.minus(Duration.ofHours(51)),
                        "3 of 5 letters in the workqueue of mailbox A81001MAIL (ODS A81001) have waited longer than the "
                                + "2 d allowed for a person to deal with them; the oldest since 2026-11-20T09:00:00Z"),
                new Alerts.Condition(AlertKind.WORKQUEUE_OVERDUE, "B82002MAIL", "", 1, NOW.minus(Duration.ofDays(3)),
                        "1 of 1 letters in the workqueue of mailbox B82002MAIL (ODS B82002) have waited longer than the "
                                + "2 d allowed for a person to deal with them; the oldest since 2026-11-19T12:00:00Z"));
    }

    @Test
    void durationsAndTimesReadAsPeopleWriteThem() {
        assertThat(DeliveryMonitor.human(Duration.ofMinutes(90))).isEqualTo("90 min");
        assertThat(DeliveryMonitor.human(Duration.ofHours(4))).isEqualTo("4 h");
        assertThat(DeliveryMonitor.human(Duration.ofHours(24))).isEqualTo("24 h");
        assertThat(DeliveryMonitor.human(Duration.ofHours(51))).isEqualTo("2 d 3 h");
        assertThat(AlertTask.time(Instant.parse("2026-11-21T09:00:00.123456Z"))).isEqualTo("2026-11-21T09:00:00Z");
    }
}
