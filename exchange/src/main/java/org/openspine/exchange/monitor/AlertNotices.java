package org.openspine.exchange.monitor;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.openspine.exchange.mailbox.Mailbox;
import org.openspine.exchange.mailbox.Mailboxes;
import org.openspine.platform.database.Database;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Alerts told to a webhook: an outbox of notices ({@code exchange_alert_notice}), one per alert raised or
 * resolved, written in the transaction that raised or resolved it, so none is lost to a crash between the two.
 * {@link #deliver} claims the due notices with {@code SKIP LOCKED} and a lease (a node that dies mid-POST leaves
 * them to be retried once the lease ends), POSTs them all at once, waits at most about the timeout, and marks
 * each delivered or due again on the next run. A receiver may see a notice twice (at least once), and tells by
 * {@code alertId} and {@code event}, also sent as the {@code Idempotency-Key} header. Failures are logged with
 * the alert id and the status or error, never the URL (it may carry a secret). Thread-safe.
 */
final class AlertNotices implements AutoCloseable {

    /** How long a claimed notice is left alone before another run may take it: far past any POST. */
    static final Duration LEASE = Duration.ofMinutes(5);
    /** At most this many notices a run: a flood of alerts is told over a few minutes, not in one burst. */
    static final int BATCH = 100;
    private static final Logger LOG = LoggerFactory.getLogger(AlertNotices.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI webhook;
    private final Duration timeout;
    private final Mailboxes mailboxes;
    private final HttpClient client;

    AlertNotices(URI webhook, Duration timeout, Mailboxes mailboxes) {
        this.webhook = webhook;
        this.timeout = timeout;
        this.mailboxes = mailboxes;
        this.client = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER).build();
    }

