package org.openspine.exchange.monitor;

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
import org.openspine.exchange.message.MessageStatus;

/**
 * What became of the letters a mailbox sent: for each, its state and when it reached the recipient's inbox,
 * was downloaded, acknowledged, filed into the patient's record or queued for a person to match (and then filed,
 * or returned by the practice with its reason), or expired with a non-delivery report, all from its tracking
 * history. Newest first, a page at a time. Stateless.
 */
final class SentLetters {

    /** The largest page. */
    static final int MAX_PAGE = 1000;

    /** @return the page of the sender's letters the query asks for, and whether more follow */
    Page list(Connection connection, String sender, Query query) throws SQLException {
        StringBuilder sql = new StringBuilder("""
                SELECT m.message_id, m.local_id, m.recipient, m.workflow_id, m.subject, m.file_name, m.status, m.sent,
                       t.uploaded, t.downloaded, t.acknowledged, t.filed, t.queued, t.returned, t.returned_detail,
                       t.expired, t.reported
                FROM mesh_message m
                LEFT JOIN LATERAL (SELECT min(at) FILTER (WHERE event = 'uploaded') AS uploaded,
                                          min(at) FILTER (WHERE event = 'downloaded') AS downloaded,
                                          min(at) FILTER (WHERE event = 'acknowledged') AS acknowledged,
                                          min(at) FILTER (WHERE event = 'filed') AS filed,
                                          min(at) FILTER (WHERE event = 'queued') AS queued,
                                          min(at) FILTER (WHERE event = 'returned') AS returned,
                                          min(detail) FILTER (WHERE event = 'returned') AS returned_detail,
                                          min(at) FILTER (WHERE event = 'expired') AS expired,
                                          min(at) FILTER (WHERE event = 'reported') AS reported
                                   FROM mesh_tracking WHERE message_id = m.message_id) t ON true
                WHERE m.sender = ? AND m.message_type = 'DATA'""");
        List<Object> values = new ArrayList<>(List.of(sender));
        query.since().ifPresent(since -> {
            sql.append(" AND m.sent >= ?");
            values.add(Timestamp.from(since));
        });
        query.status().ifPresent(status -> {
            sql.append(" AND m.status = ?");
            values.add(status.code());
        });
        query.before().ifPresent(before -> {
            sql.append(" AND (m.sent, m.message_id) < (SELECT sent, message_id FROM mesh_message WHERE message_id = ?)");
            values.add(before);
        });
        sql.append(" ORDER BY m.sent DESC, m.message_id DESC LIMIT ?");
        values.add(query.max() + 1);
        List<Letter> letters = new ArrayList<>();
        try (PreparedStatement select = connection.prepareStatement(sql.toString())) {
            for (int i = 0; i < values.size(); i++) {
                select.setObject(i + 1, values.get(i));
            }
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    letters.add(new Letter(rows.getString("message_id"), text(rows, "local_id"), rows.getString("recipient"),
                            rows.getString("workflow_id"), text(rows, "subject"), text(rows, "file_name"),
                            rows.getString("status"), rows.getTimestamp("sent").toInstant(), time(rows, "uploaded"),
                            time(rows, "downloaded"), time(rows, "acknowledged"), time(rows, "filed"),
                            time(rows, "queued"), time(rows, "returned"), text(rows, "returned_detail"),
                            time(rows, "expired"), time(rows, "reported")));
                }
            }
        }
        boolean more = letters.size() > query.max();
        return new Page(more ? letters.subList(0, query.max()) : letters, more);
    }

    private static Optional<String> text(ResultSet rows, String column) throws SQLException {
        return Optional.ofNullable(rows.getString(column));
    }

    private static Optional<Instant> time(ResultSet rows, String column) throws SQLException {
        return Optional.ofNullable(rows.getTimestamp(column)).map(Timestamp::toInstant);
    }

    /**
     * Which letters to list.
     *
     * @param since  sent at or after
     * @param status in this state only
     * @param before after this message in the listing's order (the last of the page before)
     * @param max    at most this many, 1..{@value #MAX_PAGE}
     */
    record Query(Optional<Instant> since, Optional<MessageStatus> status, Optional<String> before, int max) {
        Query {
            Objects.requireNonNull(since, "since");
            Objects.requireNonNull(status, "status");
            Objects.requireNonNull(before, "before");
            if (max < 1 || max > MAX_PAGE) {
                throw new IllegalArgumentException("a page holds 1 to " + MAX_PAGE + " letters, was " + max);
            }
        }
    }

    /** One page of letters, newest first, and whether older ones follow. */
    record Page(List<Letter> letters, boolean more) {
        Page {
            letters = List.copyOf(letters);
        }
    }

    /**
     * A letter as its sender sees it: times are the first of each event in its tracking history.
     *
     * @param delivered    when it entered the recipient's inbox (its last chunk arrived and it passed its checks)
     * @param downloaded   when the recipient first downloaded it
     * @param acknowledged when the recipient acknowledged it
     * @param filed        when it was filed into the patient's record
     * @param queued       when it went to the practice's workqueue to be matched by a person
     * @param returned     when a person at the practice returned it from the workqueue, not filed
     * @param returnedWhy  what the practice said when it returned it
     * @param expired      when it expired uncollected
     * @param reported     when the non-delivery report went back to the sender
     */
    record Letter(String messageId, Optional<String> localId, String recipient, String workflowId,
            Optional<String> subject, Optional<String> fileName, String status, Instant sent, Optional<Instant> delivered,
            Optional<Instant> downloaded, Optional<Instant> acknowledged, Optional<Instant> filed,
            Optional<Instant> queued, Optional<Instant> returned, Optional<String> returnedWhy,
            Optional<Instant> expired, Optional<Instant> reported) {
    }
}
