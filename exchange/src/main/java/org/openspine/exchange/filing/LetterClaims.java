package org.openspine.exchange.filing;

import java.io.ByteArrayOutputStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The SQL of taking letters to file: which practice mailboxes have letters waiting, claiming them with
 * {@code FOR UPDATE SKIP LOCKED} (so concurrent runs, on any node, take different messages and never wait for
 * each other), reading their payloads, and remembering failed attempts. A letter is claimable while it is in
 * the inbox on a clinical workflow, nobody has downloaded it (a practice's own MESH client that did so
 * answers for it), it is neither encrypted nor larger than the filing limit, and no failed attempt asks it to
 * wait. Every method joins the caller's transaction.
 */
final class LetterClaims {

    /** The conditions on {@code m} (mesh_message) and {@code w} (mesh_workflow): maxBytes, then now. */
    private static final String CLAIMABLE = " m.status = 'inbox' AND m.message_type = 'DATA' AND w.clinical"
            + " AND NOT m.encrypted AND m.downloaded IS NULL AND m.size_bytes <= ?"
            + " AND NOT EXISTS (SELECT 1 FROM filing_attempt a WHERE a.message_id = m.message_id AND a.retry_after > ?) ";
    private static final String CLAIM = "SELECT m.message_id, m.recipient, r.ods_code, m.sender, s.ods_code AS sender_ods,"
            + " s.name AS sender_name, m.workflow_id, w.description, m.content_type, m.file_name, m.content_encoding,"
            + " m.compressed, m.accepted, m.size_bytes"
            + " FROM mesh_message m JOIN mesh_workflow w ON w.workflow_id = m.workflow_id"
            + " JOIN mesh_mailbox r ON r.mailbox_id = m.recipient JOIN mesh_mailbox s ON s.mailbox_id = m.sender"
            + " WHERE r.auto_file AND" + CLAIMABLE;
    private static final String WAITING = "SELECT m.recipient, r.ods_code, count(*), min(m.accepted), max(m.accepted)"
            + " FROM mesh_message m JOIN mesh_workflow w ON w.workflow_id = m.workflow_id"
            + " JOIN mesh_mailbox r ON r.mailbox_id = m.recipient WHERE r.active AND r.auto_file AND" + CLAIMABLE
            + " GROUP BY m.recipient, r.ods_code ORDER BY min(m.accepted), m.recipient";

    private final long maxBytes;

    LetterClaims(long maxBytes) {
        this.maxBytes = maxBytes;
    }

