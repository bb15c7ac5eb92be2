package org.openspine.exchange.message;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.openspine.exchange.mailbox.Mailboxes;

/**
 * Sending: a message's first chunk ({@link #send}) and the chunks after it ({@link #upload}), each in
 * the caller's transaction, so that a send answered as accepted is durably stored. A message enters its
 * recipient's inbox in the transaction that stores its last missing chunk, after its checksum (when the
 * sender stated one this server can check) and its workflow's content rules ({@link PayloadAssurance})
 * hold; a refusal rolls the chunk back and leaves the message out of the inbox.
 */
public final class Outbox {

    private final Mailboxes mailboxes;
    private final PayloadAssurance assurance;
    private final ExchangeSettings settings;
    private final Clock clock;

    public Outbox(Mailboxes mailboxes, PayloadAssurance assurance, ExchangeSettings settings, Clock clock) {
        this.mailboxes = mailboxes;
        this.assurance = assurance;
        this.settings = settings;
        this.clock = clock;
    }

    /**
     * Stores a new message and its first chunk, read from {@code body}. Sending again with a local id the
     * sender used before for the same recipient, workflow and chunk count answers the first message's id
     * and stores nothing (of the body, at most its first part is read).
     *
     * @return the message's id, and whether it was sent before
     * @throws Refusal when the recipient is unknown or does not take the workflow, the local id was used for a
     *         different message, the body is empty or too large, or (for a one-chunk message) its checksum or
     *         content is wrong
     */
    public Sent send(Connection connection, Envelope envelope, InputStream body) throws SQLException {
        Instant now = clock.instant();
        switch (mailboxes.reception(connection, envelope.recipient(), envelope.workflowId())) {
            case UNKNOWN -> throw new Refusal(Refusal.Reason.UNKNOWN_RECIPIENT, "Unregistered to address");
            case REFUSES_WORKFLOW -> throw new Refusal(Refusal.Reason.WORKFLOW_NOT_RECEIVED,
                    "Workflow ID not registered for mailbox");
            case TAKES -> {
                // on to store it
            }
        }
        // Most messages are one chunk of one part: those are stored, with their history, in one statement
        byte[] first = Parts.readPart(body);
        Optional<byte[]> whole = envelope.chunks() == 1 && first.length < Parts.PART_BYTES
                ? Optional.of(first) : Optional.empty();
        String id = MessageIds.next(now);
        Optional<String> inserted = insert(connection, id, envelope, whole, now);
        if (inserted.isEmpty()) {
            Message earlier = existing(connection, envelope);
            if (!earlier.envelope().sameMessage(envelope)) {
                throw new Refusal(Refusal.Reason.LOCAL_ID_REUSED, "mex-LocalID " + envelope.localId().orElseThrow()
                        + " was sent before as a different message (" + earlier.id() + ")");
            }
            return new Sent(earlier.id(), true, false);
        }
        if (first.length == 0) {
            throw new Refusal(Refusal.Reason.EMPTY_PAYLOAD, "Data file is missing or inaccessible.");
        }
        if (whole.isPresent()) {
            if (first.length > settings.maxChunkBytes()) {
                throw new Refusal(Refusal.Reason.CHUNK_TOO_LARGE, "a chunk may be at most " + settings.maxChunkBytes()
                        + " bytes");
            }
            Message message = new Message(id, MessageType.DATA, MessageStatus.INBOX, envelope, first.length,
                    Optional.empty(), now, Optional.of(now), Optional.empty(), Optional.empty(),
                    Optional.of(now.plus(settings.unacknowledgedExpiry())));
            verify(connection, message, whole);
            return new Sent(id, false, true);
        }
        long size = Parts.store(connection, id, 1, new SequenceInputStream(new ByteArrayInputStream(first), body),
                settings.maxChunkBytes(), false);
        if (envelope.chunks() == 1) {
            complete(connection, new Message(id, MessageType.DATA, MessageStatus.UPLOADING, envelope, size,
                    Optional.empty(), now, Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty()), now);
        }
        return new Sent(id, false, envelope.chunks() == 1);
    }

