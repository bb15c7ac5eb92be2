package org.openspine.exchange.filing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * The practices' workqueues: letters auto-filing could not file unchecked (no match, several, a patient registered
 * elsewhere, no patient named, broken content), each kept with its payload until a person deals with it, so it
 * outlives the message's purge. Items are added in the transaction that acknowledges their messages. Kept out of the
 * FHIR record on purpose: an unmatched letter belongs to no patient, and the record shows resources of no patient to
 * every member of staff, where these must be seen only by the practice's own. Every method joins the caller's
 * transaction or connection. Thread-safe.
 */
public final class Workqueue {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String COLUMNS = """
            item_id, ods_code, mailbox_id, message_id, sender, workflow_id, reason, detail, subject::text AS subject,
            candidates, title, document_date, received, queued, content_type, file_name, length(payload) AS size""";

    /** The workqueues in the database the caller's connections reach; holds no state. */
    public Workqueue() {
    }

    /**
     * @return the practice's open items, oldest first, at most {@code limit}
     */
    public List<WorkqueueItem> open(Connection connection, String odsCode, int limit) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT " + COLUMNS
                + " FROM filing_workqueue WHERE ods_code = ? AND status = 'open' ORDER BY queued, item_id LIMIT ?")) {
            select.setString(1, odsCode);
            select.setInt(2, limit);
            List<WorkqueueItem> items = new ArrayList<>();
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    items.add(item(rows));
                }
            }
            return items;
        }
    }

    /** @return the item queued for the message, if one was */
    public Optional<WorkqueueItem> forMessage(Connection connection, String messageId) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT " + COLUMNS
                + " FROM filing_workqueue WHERE message_id = ?")) {
            select.setString(1, messageId);
            try (ResultSet rows = select.executeQuery()) {
                return rows.next() ? Optional.of(item(rows)) : Optional.empty();
            }
        }
    }

    /** @return the letter of the practice's item, as it was received (decompressed), with its content type */
    public Optional<Content> content(Connection connection, String odsCode, UUID itemId) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT content_type, payload FROM filing_workqueue WHERE item_id = ? AND ods_code = ?")) {
            select.setObject(1, itemId);
            select.setString(2, odsCode);
            try (ResultSet rows = select.executeQuery()) {
                return rows.next() ? Optional.of(new Content(rows.getString(1), rows.getBytes(2))) : Optional.empty();
            }
        }
    }

    /** @return for each practice with open items: how many, and when the oldest was queued; for the delivery monitor */
    public List<Backlog> backlogs(Connection connection) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("""
                SELECT ods_code, count(*), min(queued) FROM filing_workqueue WHERE status = 'open'
                GROUP BY ods_code ORDER BY ods_code""")) {
            List<Backlog> backlogs = new ArrayList<>();
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    backlogs.add(new Backlog(rows.getString(1), rows.getLong(2), rows.getTimestamp(3).toInstant()));
                }
            }
            return backlogs;
        }
    }

    /** Adds items, one statement for all of them. */
    void add(Connection connection, List<Queued> items, Instant now) throws SQLException {
        if (items.isEmpty()) {
            return;
        }
        try (PreparedStatement insert = connection.prepareStatement("""
                INSERT INTO filing_workqueue (item_id, ods_code, mailbox_id, message_id, sender, workflow_id, reason,
                    detail, subject, candidates, title, document_date, received, queued, status, content_type,
                    file_name, payload)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?, ?, ?, ?, 'open', ?, ?, ?)""")) {
            for (Queued item : items) {
                ClaimedLetter letter = item.letter();
                insert.setObject(1, item.id());
                insert.setString(2, item.odsCode());
                insert.setString(3, letter.mailboxId());
                insert.setString(4, letter.messageId());
                insert.setString(5, letter.sender());
                insert.setString(6, letter.workflowId());
                insert.setString(7, item.reason().code());
                insert.setString(8, item.detail());
                insert.setString(9, subjectJson(item.subject()));
                insert.setArray(10, connection.createArrayOf("text", item.candidates().toArray()));
                insert.setString(11, item.facts().title().orElse(null));
                insert.setTimestamp(12, item.facts().date().map(Timestamp::from).orElse(null));
                insert.setTimestamp(13, Timestamp.from(letter.received()));
                insert.setTimestamp(14, Timestamp.from(now));
                insert.setString(15, item.contentType());
                insert.setString(16, letter.fileName().orElse(null));
                insert.setBytes(17, item.content());
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }

    private static WorkqueueItem item(ResultSet rows) throws SQLException {
        Array candidates = rows.getArray("candidates");
        Timestamp documentDate = rows.getTimestamp("document_date");
        return new WorkqueueItem(rows.getObject("item_id", UUID.class), rows.getString("ods_code"),
                rows.getString("mailbox_id"), rows.getString("message_id"), rows.getString("sender"),
                rows.getString("workflow_id"), QueueReason.of(rows.getString("reason")), rows.getString("detail"),
                subject(rows.getString("subject")), Arrays.asList((String[]) candidates.getArray()),
                Optional.ofNullable(rows.getString("title")), Optional.ofNullable(documentDate).map(Timestamp::toInstant),
                rows.getTimestamp("received").toInstant(), rows.getTimestamp("queued").toInstant(),
                rows.getString("content_type"), Optional.ofNullable(rows.getString("file_name")), rows.getLong("size"));
    }

    static String subjectJson(LetterSubject subject) {
        ObjectNode json = JSON.createObjectNode();
        subject.nhsNumber().ifPresent(n -> json.put("nhsNumber", n));
        subject.family().ifPresent(f -> json.put("family", f));
        if (!subject.given().isEmpty()) {
            subject.given().forEach(json.putArray("given")::add);
        }
        subject.birthDate().ifPresent(d -> json.put("birthDate", d.toString()));
        subject.gender().ifPresent(g -> json.put("gender", g));
        subject.postcode().ifPresent(p -> json.put("postcode", p));
        return json.toString();
    }

    private static LetterSubject subject(String text) {
        JsonNode json;
        try {
            json = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a workqueue item's subject is not JSON", e);
        }
        List<String> given = new ArrayList<>();
        json.path("given").forEach(g -> given.add(g.asText()));
        return new LetterSubject(text(json, "nhsNumber"), text(json, "family"), given,
                text(json, "birthDate").map(LocalDate::parse), text(json, "gender"), text(json, "postcode"));
    }

    private static Optional<String> text(JsonNode json, String field) {
        return Optional.ofNullable(json.path(field).textValue());
    }

    /**
     * For the delivery monitor's alert on letters left unworked: each practice mailbox with an open item queued
     * before {@code dueBefore}, with all its open items counted. Grouped by mailbox, not practice, because an alert
     * belongs to a mailbox; the partial index of open items keeps the cost to what is open, whatever was ever queued.
     *
     * @return those mailboxes, by id; reads in the caller's connection
     */
    public List<Overdue> overdue(Connection connection, Instant dueBefore) throws SQLException {
        // a mailbox is one practice's: min(ods_code) only picks one should its ODS code change under open items
        try (PreparedStatement select = connection.prepareStatement("""
                SELECT mailbox_id, min(ods_code), count(*), count(*) FILTER (WHERE queued < ?), min(queued)
                FROM filing_workqueue WHERE status = 'open'
                GROUP BY mailbox_id HAVING min(queued) < ? ORDER BY mailbox_id""")) {
            select.setTimestamp(1, Timestamp.from(dueBefore));
            select.setTimestamp(2, Timestamp.from(dueBefore));
            List<Overdue> overdue = new ArrayList<>();
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    overdue.add(new Overdue(rows.getString(1), rows.getString(2), rows.getLong(3), rows.getLong(4),
                            rows.getTimestamp(5).toInstant()));
                }
            }
            return overdue;
        }
    }

    /**
     * A practice mailbox whose workqueue has letters waiting longer than allowed: counts and times, no patient data.
     *
     * @param mailboxId the practice mailbox the letters came to
     * @param odsCode   the practice
     * @param open      how many of its items are open
     * @param overdue   how many of those were queued before the time asked about
     * @param oldest    when the oldest open item was queued
     */
    public record Overdue(String mailboxId, String odsCode, long open, long overdue, Instant oldest) {
        public Overdue {
            Objects.requireNonNull(mailboxId, "mailboxId");
            Objects.requireNonNull(odsCode, "odsCode");
            Objects.requireNonNull(oldest, "oldest");
        }
    }

    /**
     * A letter to queue.
     *
     * @param id          the new item's id
     * @param odsCode     the practice
     * @param letter      the claimed message
     * @param reason      why it is queued
     * @param detail      more on why
     * @param subject     what it says of its patient
     * @param candidates  Patient ids worth considering
     * @param facts       what it says of itself
     * @param contentType its content type
     * @param content     the letter to keep
     */
    record Queued(UUID id, String odsCode, ClaimedLetter letter, QueueReason reason, String detail, LetterSubject subject,
                  List<String> candidates, DocumentFacts facts, String contentType, byte[] content) {
        Queued {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(odsCode, "odsCode");
            Objects.requireNonNull(letter, "letter");
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(detail, "detail");
            Objects.requireNonNull(subject, "subject");
            candidates = List.copyOf(candidates);
            Objects.requireNonNull(facts, "facts");
            Objects.requireNonNull(contentType, "contentType");
            Objects.requireNonNull(content, "content");
        }
    }

    /**
     * A letter of an item.
     *
     * @param contentType its content type
     * @param bytes       the letter
     */
    public record Content(String contentType, byte[] bytes) {
        public Content {
            Objects.requireNonNull(contentType, "contentType");
            Objects.requireNonNull(bytes, "bytes");
        }
    }

    /**
     * A practice's open workqueue, for the delivery monitor.
     *
     * @param odsCode the practice
     * @param open    how many items are open
     * @param oldest  when the oldest open item was queued
     */
    public record Backlog(String odsCode, long open, Instant oldest) {
    }
}
