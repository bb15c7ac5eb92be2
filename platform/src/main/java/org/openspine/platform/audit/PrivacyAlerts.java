package org.openspine.platform.audit;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.openspine.platform.database.Database;
import org.openspine.platform.error.OpenSpineException;
import org.openspine.platform.security.Caller;

/**
 * Break-glass alerts for the privacy officer. An alert is raised by every {@link AuditSubtype#BREAK_GLASS}
 * record, in the same transaction as that record (so there is never an alert without its audit row, nor
 * a break-glass without its alert); it stays open until someone acknowledges it, which is recorded and
 * happens once. Alerts are never removed (the table's triggers refuse it).
 *
 * <p>Which callers may list or acknowledge alerts is the authorisation policy's business, not this class's.
 * Thread-safe.
 */
public final class PrivacyAlerts {

    /** Longest acknowledgement note kept. */
    public static final int MAX_NOTE = 2000;
    private static final String COLUMNS = "id, event_id, raised, agent_id, agent_name, agent_org, patients, reason, "
            + "acknowledged, acknowledged_by, acknowledged_name, note";

    private final Database database;
    private final Clock clock;

    /** @param clock stamps acknowledgements */
    public PrivacyAlerts(Database database, Clock clock) {
        this.database = database;
        this.clock = clock;
    }

    /**
     * @param limit at most this many (1..1000)
     * @return the open alerts, oldest first; a read on its own connection
     */
    public List<PrivacyAlert> open(int limit) {
        if (limit < 1 || limit > 1000) {
            throw new IllegalArgumentException("privacy alert limit must be 1..1000, was " + limit);
        }
        return database.read(connection -> {
            try (PreparedStatement select = connection.prepareStatement("SELECT " + COLUMNS
                    + " FROM privacy_alert WHERE acknowledged IS NULL ORDER BY raised, id LIMIT ?")) {
                select.setInt(1, limit);
                List<PrivacyAlert> alerts = new ArrayList<>();
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        alerts.add(alert(rows));
                    }
                }
                return alerts;
            }
        });
    }

    /** @return the alert with this number, open or acknowledged */
    public Optional<PrivacyAlert> find(long alertId) {
        return database.read(connection -> find(connection, alertId, ""));
    }

    /**
     * Records that {@code by} reviewed the alert, in its own transaction.
     *
     * @param note what they concluded; may be empty
     * @return the alert as acknowledged
     * @throws OpenSpineException.NotFound when there is no such alert
     * @throws OpenSpineException.Conflict when it was acknowledged already (by anyone)
     */
    public PrivacyAlert acknowledge(long alertId, Caller by, String note) {
        Optional<String> kept = Optional.of(BoundedText.of(note.strip(), MAX_NOTE)).filter(n -> !n.isEmpty());
        return database.inTransaction(connection -> {
            PrivacyAlert alert = find(connection, alertId, " FOR UPDATE")
                    .orElseThrow(() -> new OpenSpineException.NotFound("no privacy alert " + alertId));
            if (alert.acknowledgement().isPresent()) {
                throw new OpenSpineException.Conflict("privacy alert " + alertId + " was acknowledged already by "
                        + alert.acknowledgement().get().byId());
            }
            try (PreparedStatement update = connection.prepareStatement("UPDATE privacy_alert SET acknowledged = ?, "
                    + "acknowledged_by = ?, acknowledged_name = ?, note = ? WHERE id = ?")) {
                update.setObject(1, OffsetDateTime.ofInstant(clock.instant().truncatedTo(ChronoUnit.MICROS), ZoneOffset.UTC));
                update.setString(2, BoundedText.of(by.id(), AuditAgent.MAX_TEXT));
                update.setString(3, BoundedText.of(by.displayName(), AuditAgent.MAX_TEXT));
                update.setString(4, kept.orElse(null));
                update.setLong(5, alertId);
                update.executeUpdate();
            }
            return find(connection, alertId, "").orElseThrow();
        });
    }

    /** Raises an alert for each break-glass record among {@code records}, in the caller's transaction. */
    static void raise(Connection connection, List<UUID> ids, List<AuditRecord> records) throws SQLException {
        PreparedStatement insert = null;
        try {
            for (int i = 0; i < records.size(); i++) {
                AuditRecord record = records.get(i);
                if (record.subtype() != AuditSubtype.BREAK_GLASS) {
                    continue;
                }
                if (insert == null) {
                    insert = connection.prepareStatement("INSERT INTO privacy_alert (event_id, raised, agent_id, "
                            + "agent_name, agent_org, patients, reason) VALUES (?, ?, ?, ?, ?, ?, ?)");
                }
                String[] agent = switch (record.agent()) {
                    case AuditAgent.Staff s -> new String[] {s.id(), s.name(), s.odsCode()};
                    case AuditAgent.Citizen c -> new String[] {c.id(), c.name(), null};
                    case AuditAgent.SystemClient c -> new String[] {c.id(), c.name(), null};
                    case AuditAgent.Unauthenticated u -> throw new IllegalStateException("break-glass without a caller");
                };
                insert.setObject(1, ids.get(i));
                insert.setObject(2, OffsetDateTime.ofInstant(record.recorded(), ZoneOffset.UTC));
                insert.setString(3, agent[0]);
                insert.setString(4, agent[1]);
                insert.setString(5, agent[2]);
                insert.setArray(6, connection.createArrayOf("text", record.patients().toArray()));
                insert.setString(7, ((PurposeOfUse.BreakGlass) record.purpose().orElseThrow()).reason());
                insert.executeUpdate();
            }
        } finally {
            if (insert != null) {
                insert.close();
            }
        }
    }

    private static Optional<PrivacyAlert> find(Connection connection, long alertId, String lock) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT " + COLUMNS + " FROM privacy_alert WHERE id = ?"
                + lock)) {
            select.setLong(1, alertId);
            try (ResultSet rows = select.executeQuery()) {
                return rows.next() ? Optional.of(alert(rows)) : Optional.empty();
            }
        }
    }

    private static PrivacyAlert alert(ResultSet row) throws SQLException {
        OffsetDateTime acknowledged = row.getObject("acknowledged", OffsetDateTime.class);
        return new PrivacyAlert(row.getLong("id"), row.getObject("event_id", UUID.class),
                row.getObject("raised", OffsetDateTime.class).toInstant(), row.getString("agent_id"),
                row.getString("agent_name"), Optional.ofNullable(row.getString("agent_org")),
                Arrays.asList((String[]) row.getArray("patients").getArray()), row.getString("reason"),
                acknowledged == null ? Optional.empty() : Optional.of(new PrivacyAlert.Acknowledgement(
                        acknowledged.toInstant(), row.getString("acknowledged_by"), row.getString("acknowledged_name"),
                        Optional.ofNullable(row.getString("note")))));
    }
}
