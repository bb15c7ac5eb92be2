package org.openspine.exchange.monitor;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The {@code exchange_alert} table, in the caller's transaction. Raising is an insert that does nothing when an
 * open alert of the same kind, mailbox and workflow exists (a partial unique index), and resolving an update of
 * an open alert only: with any number of nodes checking at once, each condition is raised once and resolved
 * once. Stateless.
 */
final class Alerts {

    private static final String COLUMNS = "alert_id, kind, mailbox_id, workflow_id, raised, resolved, messages, since, detail";

    /** @return the alert raised for the condition; empty when one is open for it already */
    Optional<Alert> raise(Connection connection, Condition condition, Instant now) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO exchange_alert (" + COLUMNS + """
                ) VALUES (?, ?, ?, ?, ?, NULL, ?, ?, ?)
                ON CONFLICT (kind, mailbox_id, workflow_id) WHERE resolved IS NULL DO NOTHING
                RETURNING """ + " " + COLUMNS)) {
            insert.setString(1, UUID.randomUUID().toString());
            insert.setString(2, condition.kind().code());
            insert.setString(3, condition.mailboxId());
            insert.setString(4, condition.workflowId());
            insert.setTimestamp(5, Timestamp.from(now));
            insert.setLong(6, condition.messages());
            insert.setTimestamp(7, Timestamp.from(condition.since()));
            insert.setString(8, condition.detail());
            return one(insert);
        }
    }

    /** @return the alert, now resolved; empty when it was resolved already */
    Optional<Alert> resolve(Connection connection, String alertId, Instant now) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement(
                "UPDATE exchange_alert SET resolved = ? WHERE alert_id = ? AND resolved IS NULL RETURNING " + COLUMNS)) {
            update.setTimestamp(1, Timestamp.from(now));
            update.setString(2, alertId);
            return one(update);
        }
    }

    /** @return the alerts not yet resolved, oldest first */
    List<Alert> open(Connection connection) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT " + COLUMNS + " FROM exchange_alert WHERE resolved IS NULL ORDER BY raised, alert_id")) {
            return alerts(select);
        }
    }

    /** @return the alert with this id */
    Optional<Alert> find(Connection connection, String alertId) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT " + COLUMNS + " FROM exchange_alert WHERE alert_id = ?")) {
            select.setString(1, alertId);
            return one(select);
        }
    }

    private static Optional<Alert> one(PreparedStatement statement) throws SQLException {
        return alerts(statement).stream().findFirst();
    }

    private static List<Alert> alerts(PreparedStatement statement) throws SQLException {
        List<Alert> alerts = new ArrayList<>();
        try (ResultSet rows = statement.executeQuery()) {
            while (rows.next()) {
                String workflow = rows.getString("workflow_id");
                Timestamp resolved = rows.getTimestamp("resolved");
                alerts.add(new Alert(rows.getString("alert_id"), AlertKind.of(rows.getString("kind")),
                        rows.getString("mailbox_id"), workflow.isEmpty() ? Optional.empty() : Optional.of(workflow),
                        rows.getTimestamp("raised").toInstant(),
                        Optional.ofNullable(resolved).map(Timestamp::toInstant), rows.getLong("messages"),
                        rows.getTimestamp("since").toInstant(), rows.getString("detail")));
            }
        }
        return alerts;
    }

    /**
     * A condition that holds now and calls for an alert.
     *
     * @param kind       what it is
     * @param mailboxId  the mailbox
     * @param workflowId the workflow, or {@code ""} for the whole mailbox
     * @param messages   the messages concerned
     * @param since      since when (the oldest overdue message's arrival, the last collection, the oldest
     *                   workqueue item's queueing)
     * @param detail     the alert's words
     */
    record Condition(AlertKind kind, String mailboxId, String workflowId, long messages, Instant since, String detail) {

        /** @return whether {@code alert} is this condition's alert */
        boolean raisedAs(Alert alert) {
            return alert.kind() == kind && alert.mailboxId().equals(mailboxId)
                    && alert.workflowId().orElse("").equals(workflowId);
        }
    }
}
