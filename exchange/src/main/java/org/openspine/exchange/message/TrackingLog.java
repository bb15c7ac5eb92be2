package org.openspine.exchange.message;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** Each message's tracking history, appended in the transaction that made the change it records. */
public final class TrackingLog {

    private TrackingLog() {
    }

    /** Appends {@code event} to the message's history. */
    public static void append(Connection connection, String messageId, TrackingEvent event, Instant at,
            Optional<String> detail) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO mesh_tracking (message_id, event, at, detail) VALUES (?, ?, ?, ?)")) {
            insert.setString(1, messageId);
            insert.setString(2, event.code());
            insert.setTimestamp(3, Timestamp.from(at));
            insert.setString(4, detail.orElse(null));
            insert.executeUpdate();
        }
    }

    /** @return the message's history, oldest first */
    public static List<Entry> history(Connection connection, String messageId) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT event, at, detail FROM mesh_tracking WHERE message_id = ? ORDER BY seq")) {
            select.setString(1, messageId);
            List<Entry> entries = new ArrayList<>();
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    entries.add(new Entry(TrackingEvent.of(rows.getString(1)), rows.getTimestamp(2).toInstant(),
                            Optional.ofNullable(rows.getString(3))));
                }
            }
            return entries;
        }
    }

    /**
     * One step of a message's history.
     *
     * @param event  what happened
     * @param at     when
     * @param detail more, e.g. the record it was filed into
     */
    public record Entry(TrackingEvent event, Instant at, Optional<String> detail) {
        public Entry {
            Objects.requireNonNull(event, "event");
            Objects.requireNonNull(at, "at");
            Objects.requireNonNull(detail, "detail");
        }
    }
}