    /**
     * Stores chunk {@code chunkNo} (2..n) of the {@code chunks} of a message the mailbox is sending, replacing it if it was stored
     * before (a retried upload). The message enters the inbox when this was the last chunk missing.
     *
     * @return whether the message is now complete and in the recipient's inbox
     * @throws Refusal when there is no such message from this mailbox, its chunks have all arrived, the chunk
     *         number is out of range, its encoding differs from the first chunk's, the chunk is empty or too large, or the completed payload fails its checks
     */
    public boolean upload(Connection connection, String sender, String messageId, int chunkNo, int chunks,
            boolean gzipped, InputStream body) throws SQLException {
        Message message = MessageRows.find(connection, messageId, true)
                .filter(m -> m.envelope().sender().equals(sender) && m.type() == MessageType.DATA)
                .orElseThrow(() -> new Refusal(Refusal.Reason.MESSAGE_NOT_FOUND, "Message does not exist"));
        if (message.status() != MessageStatus.UPLOADING) {
            throw new Refusal(Refusal.Reason.ALREADY_COMPLETE,
                    "Messages has been finalised; no more chunks can be uploaded");
        }
        if (chunks != message.envelope().chunks()) {
            throw new Refusal(Refusal.Reason.CHUNK_OUT_OF_RANGE, "the message was sent as " + message.envelope().chunks()
                    + " chunks, not " + chunks);
        }
        if (chunkNo < 2 || chunkNo > chunks) {
            throw new Refusal(Refusal.Reason.CHUNK_OUT_OF_RANGE, "chunk " + chunkNo + " is outside 2.."
                    + message.envelope().chunks() + " (chunk 1 comes with the send)");
        }
        if (gzipped != message.envelope().gzipped()) {
            throw new Refusal(Refusal.Reason.ENCODING_CHANGED, "cannot change content encoding: every chunk must be "
                    + (message.envelope().gzipped() ? "gzip-encoded, as the first was" : "sent unencoded, as the first was"));
        }
        long size = Parts.store(connection, messageId, chunkNo, body, settings.maxChunkBytes(), true);
        if (size == 0) {
            throw new Refusal(Refusal.Reason.EMPTY_PAYLOAD, "chunk " + chunkNo + " is empty");
        }
        if (Parts.chunksStored(connection, messageId) < message.envelope().chunks()) {
            return false;
        }
        complete(connection, message, clock.instant());
        return true;
    }

    /**
     * @return the message the mailbox sent and its tracking history
     * @throws Refusal {@link Refusal.Reason#MESSAGE_NOT_FOUND} when the mailbox sent no such message (MESH
     *         answers the same whether it exists for someone else or not at all)
     */
    public Tracked track(Connection connection, String sender, String messageId) throws SQLException {
        Message message = MessageRows.find(connection, messageId, false)
                .filter(m -> m.type() == MessageType.DATA && m.envelope().sender().equals(sender))
                .orElseThrow(() -> new Refusal(Refusal.Reason.MESSAGE_NOT_FOUND, "Message does not exist"));
        return new Tracked(message, TrackingLog.history(connection, messageId));
    }

    private void complete(Connection connection, Message message, Instant now) throws SQLException {
        verify(connection, message, Optional.empty());
        TrackingLog.changeAndAppend(connection, """
                UPDATE mesh_message SET status = 'inbox', accepted = ?, expires = ?,
                    size_bytes = (SELECT coalesce(sum(length(data)), 0) FROM mesh_part WHERE message_id = ?)
                WHERE message_id = ? RETURNING message_id""", TrackingEvent.UPLOADED, now,
                now, now.plus(settings.unacknowledgedExpiry()), message.id(), message.id());
    }

    /**
     * Checks a complete payload against the checksum its sender stated and its workflow's content rules.
     *
     * @param payload the whole payload when it is in memory; else it is read from the database
     */
    private void verify(Connection connection, Message message, Optional<byte[]> payload) throws SQLException {
        Optional<PayloadChecksum> checksum = message.envelope().checksum().flatMap(PayloadChecksum::parse);
        if (checksum.isPresent()) {
            MessageDigest digest = checksum.get().digest();
            if (payload.isPresent()) {
                digest.update(payload.get());
            } else {
                Parts.digest(connection, message.id(), digest);
            }
            if (!checksum.get().matches(digest.digest())) {
                throw new Refusal(Refusal.Reason.CHECKSUM_MISMATCH, "the payload does not have the checksum stated in "
                        + "mex-Content-Checksum; the message was not delivered");
            }
        }
        assurance.check(connection, message);
    }

