package org.openspine.exchange.message;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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

    /**
     * Makes a change and records it in one statement (one round trip, and on an autocommit connection no
     * transaction to open and commit): {@code change} is an {@code UPDATE mesh_message ... RETURNING message_id}
     * and {@code event} is appended to the history of each message it changed.
     *
     * @param values the change's parameters, in order
     * @return how many messages changed
     */
    static int changeAndAppend(Connection connection, String change, TrackingEvent event, Instant at, Object... values)
            throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("WITH changed AS (" + change + ")"
                + ", tracked AS (INSERT INTO mesh_tracking (message_id, event, at) SELECT message_id, ?, ? FROM changed)"
                + " SELECT count(*) FROM changed")) {
            int i = 1;
            for (Object value : values) {
                statement.setObject(i++, value instanceof Instant instant ? Timestamp.from(instant) : value);
            }
            statement.setString(i++, event.code());
            statement.setTimestamp(i, Timestamp.from(at));
            try (ResultSet rows = statement.executeQuery()) {
                rows.next();
                return rows.getInt(1);
            }
        }
    }

    /**
     * Appends {@code event} to the history of each message, with its detail, in one statement. A message already
     * purged keeps no history, so nothing is appended for it.
     *
     * @param details the detail of each message's entry, by message id
     */
    public static void appendAll(Connection connection, TrackingEvent event, Instant at,
            Map<String, Optional<String>> details) throws SQLException {
        if (details.isEmpty()) {
            return;
        }
        try (PreparedStatement insert = connection.prepareStatement("""
                INSERT INTO mesh_tracking (message_id, event, at, detail)
                SELECT id, ?, ?, detail FROM unnest(?::text[], ?::text[]) AS t(id, detail)
                WHERE EXISTS (SELECT 1 FROM mesh_message m WHERE m.message_id = t.id)""")) {
            insert.setString(1, event.code());
            insert.setTimestamp(2, Timestamp.from(at));
            insert.setArray(3, connection.createArrayOf("text", details.keySet().toArray()));
            insert.setArray(4, connection.createArrayOf("text",
                    details.values().stream().map(detail -> detail.orElse(null)).toArray()));
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
