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
            q.item_id, q.ods_code, q.mailbox_id, q.message_id, q.sender, q.workflow_id, q.reason, q.detail,
            q.subject::text AS subject, q.candidates, q.title, q.document_date, q.received, q.queued, q.content_type,
            q.file_name, length(q.payload) AS size""";

    /** The workqueues in the database the caller's connections reach; holds no state. */
    public Workqueue() {
    }

    /**
     * @return the practice's open items, oldest first, at most {@code limit}
     */
    public List<WorkqueueItem> open(Connection connection, String odsCode, int limit) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT " + COLUMNS
                + " FROM filing_workqueue q WHERE q.ods_code = ? AND q.status = 'open' ORDER BY q.queued, q.item_id LIMIT ?")) {
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
                + " FROM filing_workqueue q WHERE q.message_id = ?")) {
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

    /**
     * Takes the practice's item for a person to decide on: locks its row until the caller's transaction ends, so two
     * people deciding at once cannot both act on it.
     *
     * @return the item with its letter, as auto-filing would have claimed it; empty when the practice has no such item
     */
    Optional<Held> hold(Connection connection, String odsCode, UUID itemId) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT " + COLUMNS + """
                , q.status, q.payload, s.ods_code AS sender_ods, s.name AS sender_name, w.description
                FROM filing_workqueue q LEFT JOIN mesh_mailbox s ON s.mailbox_id = q.sender
                LEFT JOIN mesh_workflow w ON w.workflow_id = q.workflow_id
                WHERE q.item_id = ? AND q.ods_code = ? FOR UPDATE OF q""")) {
            select.setObject(1, itemId);
            select.setString(2, odsCode);
            try (ResultSet rows = select.executeQuery()) {
                if (!rows.next()) {
                    return Optional.empty();
                }
                WorkqueueItem item = item(rows);
                String workflow = Objects.requireNonNullElse(rows.getString("description"), item.workflowId());
                // kept decompressed, so read as a letter that came uncompressed
                ClaimedLetter letter = new ClaimedLetter(item.messageId(), item.mailboxId(), item.odsCode(),
                        item.sender(), Objects.requireNonNullElse(rows.getString("sender_ods"), item.sender()),
                        Objects.requireNonNullElse(rows.getString("sender_name"), item.sender()), item.workflowId(),
                        workflow, Optional.of(item.contentType()), item.fileName(), false, false, item.received(),
                        item.size());
                return Optional.of(new Held(item, rows.getString("status").equals("open"), letter,
                        rows.getBytes("payload")));
            }
        }
    }

    /** Closes an item {@link #hold held} in this transaction with what a person decided. */
    void close(Connection connection, UUID itemId, Decision decision, Instant at) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement("""
                UPDATE filing_workqueue SET status = 'done', decision = ?, decided_at = ?, decided_by = ?,
                    decided_by_name = ?, filed_patient = ?, filed_document = ?, decision_note = ?
                WHERE item_id = ? AND status = 'open'""")) {
            update.setString(1, decision instanceof Decision.Filed ? "filed" : "returned");
            update.setTimestamp(2, Timestamp.from(at));
            update.setString(3, decision.by().id());
            update.setString(4, decision.by().name());
            update.setString(5, decision instanceof Decision.Filed filed ? filed.patientId() : null);
            update.setString(6, decision instanceof Decision.Filed filed ? filed.documentId() : null);
            update.setString(7, decision instanceof Decision.Returned returned ? returned.reason() : null);
            update.setObject(8, itemId);
            if (update.executeUpdate() != 1) {
                throw new IllegalStateException("workqueue item " + itemId + " was not held open by this transaction");
            }
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
     * An item taken for a decision.
     *
     * @param item    the item
     * @param open    whether it is still open (else someone decided on it already)
     * @param letter  its letter, as a claimed message
     * @param payload the letter as kept (decompressed)
     */
    record Held(WorkqueueItem item, boolean open, ClaimedLetter letter, byte[] payload) {
    }

    /** Who decided on an item: a person's id and name as their token gives them. */
    public record Person(String id, String name) {
        public Person {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(name, "name");
        }
    }

    /** What a person decided about an item. */
    sealed interface Decision {

        /** @return who decided */
        Person by();

        /** Filed into this patient's record as this DocumentReference. */
        record Filed(Person by, String patientId, String documentId) implements Decision {
        }

        /** Not the practice's letter, for this reason. */
        record Returned(Person by, String reason) implements Decision {
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
