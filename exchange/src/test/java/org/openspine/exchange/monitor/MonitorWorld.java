package org.openspine.exchange.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.openspine.exchange.mailbox.Assurance;
import org.openspine.exchange.mailbox.Mailbox;
import org.openspine.exchange.mailbox.Mailboxes;
import org.openspine.exchange.mailbox.PasswordSeal;
import org.openspine.exchange.mailbox.Workflow;
import org.openspine.exchange.mailbox.Workflows;
import org.openspine.exchange.message.Envelope;
import org.openspine.exchange.message.ExchangeSettings;
import org.openspine.exchange.message.Inbox;
import org.openspine.exchange.message.Outbox;
import org.openspine.exchange.message.PayloadAssurance;
import org.openspine.fhir.FhirServices;
import org.openspine.fhir.model.FhirCodec;
import org.openspine.fhir.search.SearchParameters;
import org.openspine.fhir.store.ReadResult;
import org.openspine.fhir.store.StoredResource;
import org.openspine.fhir.validation.ProfileValidation;
import org.openspine.platform.audit.RecordedEvents;
import org.openspine.platform.database.Database;
import org.openspine.platform.database.TestDatabase;
import org.openspine.platform.http.HttpConfig;
import org.openspine.platform.http.HttpServer;
import org.openspine.platform.http.TestHttp;
import org.openspine.platform.security.AccessPolicy;
import org.openspine.platform.security.token.TestClock;
import org.openspine.platform.security.token.TestTokens;

/**
 * The delivery monitor over a database of the monitor tests' own, emptied of mailboxes, messages, workqueues and
 * alerts for each world (the monitor's checks and totals cover every mailbox, so it cannot be the shared test database), with
 * the real store, outbox and inbox, a clock tests move, a webhook receiver, the monitor's log lines, and its HTTP
 * routes on a real server. One world at a time.
 */
final class MonitorWorld implements AutoCloseable {

    static final Instant START = Instant.parse("2026-11-21T09:00:00Z");
    /** A workflow with a week's SLA, for tests that must not breach one. */
    static final String SLOW = "TEST_SLOW";
    private static final FhirCodec CODEC = new FhirCodec();
    private static final SearchParameters R4 = SearchParameters.r4(CODEC.context().getResourceTypes());

    private static Database shared;

    final Database database = database();
    final TestClock clock = new TestClock(START);
    final Mailboxes mailboxes = new Mailboxes(PasswordSeal.ephemeral());
    final Workflows workflows = new Workflows();
    final FhirServices fhir = FhirServices.open(database, CODEC, R4, new ProfileValidation(CODEC.context(),
            Optional.empty()), clock, "test");
    final Outbox outbox = new Outbox(mailboxes, PayloadAssurance.NONE, ExchangeSettings.MESH, clock);
    final Inbox inbox = new Inbox(clock);
    final WebhookReceiver webhook = new WebhookReceiver();
    final List<String> log = new CopyOnWriteArrayList<>();
    final DeliveryMonitor monitor = new DeliveryMonitor(database, mailboxes, workflows, fhir.api(),
            MonitorSettings.DEFAULT.withWebhook(webhook.url()), clock, log::add);
    private final HttpServer http = HttpServer.start(new HttpConfig("127.0.0.1", 0, 1 << 20),
            TestTokens.authentication(), new RecordedEvents(),
            List.of(new MonitorRoutes(database, monitor, mailboxes, AccessPolicy.nhs())));

    MonitorWorld() {
        database.inTransaction(connection -> {
            try (java.sql.Statement statement = connection.createStatement()) {
                statement.execute("TRUNCATE mesh_mailbox, mesh_message, exchange_alert, filing_workqueue CASCADE");
            }
            workflows.define(connection, new Workflow(SLOW, "slow", Duration.ofDays(7), Assurance.NONE, false));
            return null;
        });
    }

    /** @return a new mailbox of the organisation, taking any workflow */
    String mailbox(String id, String odsCode) {
        database.inTransaction(connection -> {
            mailboxes.save(connection, new Mailbox(id, odsCode, "Mailbox " + id, true), "password", Set.of(),
                    clock.instant());
            return null;
        });
        return id;
    }

