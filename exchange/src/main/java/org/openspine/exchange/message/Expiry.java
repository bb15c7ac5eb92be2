package org.openspine.exchange.message;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The end of a message's life: a message left unacknowledged past its expiry expires and its sender gets a
 * non-delivery report (MESH status 14), and every message is purged once its retention ends. Each batch is one
 * transaction in the caller's hands; rows are claimed with {@code SKIP LOCKED}, so several nodes sweeping at
 * once expire each message exactly once and report it exactly once.
 */
public final class Expiry {

    /** MESH's status code for a message the recipient did not collect. */
    public static final String UNDELIVERED = "14";

    private final ExchangeSettings settings;
    private final Clock clock;

    public Expiry(ExchangeSettings settings, Clock clock) {
        this.settings = settings;
        this.clock = clock;
    }

    /**
     * Expires up to {@code batch} overdue messages, each with its non-delivery report to the sender.
     *
     * @return the ids of the messages expired
     */
    public List<String> expire(Connection connection, int batch) throws SQLException {
        Instant now = clock.instant();
        List<Message> overdue = new ArrayList<>();
        try (PreparedStatement select = connection.prepareStatement("SELECT " + MessageRows.COLUMNS + """
                 FROM mesh_message WHERE status = 'inbox' AND expires <= ?
                ORDER BY expires LIMIT ? FOR UPDATE SKIP LOCKED""")) {
            select.setTimestamp(1, Timestamp.from(now));
            select.setInt(2, batch);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    overdue.add(MessageRows.message(rows));
                }
            }
        }
        for (Message message : overdue) {
            try (PreparedStatement update = connection.prepareStatement(
                    "UPDATE mesh_message SET status = 'expired' WHERE message_id = ?")) {
                update.setString(1, message.id());
                update.executeUpdate();
            }
            TrackingLog.append(connection, message.id(), TrackingEvent.EXPIRED, now, Optional.empty());
            if (message.type() == MessageType.DATA) {
                String report = report(connection, message, now);
                TrackingLog.append(connection, message.id(), TrackingEvent.REPORTED, now, Optional.of(report));
            }
        }
        return overdue.stream().map(Message::id).toList();
    }

    /** Deletes up to {@code batch} messages past their retention, with their payloads and histories. */
    public int purge(Connection connection, int batch) throws SQLException {
        // parts and histories have no foreign key to cascade from (see the migration that dropped them)
        try (PreparedStatement delete = connection.prepareStatement("""
                WITH purged AS (DELETE FROM mesh_message WHERE message_id IN (SELECT message_id FROM mesh_message
                        WHERE purge_after <= ? ORDER BY purge_after LIMIT ? FOR UPDATE SKIP LOCKED)
                        RETURNING message_id),
                    parts AS (DELETE FROM mesh_part WHERE message_id IN (SELECT message_id FROM purged)),
                    history AS (DELETE FROM mesh_tracking WHERE message_id IN (SELECT message_id FROM purged))
                SELECT count(*) FROM purged""")) {
            delete.setTimestamp(1, Timestamp.from(clock.instant()));
            delete.setInt(2, batch);
            try (ResultSet rows = delete.executeQuery()) {
                rows.next();
                return rows.getInt(1);
            }
        }
    }

    private static String describe(Duration period) {
        if (period.toDays() > 0 && period.equals(Duration.ofDays(period.toDays()))) {
            return period.toDays() + (period.toDays() == 1 ? " day" : " days");
        }
        return period.toHours() > 0 ? period.toHours() + " hours" : period.toMinutes() + " minutes";
    }

    /** The non-delivery report: in the sender's inbox, about the message, from the central system (no sender shown). */
    private String report(Connection connection, Message message, Instant now) throws SQLException {
        String id = MessageIds.next(now);
        Envelope original = message.envelope();
        try (PreparedStatement insert = connection.prepareStatement("""
                INSERT INTO mesh_message (message_id, sender, recipient, workflow_id, message_type, status, local_id,
                    subject, compressed, encrypted, chunks, size_bytes, linked_message_id, status_code,
                    status_description, sent, accepted, expires, purge_after)
                VALUES (?, ?, ?, ?, 'REPORT', 'inbox', ?, ?, false, false, 1, 0, ?, ?, ?, ?, ?, ?, ?)""")) {
            insert.setString(1, id);
            insert.setString(2, original.recipient()); // the mailbox that did not collect it
            insert.setString(3, original.sender());
            insert.setString(4, original.workflowId());
            insert.setString(5, original.localId().orElse(null));
            insert.setString(6, original.subject().map(subject -> "NDR: " + subject).orElse("NDR"));
            insert.setString(7, message.id());
            insert.setString(8, UNDELIVERED);
            insert.setString(9, "Message not collected by recipient after " + describe(settings.unacknowledgedExpiry()));
            insert.setTimestamp(10, Timestamp.from(now));
            insert.setTimestamp(11, Timestamp.from(now));
            insert.setTimestamp(12, Timestamp.from(now.plus(settings.unacknowledgedExpiry())));
            insert.setTimestamp(13, Timestamp.from(now.plus(settings.retention())));
            insert.executeUpdate();
        }
        TrackingLog.append(connection, id, TrackingEvent.ACCEPTED, now, Optional.empty());
        TrackingLog.append(connection, id, TrackingEvent.UPLOADED, now, Optional.empty());
        return id;
    }
}