    /** Queues a notice of the alert's {@code event} ({@code raised} or {@code resolved}), in the caller's transaction. */
    static void queue(Connection connection, String alertId, String event, Instant now) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("""
                INSERT INTO exchange_alert_notice (alert_id, event, created, due) VALUES (?, ?, ?, ?)
                ON CONFLICT DO NOTHING""")) {
            insert.setString(1, alertId);
            insert.setString(2, event);
            insert.setTimestamp(3, Timestamp.from(now));
            insert.setTimestamp(4, Timestamp.from(now));
            insert.executeUpdate();
        }
    }

    /** @return notices not yet delivered */
    static long pending(Connection connection) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT count(*) FROM exchange_alert_notice WHERE delivered IS NULL");
             ResultSet rows = select.executeQuery()) {
            rows.next();
            return rows.getLong(1);
        }
    }

    /**
     * Delivers the due notices: claims them (one transaction), POSTs them concurrently with no database
     * connection held, and records each outcome (one transaction). Blocks for at most about the timeout.
     *
     * @return how many were delivered and how many failed
     */
    Delivery deliver(Database database, Alerts alerts, Instant now) {
        List<Notice> claimed = database.inTransaction(connection -> claim(connection, alerts, now));
        if (claimed.isEmpty()) {
            return Delivery.NONE;
        }
        List<CompletableFuture<Optional<String>>> posts = new ArrayList<>();
        for (Notice notice : claimed) {
            posts.add(post(notice));
        }
        List<Optional<String>> failures = new ArrayList<>();
        for (CompletableFuture<Optional<String>> post : posts) {
            failures.add(outcome(post));
        }
        database.inTransaction(connection -> {
            for (int i = 0; i < claimed.size(); i++) {
                record(connection, claimed.get(i), failures.get(i), now);
            }
            return null;
        });
        int failed = (int) failures.stream().filter(Optional::isPresent).count();
        if (failed > 0) {
            // one line a run, not one a notice: an endpoint that is down fails them all, every minute
            int first = failures.indexOf(failures.stream().filter(Optional::isPresent).findFirst().orElseThrow());
            LOG.warn("delivery alert webhook: {} of {} notices failed, retried on the next run; first: alert {} ({}), "
                    + "attempt {}: {}", failed, claimed.size(), claimed.get(first).alertId(), claimed.get(first).event(),
                    claimed.get(first).attempts(), failures.get(first).orElseThrow());
        }
        return new Delivery(claimed.size() - failed, failed);
    }

    @Override
    public void close() {
        client.close();
    }

    private List<Notice> claim(Connection connection, Alerts alerts, Instant now) throws SQLException {
        List<Notice> claimed = new ArrayList<>();
        try (PreparedStatement update = connection.prepareStatement("""
                UPDATE exchange_alert_notice SET due = ?, attempts = attempts + 1
                WHERE (alert_id, event) IN (SELECT alert_id, event FROM exchange_alert_notice
                    WHERE delivered IS NULL AND due <= ? ORDER BY due LIMIT ? FOR UPDATE SKIP LOCKED)
                RETURNING alert_id, event, attempts""")) {
            update.setTimestamp(1, Timestamp.from(now.plus(LEASE)));
            update.setTimestamp(2, Timestamp.from(now));
            update.setInt(3, BATCH);
            try (ResultSet rows = update.executeQuery()) {
                while (rows.next()) {
                    claimed.add(new Notice(rows.getString(1), rows.getString(2), rows.getInt(3), null));
                }
            }
        }
        List<Notice> withBodies = new ArrayList<>();
        for (Notice notice : claimed) {
            Alert alert = alerts.find(connection, notice.alertId()).orElseThrow();
            Optional<Mailbox> mailbox = mailboxes.find(connection, alert.mailboxId());
            withBodies.add(new Notice(notice.alertId(), notice.event(), notice.attempts(),
                    body(alert, notice.event(), mailbox).toString()));
        }
        return withBodies;
    }

    /** @return the JSON told to the webhook: the alert, what happened to it, and where its Task is */
    static ObjectNode body(Alert alert, String event, Optional<Mailbox> mailbox) {
        ObjectNode body = JSON.createObjectNode().put("alertId", alert.id()).put("event", event)
                .put("kind", alert.kind().code()).put("mailboxId", alert.mailboxId());
        mailbox.ifPresent(box -> body.put("odsCode", box.odsCode()));
        body.put("workflowId", alert.workflowId().orElse(null));
        body.put("raised", alert.raised().toString());
        body.put("resolved", alert.resolved().map(Instant::toString).orElse(null));
        body.put("messages", alert.messages()).put("since", alert.since().toString()).put("detail", alert.detail());
        body.put("task", "Task/" + alert.id());
        return body;
    }

    /** @return the POST under way; completes with the failure, if it failed */
    private CompletableFuture<Optional<String>> post(Notice notice) {
        HttpRequest request = HttpRequest.newBuilder(webhook).timeout(timeout)
                .header("Content-Type", "application/json")
                .header("Idempotency-Key", notice.alertId() + ":" + notice.event())
                .POST(HttpRequest.BodyPublishers.ofString(notice.body())).build();
        return client.sendAsync(request, HttpResponse.BodyHandlers.discarding())
                .thenApply(response -> response.statusCode() / 100 == 2 ? Optional.<String>empty()
                        : Optional.of("status " + response.statusCode()))
                .exceptionally(failure -> Optional.of(describe(failure)));
    }

    private Optional<String> outcome(CompletableFuture<Optional<String>> post) {
        try {
            // each request has its own timeout; this bounds a run even if the client misbehaves
            return post.get(timeout.toMillis() + 1000, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            post.cancel(true);
            return Optional.of("interrupted");
        } catch (ExecutionException | TimeoutException e) {
            post.cancel(true);
            return Optional.of(describe(e));
        }
    }

    private static void record(Connection connection, Notice notice, Optional<String> failure, Instant now)
            throws SQLException {
        if (failure.isEmpty()) {
            try (PreparedStatement update = connection.prepareStatement(
                    "UPDATE exchange_alert_notice SET delivered = ?, last_error = NULL WHERE alert_id = ? AND event = ?")) {
                update.setTimestamp(1, Timestamp.from(now));
                update.setString(2, notice.alertId());
                update.setString(3, notice.event());
                update.executeUpdate();
            }
            return;
        }
        try (PreparedStatement update = connection.prepareStatement(
                "UPDATE exchange_alert_notice SET due = ?, last_error = ? WHERE alert_id = ? AND event = ?")) {
            update.setTimestamp(1, Timestamp.from(now));
            update.setString(2, failure.get());
            update.setString(3, notice.alertId());
            update.setString(4, notice.event());
            update.executeUpdate();
        }
    }

    private static String describe(Throwable failure) {
        Throwable cause = failure;
        while ((cause instanceof java.util.concurrent.CompletionException || cause instanceof ExecutionException)
                && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause.getClass().getSimpleName() + (cause.getMessage() == null ? "" : ": " + cause.getMessage());
    }

    /** A notice claimed for delivery, with its JSON. */
    private record Notice(String alertId, String event, int attempts, String body) {
    }

    /**
     * What one delivery round did.
     *
     * @param delivered notices the webhook took
     * @param failed    notices that failed, due again on the next run
     */
    record Delivery(int delivered, int failed) {
        static final Delivery NONE = new Delivery(0, 0);
    }
}
