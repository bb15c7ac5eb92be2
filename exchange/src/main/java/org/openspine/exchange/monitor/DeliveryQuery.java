package org.openspine.exchange.monitor;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.openspine.exchange.mailbox.Workflow;
import org.openspine.exchange.mailbox.Workflows;

/**
 * Takes a {@link DeliverySnapshot} with two statements: the inboxes grouped by mailbox and workflow (over the
 * partial index of messages in an inbox, so its cost follows what waits, not what was ever sent) and the
 * mailboxes. Stateless.
 */
final class DeliveryQuery {

    private final Workflows workflows;

    DeliveryQuery(Workflows workflows) {
        this.workflows = workflows;
    }

    DeliverySnapshot snapshot(Connection connection, Instant now, Duration stoppedCollectingAfter) throws SQLException {
        Map<String, List<DeliverySnapshot.Waiting>> waiting = waiting(connection, now);
        List<DeliverySnapshot.MailboxDelivery> mailboxes = new ArrayList<>();
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT mailbox_id, ods_code, name, active, created, last_collected FROM mesh_mailbox ORDER BY mailbox_id");
             ResultSet rows = select.executeQuery()) {
            while (rows.next()) {
                String id = rows.getString("mailbox_id");
                List<DeliverySnapshot.Waiting> inbox = waiting.getOrDefault(id, List.of());
                Instant created = rows.getTimestamp("created").toInstant();
                Optional<Instant> collected = Optional.ofNullable(rows.getTimestamp("last_collected"))
                        .map(Timestamp::toInstant);
                boolean stopped = !inbox.isEmpty()
                        && collected.orElse(created).plus(stoppedCollectingAfter).isBefore(now);
                mailboxes.add(new DeliverySnapshot.MailboxDelivery(id, rows.getString("ods_code"), rows.getString("name"),
                        rows.getBoolean("active"), created, collected, stopped, inbox));
            }
        }
        return new DeliverySnapshot(now, stoppedCollectingAfter, mailboxes, byWorkflow(connection, waiting));
    }

    /** @return each mailbox's waiting messages per workflow */
    private static Map<String, List<DeliverySnapshot.Waiting>> waiting(Connection connection, Instant now)
            throws SQLException {
        Map<String, List<DeliverySnapshot.Waiting>> waiting = new HashMap<>();
        try (PreparedStatement select = connection.prepareStatement("""
                SELECT m.recipient, m.workflow_id, coalesce(w.sla_minutes, ?) AS sla, count(*) AS waiting,
                       min(m.accepted) AS oldest,
                       count(*) FILTER (WHERE m.accepted + make_interval(mins => coalesce(w.sla_minutes, ?)) < ?) AS overdue
                FROM mesh_message m LEFT JOIN mesh_workflow w ON w.workflow_id = m.workflow_id
                WHERE m.status = 'inbox'
                GROUP BY m.recipient, m.workflow_id, w.sla_minutes
                ORDER BY m.recipient, m.workflow_id""")) {
            int undefined = (int) Workflow.DEFAULT_SLA.toMinutes();
            select.setInt(1, undefined);
            select.setInt(2, undefined);
            select.setTimestamp(3, Timestamp.from(now));
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    waiting.computeIfAbsent(rows.getString("recipient"), id -> new ArrayList<>()).add(
                            new DeliverySnapshot.Waiting(rows.getString("workflow_id"),
                                    Duration.ofMinutes(rows.getLong("sla")), rows.getLong("waiting"),
                                    rows.getTimestamp("oldest").toInstant(), rows.getLong("overdue")));
                }
            }
        }
        return waiting;
    }

    private List<DeliverySnapshot.WorkflowDelivery> byWorkflow(Connection connection,
            Map<String, List<DeliverySnapshot.Waiting>> waiting) throws SQLException {
        Map<String, List<DeliverySnapshot.Waiting>> grouped = new TreeMap<>();
        waiting.values().forEach(inbox -> inbox.forEach(w -> grouped.computeIfAbsent(w.workflowId(),
                id -> new ArrayList<>()).add(w)));
        List<DeliverySnapshot.WorkflowDelivery> totals = new ArrayList<>();
        for (Map.Entry<String, List<DeliverySnapshot.Waiting>> workflow : grouped.entrySet()) {
            List<DeliverySnapshot.Waiting> inboxes = workflow.getValue();
            totals.add(new DeliverySnapshot.WorkflowDelivery(workflow.getKey(),
                    workflows.find(connection, workflow.getKey()).description(), inboxes.get(0).sla(),
                    inboxes.stream().mapToLong(DeliverySnapshot.Waiting::count).sum(),
                    inboxes.stream().map(DeliverySnapshot.Waiting::oldest).min(Instant::compareTo).orElseThrow(),
                    inboxes.stream().mapToLong(DeliverySnapshot.Waiting::overdue).sum(), inboxes.size()));
        }
        return totals;
    }
}
