package org.openspine.exchange.monitor;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import org.openspine.exchange.filing.Workqueue;
import org.openspine.exchange.lifecycle.ExchangeJobs;
import org.openspine.exchange.mailbox.Mailboxes;
import org.openspine.exchange.mailbox.Workflows;
import org.openspine.fhir.rest.FhirApi;
import org.openspine.platform.database.Database;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The delivery monitor: what every incident behind issue 6 was missing. It sees, per mailbox and per workflow,
 * how many messages wait unacknowledged and for how long ({@link #snapshot}), and it alerts when messages wait
 * longer than their workflow's SLA, a mailbox with messages waiting stops collecting, or letters auto-filing
 * acknowledged for a practice wait in its workqueue longer than allowed ({@link #check}).
 *
 * <p>An alert is raised once for as long as its condition lasts (one per mailbox and workflow for overdue
 * messages, however many there are; one per mailbox that stopped collecting; one per practice mailbox with
 * overdue workqueue items) and resolved when the condition clears. Raising or resolving is one transaction
 * that writes the alert, its FHIR Task ({@link AlertTask}) and its webhook notice ({@link AlertNotices}); the log
 * line follows the commit. Log lines carry mailbox and workflow ids, counts and times, never patient data.
 *
 * <p>Thread-safe; {@link #check} may run on several nodes at once (each alert is still raised once). Closing
 * stops the webhook client.
 */
public final class DeliveryMonitor implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(DeliveryMonitor.class);

    private final Database database;
    private final Mailboxes mailboxes;
    private final DeliveryQuery query;
    private final Alerts alerts = new Alerts();
    private final Workqueue workqueue = new Workqueue();
    private final AlertTask tasks;
    private final Optional<AlertNotices> notices;
    private final MonitorSettings settings;
    private final Clock clock;
    private final Consumer<String> log;

    /**
     * @param api      the FHIR API, through which alerts are published as Tasks
     * @param settings the stopped-collecting and workqueue periods and the webhook
     * @param clock    what "now" is, to judge ages against
     */
    public DeliveryMonitor(Database database, Mailboxes mailboxes, Workflows workflows, FhirApi api,
            MonitorSettings settings, Clock clock) {
        this(database, mailboxes, workflows, api, settings, clock, LOG::warn);
    }

    /** As the public constructor, with the alert log lines going to {@code log} (tests read them). */
    DeliveryMonitor(Database database, Mailboxes mailboxes, Workflows workflows, FhirApi api, MonitorSettings settings,
            Clock clock, Consumer<String> log) {
        this.database = database;
        this.mailboxes = mailboxes;
        this.query = new DeliveryQuery(workflows);
        this.tasks = new AlertTask(api);
        this.notices = settings.webhook().map(url -> new AlertNotices(url, settings.webhookTimeout(), mailboxes));
        this.settings = settings;
        this.clock = clock;
        this.log = log;
    }

    /** @return what waits in every inbox now; reads in autocommit mode, joins no transaction */
    public DeliverySnapshot snapshot() {
        return database.read(connection -> query.snapshot(connection, clock.instant(), settings.stoppedCollectingAfter()));
    }

    /**
     * @return the snapshot with the alerts open, the webhook notices not yet delivered and the practices' workqueues
     *         (letters acknowledged on the practice's behalf that wait for a person), for a dashboard
     */
    public DeliveryReport report() {
        return database.read(connection -> new DeliveryReport(
                query.snapshot(connection, clock.instant(), settings.stoppedCollectingAfter()), alerts.open(connection),
                settings.webhook().isPresent(), AlertNotices.pending(connection), workqueue.backlogs(connection)));
    }

    /**
     * One run: takes a snapshot, raises an alert for each condition that has none open, resolves each open
     * alert whose condition cleared, then tells the webhook what it has not yet been told. Each alert is its own
     * transaction, so one that cannot be written (it is tried again on the next run) does not hold up the
     * others. Meant to run every minute; blocks for at most about the webhook timeout beyond its queries.
     *
     * @return what it raised, resolved and told
     */
    public Run check() {
        Instant now = clock.instant();
        Duration dueWithin = settings.workqueueDueWithin();
        List<Alerts.Condition> conditions = database.read(connection -> {
            List<Alerts.Condition> found = new ArrayList<>(conditions(query.snapshot(connection, now,
                    settings.stoppedCollectingAfter())));
            found.addAll(workqueueConditions(workqueue.overdue(connection, now.minus(dueWithin)), dueWithin));
            return found;
        });
        List<Alert> open = database.read(alerts::open);
        List<Alert> raised = new ArrayList<>();
        for (Alerts.Condition condition : conditions) {
            if (open.stream().noneMatch(condition::raisedAs)) {
                attempt("raising a " + condition.kind().code() + " alert for mailbox " + condition.mailboxId(),
                        () -> database.inTransaction(connection -> raise(connection, condition, now)))
                        .flatMap(alert -> alert).ifPresent(alert -> {
                            raised.add(alert);
                            log.accept("delivery alert raised: " + alert.detail() + " (alert " + alert.id() + ")");
                        });
            }
        }
        List<Alert> resolved = new ArrayList<>();
        for (Alert alert : open) {
            if (conditions.stream().noneMatch(condition -> condition.raisedAs(alert))) {
                attempt("resolving alert " + alert.id(),
                        () -> database.inTransaction(connection -> resolve(connection, alert.id(), now)))
                        .flatMap(done -> done).ifPresent(done -> {
                            resolved.add(done);
                            log.accept("delivery alert resolved: " + done.kind().code() + " for mailbox "
                                    + done.mailboxId() + done.workflowId().map(w -> " workflow " + w).orElse("")
                                    + " after " + human(Duration.between(done.raised(), now)) + " (alert " + done.id()
                                    + ")");
                        });
            }
        }
        AlertNotices.Delivery told = notices.map(n -> n.deliver(database, alerts, now)).orElse(AlertNotices.Delivery.NONE);
        return new Run(raised, resolved, told.delivered(), told.failed());
    }

    /**
     * @return {@link #check} as an {@link ExchangeJobs} job every minute, counting the alerts it raised and
     *         resolved and the notices it told
     */
    public ExchangeJobs.Job job() {
        return new ExchangeJobs.Job("delivery-monitor", Duration.ofMinutes(1), () -> {
            Run run = check();
            return run.raised().size() + run.resolved().size() + run.notified();
        });
    }

    /** Closes the webhook client; safe to call twice. */
    @Override
    public void close() {
        notices.ifPresent(AlertNotices::close);
    }

    private Optional<Alert> raise(Connection connection, Alerts.Condition condition, Instant now) throws SQLException {
        Optional<Alert> alert = alerts.raise(connection, condition, now);
        if (alert.isPresent()) {
            publish(connection, alert.get(), "raised", now);
        }
        return alert;
    }

    private Optional<Alert> resolve(Connection connection, String alertId, Instant now) throws SQLException {
        Optional<Alert> alert = alerts.resolve(connection, alertId, now);
        if (alert.isPresent()) {
            publish(connection, alert.get(), "resolved", now);
        }
        return alert;
    }

    private void publish(Connection connection, Alert alert, String event, Instant now) throws SQLException {
        tasks.write(connection, alert, mailboxes.find(connection, alert.mailboxId()));
        if (notices.isPresent()) {
            AlertNotices.queue(connection, alert.id(), event, now);
        }
    }

    /** @return the conditions that call for an alert now */
    static List<Alerts.Condition> conditions(DeliverySnapshot snapshot) {
        List<Alerts.Condition> conditions = new ArrayList<>();
        for (DeliverySnapshot.MailboxDelivery mailbox : snapshot.mailboxes()) {
            for (DeliverySnapshot.Waiting waiting : mailbox.workflows()) {
                if (waiting.overdue() > 0) {
                    conditions.add(new Alerts.Condition(AlertKind.SLA_BREACH, mailbox.id(), waiting.workflowId(),
                            waiting.overdue(), waiting.oldest(), waiting.overdue() + " of " + waiting.count()
                            + " messages on workflow " + waiting.workflowId() + " in mailbox " + mailbox.id() + " (ODS "
                            + mailbox.odsCode() + ") have waited longer than the workflow's SLA of "
                            + human(waiting.sla()) + "; the oldest since " + AlertTask.time(waiting.oldest())));
                }
            }
            if (mailbox.stoppedCollecting()) {
                String quiet = mailbox.lastCollected().isPresent()
                        ? "has not collected since " + AlertTask.time(mailbox.quietSince())
                        : "has never collected since it was set up at " + AlertTask.time(mailbox.quietSince());
                conditions.add(new Alerts.Condition(AlertKind.STOPPED_COLLECTING, mailbox.id(), "", mailbox.waiting(),
                        mailbox.quietSince(), "mailbox " + mailbox.id() + " (ODS " + mailbox.odsCode() + ") has "
                        + mailbox.waiting() + " messages waiting and " + quiet + ", longer than the "
                        + human(snapshot.stoppedCollectingAfter()) + " allowed"));
            }
        }
        return conditions;
    }

    /**
     * @return one condition per practice mailbox with letters in its workqueue longer than {@code dueWithin}: once
     *         acknowledged they no longer wait in an inbox, so the other conditions cannot see them
     */
    static List<Alerts.Condition> workqueueConditions(List<Workqueue.Overdue> overdue, Duration dueWithin) {
        return overdue.stream().map(queue -> new Alerts.Condition(AlertKind.WORKQUEUE_OVERDUE, queue.mailboxId(), "",
                queue.overdue(), queue.oldest(), queue.overdue() + " of " + queue.open() + " letters in the workqueue of "
                + "mailbox " + queue.mailboxId() + " (ODS " + queue.odsCode() + ") have waited longer than the "
                + human(dueWithin) + " allowed for a person to deal with them; the oldest since "
                + AlertTask.time(queue.oldest()))).toList();
    }

    /** @return a duration as people read it: 90 min, 4 h, 2 d 3 h */
    static String human(Duration duration) {
        long minutes = duration.toMinutes();
        if (minutes < 120 && minutes % 60 != 0) {
            return minutes + " min";
        }
        long hours = duration.toHours();
        return hours >= 48 ? hours / 24 + " d" + (hours % 24 == 0 ? "" : " " + hours % 24 + " h") : hours + " h";
    }

    /** @return the work's result; empty, logged, when it failed (it is tried again on the next run) */
    private static <T> Optional<T> attempt(String what, java.util.function.Supplier<T> work) {
        try {
            return Optional.of(work.get());
        } catch (RuntimeException e) {
            // one alert that cannot be written must not silence the others; the next run tries it again
            LOG.error("delivery monitor: {} failed", what, e);
            return Optional.empty();
        }
    }

    /**
     * What one {@link #check} did.
     *
     * @param raised             alerts raised
     * @param resolved           alerts resolved
     * @param notified           webhook notices delivered
     * @param notificationsFailed webhook notices that failed, due again on the next run
     */
    public record Run(List<Alert> raised, List<Alert> resolved, int notified, int notificationsFailed) {
        public Run {
            raised = List.copyOf(raised);
            resolved = List.copyOf(resolved);
        }
    }

    /**
     * The monitor's view for a dashboard.
     *
     * @param snapshot          what waits now
     * @param alerts            the alerts open, oldest first
     * @param webhookConfigured whether alerts are told to a webhook
     * @param pendingNotices    webhook notices not yet delivered
     * @param workqueues        each practice's open workqueue items: auto-filing acknowledged these letters, so
     *                          the snapshot no longer counts them, but a person has still to match them
     */
    public record DeliveryReport(DeliverySnapshot snapshot, List<Alert> alerts, boolean webhookConfigured,
            long pendingNotices, List<Workqueue.Backlog> workqueues) {
        public DeliveryReport {
            Objects.requireNonNull(snapshot, "snapshot");
            alerts = List.copyOf(alerts);
            workqueues = List.copyOf(workqueues);
        }
    }
}