    /** @return the id of a one-chunk message now in {@code to}'s inbox */
    String send(String from, String to, String workflow) {
        Envelope envelope = new Envelope(from, to, workflow, Optional.empty(), Optional.of("Letter"),
                Optional.of("letter.txt"), Optional.empty(), false, false, false, Optional.empty(), 1);
        return database.inTransaction(connection -> outbox.send(connection, envelope,
                new ByteArrayInputStream("a letter".getBytes(StandardCharsets.UTF_8)))).messageId();
    }

    void acknowledge(String mailbox, String messageId) {
        database.inTransaction(connection -> {
            inbox.acknowledge(connection, mailbox, messageId);
            return null;
        });
    }

    /** The mailbox lists its inbox now. */
    void collect(String mailbox) {
        database.inTransaction(connection -> {
            mailboxes.collected(connection, mailbox, clock.instant());
            return null;
        });
    }

    /**
     * @return the id of an open item queued now in the practice mailbox's workqueue, as auto-filing queues a letter
     *         it cannot match; written directly, since the monitor reads only its mailbox, status and time
     */
    UUID queue(String mailbox, String odsCode) {
        UUID id = UUID.randomUUID();
        database.inTransaction(connection -> {
            try (PreparedStatement insert = connection.prepareStatement("""
                    INSERT INTO filing_workqueue (item_id, ods_code, mailbox_id, message_id, sender, workflow_id, reason,
                        detail, subject, candidates, received, queued, status, content_type, payload)
                    VALUES (?, ?, ?, ?, 'RX1LETTERS', 'TOC_FHIR_IP_DISCH', 'unmatched', 'no record matches', '{}', '{}',
                        ?, ?, 'open', 'application/pdf', convert_to('%PDF-1.7', 'UTF8'))""")) {
                insert.setObject(1, id);
                insert.setString(2, odsCode);
                insert.setString(3, mailbox);
                insert.setString(4, id.toString());
                insert.setTimestamp(5, Timestamp.from(clock.instant()));
                insert.setTimestamp(6, Timestamp.from(clock.instant()));
                insert.executeUpdate();
            }
            return null;
        });
        return id;
    }

    /** A person at the practice dealt with the workqueue items. */
    void done(UUID... items) {
        database.inTransaction(connection -> {
            try (PreparedStatement update = connection.prepareStatement(
                    "UPDATE filing_workqueue SET status = 'done', decision = 'returned', decided_at = now(), "
                    + "decided_by = 'monitor-test', decision_note = 'worked in the test' WHERE item_id = ANY (?)")) {
                update.setArray(1, connection.createArrayOf("uuid", items));
                assertThat(update.executeUpdate()).as("items marked done").isEqualTo(items.length);
            }
            return null;
        });
    }

    void advance(Duration duration) {
        clock.advance(duration);
    }

    /** @return the stored Task, as JSON text */
    String task(String id) {
        ReadResult read = database.read(connection -> fhir.store().read(connection, "Task", id));
        return switch (read) {
            case ReadResult.Found found -> found.resource().json();
            default -> throw new AssertionError("no Task " + id + ": " + read);
        };
    }

    /** @return the stored Tasks with the delivery-alert code of this world's alerts */
    List<StoredResource> alertTasks() {
        return database.read(connection -> {
            List<String> alerts = new ArrayList<>();
            try (java.sql.Statement statement = connection.createStatement();
                 java.sql.ResultSet rows = statement.executeQuery("SELECT alert_id FROM exchange_alert")) {
                while (rows.next()) {
                    alerts.add(rows.getString(1));
                }
            }
            return fhir.search().find(connection, "Task", java.util.Map.of("code", List.of(AlertTask.CODE_SYSTEM + "|")),
                    "urn:test", 1000).stream().filter(task -> alerts.contains(task.id())).toList();
        });
    }

    TestHttp http() {
        return new TestHttp("http://127.0.0.1:" + http.port());
    }

    @Override
    public void close() {
        http.close();
        monitor.close();
        webhook.close();
    }

    private static synchronized Database database() {
        if (shared == null) {
            shared = TestDatabase.fresh("delivery_monitor");
        }
        return shared;
    }
}
