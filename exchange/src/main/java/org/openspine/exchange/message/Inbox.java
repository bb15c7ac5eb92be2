package org.openspine.exchange.message;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * Receiving: listing a mailbox's inbox, opening a message to download it chunk by chunk, and acknowledging
 * it. A message is in the inbox from the moment its last chunk is stored until it is acknowledged or expires;
 * only then can it be downloaded ({@link Refusal.Reason#MESSAGE_GONE} after).
 */
public final class Inbox {

    private final Clock clock;

    public Inbox(Clock clock) {
        this.clock = clock;
    }

    /**
     * @return up to {@code query.max()} message ids of the inbox, oldest first, after {@code query.continueFrom()}
     *         when given, and whether more follow
     */
    public Page list(Connection connection, String mailboxId, InboxQuery query) throws SQLException {
        StringBuilder sql = new StringBuilder("SELECT message_id FROM mesh_message WHERE recipient = ? AND status = 'inbox'");
        List<Object> values = new ArrayList<>(List.of(mailboxId));
        query.continueFrom().ifPresent(after -> {
            sql.append(" AND (accepted, message_id) > (SELECT accepted, message_id FROM mesh_message WHERE message_id = ?)");
            values.add(after);
        });
        query.workflowFilter().ifPresent(filter -> {
            sql.append(filter.negated() ? " AND workflow_id NOT LIKE ?" : " AND workflow_id LIKE ?");
            values.add(filter.likePattern());
        });
        sql.append(" ORDER BY accepted, message_id LIMIT ?");
        values.add(query.max() + 1);
        List<String> ids = new ArrayList<>();
        try (PreparedStatement select = connection.prepareStatement(sql.toString())) {
            for (int i = 0; i < values.size(); i++) {
                select.setObject(i + 1, values.get(i));
            }
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    ids.add(rows.getString(1));
                }
            }
        }
        boolean more = ids.size() > query.max();
        return new Page(more ? List.copyOf(ids.subList(0, query.max())) : List.copyOf(ids), more);
    }

    /** @return how many messages wait in the inbox */
    public long count(Connection connection, String mailboxId) throws SQLException {
        return MessageRows.count(connection, "SELECT count(*) FROM mesh_message WHERE recipient = ? AND status = 'inbox'",
                mailboxId);
    }

    /**
     * Opens a message of the mailbox's inbox for download.
     *
     * @param asSender also open it when the mailbox sent it (a HEAD by the sender)
     * @throws Refusal {@link Refusal.Reason#MESSAGE_NOT_FOUND} when the mailbox has no such message (it may be
     *         another's), {@link Refusal.Reason#MESSAGE_GONE} when it is still uploading, acknowledged or expired
     */
    public Message open(Connection connection, String mailboxId, String messageId, boolean asSender)
            throws SQLException {
        Message message = MessageRows.find(connection, messageId, false)
                .filter(m -> m.envelope().recipient().equals(mailboxId)
                        || asSender && m.type() == MessageType.DATA && m.envelope().sender().equals(mailboxId))
                .orElseThrow(() -> new Refusal(Refusal.Reason.MESSAGE_NOT_FOUND, "Message does not exist"));
        if (message.status() != MessageStatus.INBOX) {
            throw new Refusal(Refusal.Reason.MESSAGE_GONE, "Message no longer available for download");
        }
        return message;
    }

    /**
     * @return how many parts chunk {@code chunkNo} of the message has, with the first of them (one query: most
     *         chunks are one part); read the others one by one with {@link #part}
     * @throws Refusal {@link Refusal.Reason#CHUNK_MISSING} when the message has no such chunk
     */
    public FirstPart firstPart(Connection connection, Message message, int chunkNo) throws SQLException {
        if (chunkNo < 1 || chunkNo > message.envelope().chunks()) {
            throw new Refusal(Refusal.Reason.CHUNK_MISSING, "Message does not exist");
        }
        try (PreparedStatement select = connection.prepareStatement("""
                SELECT data, count(*) OVER () FROM mesh_part WHERE message_id = ? AND chunk_no = ?
                ORDER BY part_no LIMIT 1""")) {
            select.setString(1, message.id());
            select.setInt(2, chunkNo);
            try (ResultSet rows = select.executeQuery()) {
                return rows.next() ? new FirstPart(rows.getInt(2), Optional.of(rows.getBytes(1)))
                        : new FirstPart(0, Optional.empty());
            }
        }
    }

    /** @return the part's bytes; empty when the message was purged or acknowledged meanwhile */
    public Optional<byte[]> part(Connection connection, String messageId, int chunkNo, int partNo)
            throws SQLException {
        return Parts.read(connection, messageId, chunkNo, partNo);
    }

    /**
     * Records the first download of the message in its tracking history; later downloads change nothing. One
     * statement: an autocommit connection suffices.
     */
    public void downloaded(Connection connection, String messageId) throws SQLException {
        Instant now = clock.instant();
        TrackingLog.changeAndAppend(connection,
                "UPDATE mesh_message SET downloaded = ? WHERE message_id = ? AND downloaded IS NULL RETURNING message_id",
                TrackingEvent.DOWNLOADED, now, now, messageId);
    }

    /**
     * Acknowledges a message of the mailbox's inbox: it is delivered and leaves the inbox. Acknowledging again
     * changes nothing. A message in the inbox is acknowledged in one statement (so an autocommit connection
     * suffices); only a message not there is read, to say why.
     *
     * @throws Refusal {@link Refusal.Reason#MESSAGE_NOT_FOUND} when the mailbox has no such message,
     *         {@link Refusal.Reason#MESSAGE_GONE} when it expired or is still uploading
     */
    public void acknowledge(Connection connection, String mailboxId, String messageId) throws SQLException {
        Instant now = clock.instant();
        if (MessageIds.plausible(messageId) && TrackingLog.changeAndAppend(connection, """
                UPDATE mesh_message SET status = 'acknowledged', acknowledged = ?
                WHERE message_id = ? AND recipient = ? AND status = 'inbox' RETURNING message_id""",
                TrackingEvent.ACKNOWLEDGED, now, now, messageId, mailboxId) == 1) {
            return;
        }
        Message message = MessageRows.find(connection, messageId, false)
                .filter(m -> m.envelope().recipient().equals(mailboxId))
                .orElseThrow(() -> new Refusal(Refusal.Reason.MESSAGE_NOT_FOUND, "Message does not exist"));
        switch (message.status()) {
            case ACKNOWLEDGED -> {
                // MESH: acknowledging twice is harmless
            }
            case UPLOADING, EXPIRED -> throw new Refusal(Refusal.Reason.MESSAGE_GONE,
                    "Message no longer available for download");
            // the update waits for a concurrent change and then sees its outcome, so it cannot miss a message
            // that is in the inbox: nothing puts a message back there
            case INBOX -> throw new IllegalStateException("message " + messageId + " is in the inbox but was not acknowledged");
        }
    }

    /**
     * Acknowledges several messages at once on their recipients' behalf, in one statement whatever their number:
     * for a service of the recipient's (auto-filing) that has dealt with each of them in the same transaction.
     * Each gets its {@link TrackingEvent#ACKNOWLEDGED} entry.
     *
     * @throws Refusal {@link Refusal.Reason#MESSAGE_GONE} when any of them is no longer in its inbox (acknowledged
     *         or expired meanwhile); the transaction must then roll back
     */
    public void acknowledgeAll(Connection connection, Collection<String> messageIds) throws SQLException {
        if (messageIds.isEmpty()) {
            return;
        }
        Instant now = clock.instant();
        int acknowledged = TrackingLog.changeAndAppend(connection, """
                UPDATE mesh_message SET status = 'acknowledged', acknowledged = ?
                WHERE message_id = ANY (?) AND status = 'inbox' RETURNING message_id""", TrackingEvent.ACKNOWLEDGED,
                now, now, connection.createArrayOf("text", messageIds.toArray()));
        if (acknowledged != messageIds.size()) {
            throw new Refusal(Refusal.Reason.MESSAGE_GONE, (messageIds.size() - acknowledged) + " of "
                    + messageIds.size() + " messages are no longer in the inbox");
        }
    }

    /**
     * The start of a chunk.
     *
     * @param parts how many parts it has (0 for a report, which has no payload)
     * @param data  the first part
     */
    public record FirstPart(int parts, Optional<byte[]> data) {
    }

    /**
     * One page of an inbox.
     *
     * @param messageIds the ids, oldest first
     * @param more       whether more messages follow the last of them
     */
    public record Page(List<String> messageIds, boolean more) {
        public Page {
            messageIds = List.copyOf(messageIds);
        }
    }
}