    /**
     * Inserts the message row unless the sender used its local id before (empty then), with its history's
     * first event. A {@code whole} payload (the message's only part) goes in with it, and the message straight
     * into the inbox: row, part and both events in one statement.
     */
    private Optional<String> insert(Connection connection, String id, Envelope envelope, Optional<byte[]> whole,
            Instant now) throws SQLException {
        String part = whole.isPresent()
                ? ", part AS (INSERT INTO mesh_part (message_id, chunk_no, part_no, data) SELECT message_id, 1, 0, ? FROM message)"
                : "";
        try (PreparedStatement insert = connection.prepareStatement("""
                WITH message AS (
                    INSERT INTO mesh_message (message_id, sender, recipient, workflow_id, message_type, status, local_id,
                        subject, file_name, content_type, content_encoding, compressed, encrypted, checksum, chunks,
                        size_bytes, sent, accepted, expires, purge_after)
                    VALUES (?, ?, ?, ?, 'DATA', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    ON CONFLICT (sender, local_id) WHERE local_id IS NOT NULL AND message_type = 'DATA' DO NOTHING
                    RETURNING message_id)""" + part + """
                , tracked AS (INSERT INTO mesh_tracking (message_id, event, at)
                    SELECT message_id, event, ? FROM message, unnest(?::text[]) WITH ORDINALITY AS e (event, n) ORDER BY n)
                SELECT message_id FROM message""")) {
            int i = 1;
            insert.setString(i++, id);
            insert.setString(i++, envelope.sender());
            insert.setString(i++, envelope.recipient());
            insert.setString(i++, envelope.workflowId());
            insert.setString(i++, whole.isPresent() ? "inbox" : "uploading");
            insert.setString(i++, envelope.localId().orElse(null));
            insert.setString(i++, envelope.subject().orElse(null));
            insert.setString(i++, envelope.fileName().orElse(null));
            insert.setString(i++, envelope.contentType().orElse(null));
            insert.setString(i++, envelope.gzipped() ? "gzip" : null);
            insert.setBoolean(i++, envelope.compressed());
            insert.setBoolean(i++, envelope.encrypted());
            insert.setString(i++, envelope.checksum().orElse(null));
            insert.setInt(i++, envelope.chunks());
            insert.setLong(i++, whole.map(bytes -> bytes.length).orElse(0));
            insert.setTimestamp(i++, Timestamp.from(now));
            insert.setTimestamp(i++, whole.isPresent() ? Timestamp.from(now) : null);
            insert.setTimestamp(i++, whole.isPresent() ? Timestamp.from(now.plus(settings.unacknowledgedExpiry())) : null);
            insert.setTimestamp(i++, Timestamp.from(now.plus(settings.retention())));
            if (whole.isPresent()) {
                insert.setBytes(i++, whole.get());
            }
            insert.setTimestamp(i++, Timestamp.from(now));
            insert.setArray(i, connection.createArrayOf("text", whole.isPresent()
                    ? new String[] {TrackingEvent.ACCEPTED.code(), TrackingEvent.UPLOADED.code()}
                    : new String[] {TrackingEvent.ACCEPTED.code()}));
            try (ResultSet rows = insert.executeQuery()) {
                return rows.next() ? Optional.of(rows.getString(1)) : Optional.empty();
            }
        }
    }

    private static Message existing(Connection connection, Envelope envelope) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT " + MessageRows.COLUMNS
                + " FROM mesh_message WHERE sender = ? AND local_id = ? AND message_type = 'DATA'")) {
            select.setString(1, envelope.sender());
            select.setString(2, envelope.localId().orElseThrow());
            try (ResultSet rows = select.executeQuery()) {
                if (!rows.next()) {
                    throw new IllegalStateException("the message with local id conflicting on insert is not there");
                }
                return MessageRows.message(rows);
            }
        }
    }

    /**
     * A send's answer.
     *
     * @param messageId  the message's id
     * @param duplicate  whether the same message (by local id) was sent before and this send stored nothing
     * @param delivered  whether this send put the message into its recipient's inbox (it has one chunk), once its
     *                   transaction commits
     */
    public record Sent(String messageId, boolean duplicate, boolean delivered) {
    }

    /**
     * A sent message with its history.
     *
     * @param message the message
     * @param history what happened to it, oldest first
     */
    public record Tracked(Message message, List<TrackingLog.Entry> history) {
        public Tracked {
            history = List.copyOf(history);
        }
    }
}