    /** @return each mailbox with claimable letters, with how many and when the oldest and newest arrived */
    List<Waiting> waiting(Connection connection, Instant now) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(WAITING)) {
            select.setLong(1, maxBytes);
            select.setTimestamp(2, Timestamp.from(now));
            List<Waiting> waiting = new ArrayList<>();
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    waiting.add(new Waiting(rows.getString(1), rows.getString(2), rows.getInt(3),
                            rows.getTimestamp(4).toInstant(), rows.getTimestamp(5).toInstant()));
                }
            }
            return waiting;
        }
    }

    /** Claims up to {@code max} of the mailbox's letters, oldest first, skipping any another run holds. */
    List<ClaimedLetter> claim(Connection connection, String mailboxId, int max, Instant now) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(CLAIM
                + "AND m.recipient = ? ORDER BY m.accepted, m.message_id LIMIT ? FOR UPDATE OF m SKIP LOCKED")) {
            select.setLong(1, maxBytes);
            select.setTimestamp(2, Timestamp.from(now));
            select.setString(3, mailboxId);
            select.setInt(4, max);
            return claimed(select);
        }
    }

    /** Claims those of the messages that are still claimable and not held by another run, oldest first. */
    List<ClaimedLetter> claim(Connection connection, Collection<String> messageIds, Instant now) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(CLAIM
                + "AND m.message_id = ANY (?) ORDER BY m.accepted, m.message_id FOR UPDATE OF m SKIP LOCKED")) {
            select.setLong(1, maxBytes);
            select.setTimestamp(2, Timestamp.from(now));
            select.setArray(3, connection.createArrayOf("text", messageIds.toArray()));
            return claimed(select);
        }
    }

    /** @return each message's payload as stored (all chunks and parts, in order), by message id */
    Map<String, byte[]> payloads(Connection connection, Collection<String> messageIds) throws SQLException {
        Map<String, ByteArrayOutputStream> joined = new LinkedHashMap<>();
        try (PreparedStatement select = connection.prepareStatement("""
                SELECT message_id, data FROM mesh_part WHERE message_id = ANY (?)
                ORDER BY message_id, chunk_no, part_no""")) {
            select.setArray(1, connection.createArrayOf("text", messageIds.toArray()));
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    joined.computeIfAbsent(rows.getString(1), id -> new ByteArrayOutputStream())
                            .writeBytes(rows.getBytes(2));
                }
            }
        }
        Map<String, byte[]> payloads = new LinkedHashMap<>();
        joined.forEach((id, bytes) -> payloads.put(id, bytes.toByteArray()));
        return payloads;
    }

    /**
     * Records a failed attempt at the message: it waits {@code first} after its first failure, twice as long
     * after each further one, up to {@link FilingSettings#MAX_RETRY_AFTER}.
     */
    void failed(Connection connection, String messageId, String failure, Instant now, Duration first)
            throws SQLException {
        try (PreparedStatement upsert = connection.prepareStatement("""
                INSERT INTO filing_attempt AS a (message_id, attempts, last_failure, retry_after)
                SELECT message_id, 1, ?, ?::timestamptz + make_interval(secs => ?) FROM mesh_message WHERE message_id = ?
                ON CONFLICT (message_id) DO UPDATE SET attempts = a.attempts + 1, last_failure = excluded.last_failure,
                    retry_after = ?::timestamptz + make_interval(secs => least(?, ? * power(2, a.attempts)))""")) {
            Timestamp at = Timestamp.from(now);
            upsert.setString(1, failure);
            upsert.setTimestamp(2, at);
            upsert.setDouble(3, first.toSeconds());
            upsert.setString(4, messageId);
            upsert.setTimestamp(5, at);
            upsert.setDouble(6, FilingSettings.MAX_RETRY_AFTER.toSeconds());
            upsert.setDouble(7, first.toSeconds());
            upsert.executeUpdate();
        }
    }

    /** Forgets the failed attempts of messages now dealt with. */
    void forget(Connection connection, Collection<String> messageIds) throws SQLException {
        try (PreparedStatement delete = connection.prepareStatement(
                "DELETE FROM filing_attempt WHERE message_id = ANY (?)")) {
            delete.setArray(1, connection.createArrayOf("text", messageIds.toArray()));
            delete.executeUpdate();
        }
    }

    private static List<ClaimedLetter> claimed(PreparedStatement select) throws SQLException {
        List<ClaimedLetter> claimed = new ArrayList<>();
        try (ResultSet rows = select.executeQuery()) {
            while (rows.next()) {
                claimed.add(new ClaimedLetter(rows.getString("message_id"), rows.getString("recipient"), rows.getString("ods_code"),
                        rows.getString("sender"), rows.getString("sender_ods"), rows.getString("sender_name"),
                        rows.getString("workflow_id"), rows.getString("description"),
                        Optional.ofNullable(rows.getString("content_type")), Optional.ofNullable(rows.getString("file_name")),
                        "gzip".equals(rows.getString("content_encoding")), rows.getBoolean("compressed"),
                        rows.getTimestamp("accepted").toInstant(), rows.getLong("size_bytes")));
            }
        }
        return claimed;
    }

    /**
     * A mailbox with letters waiting to be filed.
     *
     * @param mailboxId the mailbox
     * @param odsCode   the organisation it belongs to
     * @param count     how many letters wait (some may be held by another run)
     * @param oldest    when the first of them arrived
     * @param newest    when the last of them arrived
     */
    record Waiting(String mailboxId, String odsCode, int count, Instant oldest, Instant newest) {
    }
}
