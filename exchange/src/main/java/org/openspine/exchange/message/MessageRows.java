package org.openspine.exchange.message;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;

/** Reads {@link Message}s from {@code mesh_message}. */
final class MessageRows {

    static final String COLUMNS = """
            message_id, message_type, status, sender, recipient, workflow_id, local_id, subject, file_name,
            content_type, content_encoding, compressed, encrypted, checksum, chunks, size_bytes, linked_message_id, status_code,
            status_description, sent, accepted, downloaded, acknowledged, expires""";

    private MessageRows() {
    }

    /** @return the message, locked against concurrent change until the transaction ends when {@code lock} */
    static Optional<Message> find(Connection connection, String messageId, boolean lock) throws SQLException {
        if (!MessageIds.plausible(messageId)) {
            return Optional.empty();
        }
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT " + COLUMNS + " FROM mesh_message WHERE message_id = ?" + (lock ? " FOR UPDATE" : ""))) {
            select.setString(1, messageId);
            try (ResultSet rows = select.executeQuery()) {
                return rows.next() ? Optional.of(message(rows)) : Optional.empty();
            }
        }
    }

    /** @return the single number {@code sql} selects with {@code values} bound in order */
    static long count(Connection connection, String sql, Object... values) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(sql)) {
            for (int i = 0; i < values.length; i++) {
                select.setObject(i + 1, values[i]);
            }
            try (ResultSet rows = select.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }

    static Message message(ResultSet rows) throws SQLException {
        Envelope envelope = new Envelope(rows.getString("sender"), rows.getString("recipient"),
                rows.getString("workflow_id"), text(rows, "local_id"), text(rows, "subject"), text(rows, "file_name"),
                text(rows, "content_type"), "gzip".equals(rows.getString("content_encoding")), rows.getBoolean("compressed"), rows.getBoolean("encrypted"),
                text(rows, "checksum"), rows.getInt("chunks"));
        Optional<String> linked = text(rows, "linked_message_id");
        Optional<Message.Report> report = linked.isEmpty() ? Optional.empty() : Optional.of(new Message.Report(
                linked.get(), rows.getString("status_code"), rows.getString("status_description")));
        return new Message(rows.getString("message_id"), MessageType.valueOf(rows.getString("message_type")),
                MessageStatus.of(rows.getString("status")), envelope, rows.getLong("size_bytes"), report,
                rows.getTimestamp("sent").toInstant(), time(rows, "accepted"), time(rows, "downloaded"),
                time(rows, "acknowledged"), time(rows, "expires"));
    }

    private static Optional<String> text(ResultSet rows, String column) throws SQLException {
        return Optional.ofNullable(rows.getString(column));
    }

    private static Optional<Instant> time(ResultSet rows, String column) throws SQLException {
        Timestamp value = rows.getTimestamp(column);
        return Optional.ofNullable(value).map(Timestamp::toInstant);
    }
}
