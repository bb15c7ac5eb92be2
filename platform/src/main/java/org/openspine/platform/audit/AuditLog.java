package org.openspine.platform.audit;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.openspine.platform.database.Database;
import org.openspine.platform.error.OpenSpineException;

/**
 * Reads the audit trail back: pages of events matching an {@link AuditQuery}, newest first, and single
 * events by id, each ready to render as a FHIR AuditEvent ({@link AuditEntry#toFhirJson()}).
 *
 * <p>Event ids are UUIDv7, made from the recorded time, so id order is time order (to the millisecond;
 * events of the same millisecond in no particular order) and a date range is an id range. That lets the
 * primary key serve "newest first" and date ranges, and every query shape is index-backed: by patient (GIN
 * on {@code patients}), by agent ({@code audit_event_agent}: agent, id), by date or nothing (the primary key).
 *
 * <p>Pages are keyset pages on id: the next page starts strictly after the last event shown, so events
 * written meanwhile never shift or repeat entries. Who may read which events is the caller's business (a
 * patient only their own record's). Reads on autocommit connections; thread-safe.
 */
public final class AuditLog {

    private final Database database;

    /** @param database where the trail is */
    public AuditLog(Database database) {
        this.database = database;
    }

    /**
     * @return one page of matching events
     * @throws OpenSpineException.Invalid when the query's {@code after} cursor is not one this class made
     */
    public AuditPage search(AuditQuery query) {
        Select select = select(query);
        List<AuditEntry> entries = database.read(connection -> select(connection, select.sql(), select.parameters()));
        if (entries.size() <= query.count()) {
            return new AuditPage(entries, Optional.empty());
        }
        List<AuditEntry> page = entries.subList(0, query.count());
        AuditEntry last = page.get(page.size() - 1);
        return new AuditPage(page, Optional.of(new Cursor(last.id()).toString()));
    }

    /** @return the event with this id */
    public Optional<AuditEntry> read(UUID id) {
        return database.read(connection -> select(connection, "SELECT " + AuditRows.ALL + " FROM audit_event WHERE id = ?",
                List.of(id))).stream().findFirst();
    }

    /** @return the SQL of {@code query}'s page, with one row more than the page to tell whether there is a next */
    static Select select(AuditQuery query) {
        Optional<Cursor> after = query.after().map(Cursor::parse);
        StringBuilder sql = new StringBuilder("SELECT ").append(AuditRows.ALL).append(" FROM audit_event WHERE true");
        List<Object> parameters = new ArrayList<>();
        if (!query.patients().isEmpty()) {
            sql.append(" AND patients && ?::text[]");
            parameters.add(query.patients().toArray(String[]::new));
        }
        query.agentId().ifPresent(id -> {
            sql.append(" AND agent_id = ?");
            parameters.add(id);
        });
        query.from().ifPresent(at -> {
            sql.append(" AND id >= ? AND recorded >= ?");
            parameters.add(new UUID(at.toEpochMilli() << 16, 0)); // below every id of that millisecond
            parameters.add(OffsetDateTime.ofInstant(at, ZoneOffset.UTC));
        });
        query.to().ifPresent(at -> {
            sql.append(" AND id <= ? AND recorded <= ?");
            parameters.add(new UUID((at.toEpochMilli() << 16) | 0xFFFF, -1)); // above every id of that millisecond
            parameters.add(OffsetDateTime.ofInstant(at, ZoneOffset.UTC));
        });
        query.subtype().ifPresent(subtype -> {
            sql.append(" AND subtype = ?");
            parameters.add(subtype.code());
        });
        query.outcome().ifPresent(outcome -> {
            sql.append(" AND outcome = ?");
            parameters.add((short) outcome.code());
        });
        after.ifPresent(cursor -> {
            sql.append(" AND id < ?");
            parameters.add(cursor.id());
        });
        sql.append(" ORDER BY id DESC LIMIT ").append(query.count() + 1);
        return new Select(sql.toString(), parameters);
    }

    private static List<AuditEntry> select(Connection connection, String sql, List<Object> parameters) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.size(); i++) {
                select.setObject(i + 1, parameters.get(i));
            }
            List<AuditEntry> entries = new ArrayList<>();
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    AuditRows.Stored row = AuditRows.read(rows);
                    entries.add(new AuditEntry(row.id(), row.record().orElseThrow(() -> new IllegalStateException(
                            "audit event " + row.id() + " no longer holds a valid record: run openspine audit verify"))));
                }
            }
            return entries;
        }
    }

    /** A statement and its parameters, in order. */
    record Select(String sql, List<Object> parameters) {
    }

    /** Where a page ends: the last event's id, base64url, opaque to clients. */
    record Cursor(UUID id) {

        static Cursor parse(String text) {
            try {
                return new Cursor(UUID.fromString(new String(Base64.getUrlDecoder().decode(text), StandardCharsets.US_ASCII)));
            } catch (IllegalArgumentException e) {
                throw new OpenSpineException.Invalid("value", "the audit page cursor is not one this server made", e);
            }
        }

        @Override
        public String toString() {
            return Base64.getUrlEncoder().withoutPadding().encodeToString(id.toString().getBytes(StandardCharsets.US_ASCII));
        }
    }
}
