package org.openspine.platform.audit;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * How an {@link AuditRecord} maps to an {@code audit_event} row and back. Reading a row gives back
 * exactly the record written (the round trip the row MAC depends on).
 */
final class AuditRows {

    /** The content columns, in bind order; the row MAC covers all of them. */
    static final String CONTENT = "id, recorded, kind, subtype, action, outcome, outcome_desc, agent_kind, agent_id, "
            + "agent_name, agent_role, agent_job_role, agent_org, agent_nhs_number, patients, resources, resource_count, "
            + "purpose, purpose_reason, request_method, request_target, source_address, request_id";
    /** Everything a reader needs: content and MAC. */
    static final String ALL = CONTENT + ", row_mac";
    static final String INSERT = "INSERT INTO audit_event (" + CONTENT + ", row_mac) VALUES ("
            + "?, ".repeat(23) + "?)";

    private AuditRows() {
    }

    /** Binds the parameters of {@link #INSERT}. */
    static void bind(Connection connection, PreparedStatement insert, UUID id, AuditRecord record, byte[] rowMac)
            throws SQLException {
        AuditAgent agent = record.agent();
        String[] agentColumns = switch (agent) {
            case AuditAgent.Staff s -> new String[] {s.id(), s.name(), s.roleCode(), s.jobRole(), s.odsCode(), null};
            case AuditAgent.Citizen c -> new String[] {c.id(), c.name(), null, null, null, c.nhsNumber()};
            case AuditAgent.SystemClient c -> new String[] {c.id(), c.name(), null, null, null, null};
            case AuditAgent.Unauthenticated u -> new String[6];
        };
        int i = 1;
        insert.setObject(i++, id);
        insert.setObject(i++, OffsetDateTime.ofInstant(record.recorded(), ZoneOffset.UTC));
        insert.setString(i++, record.kind().code());
        insert.setString(i++, record.subtype().code());
        insert.setString(i++, record.action().name());
        insert.setShort(i++, (short) record.outcome().code());
        insert.setString(i++, record.outcomeDescription().orElse(null));
        insert.setString(i++, agent.kind());
        for (String column : agentColumns) {
            insert.setString(i++, column);
        }
        insert.setArray(i++, connection.createArrayOf("text", record.patients().toArray()));
        insert.setArray(i++, connection.createArrayOf("text", record.resources().stream().map(ResourceRef::toString).toArray()));
        insert.setInt(i++, record.resourceCount());
        insert.setString(i++, record.purpose().map(PurposeOfUse::code).orElse(null));
        insert.setString(i++, record.purpose().orElse(null) instanceof PurposeOfUse.BreakGlass b ? b.reason() : null);
        insert.setString(i++, record.request().map(RequestLine::method).orElse(null));
        insert.setString(i++, record.request().map(RequestLine::target).orElse(null));
        insert.setString(i++, record.sourceAddress().orElse(null));
        insert.setString(i++, record.requestId().orElse(null));
        insert.setBytes(i, rowMac);
    }

    /** Reads a row selected as {@link #ALL}. */
    static Stored read(ResultSet row) throws SQLException {
        UUID id = row.getObject("id", UUID.class);
        Optional<AuditRecord> record;
        try {
            record = Optional.of(record(row));
        } catch (IllegalArgumentException | IllegalStateException e) {
            record = Optional.empty(); // only a change made behind the application's back gets here
        }
        return new Stored(id, record, row.getBytes("row_mac"));
    }

    private static AuditRecord record(ResultSet row) throws SQLException {
        String method = row.getString("request_method");
        String target = row.getString("request_target");
        return new AuditRecord(
                row.getObject("recorded", OffsetDateTime.class).toInstant(),
                AuditSubtype.of(row.getString("subtype")),
                AuditAction.valueOf(row.getString("action")),
                AuditOutcome.of(row.getShort("outcome")),
                Optional.ofNullable(row.getString("outcome_desc")),
                agent(row),
                texts(row.getArray("patients")),
                texts(row.getArray("resources")).stream().map(ResourceRef::parse).toList(),
                row.getInt("resource_count"),
                purpose(row.getString("purpose"), row.getString("purpose_reason")),
                method == null ? Optional.empty() : Optional.of(new RequestLine(method, target == null ? "" : target)),
                Optional.ofNullable(row.getString("source_address")),
                Optional.ofNullable(row.getString("request_id")));
    }

    private static AuditAgent agent(ResultSet row) throws SQLException {
        String kind = row.getString("agent_kind");
        return switch (kind) {
            case "staff" -> new AuditAgent.Staff(row.getString("agent_id"), row.getString("agent_name"),
                    row.getString("agent_role"), row.getString("agent_job_role"), row.getString("agent_org"));
            case "citizen" -> new AuditAgent.Citizen(row.getString("agent_id"), row.getString("agent_name"),
                    row.getString("agent_nhs_number"));
            case "system" -> new AuditAgent.SystemClient(row.getString("agent_id"), row.getString("agent_name"));
            case "unauthenticated" -> new AuditAgent.Unauthenticated();
            default -> throw new IllegalStateException("audit_event has an unknown agent kind '" + kind + "'");
        };
    }

    private static Optional<PurposeOfUse> purpose(String code, String reason) {
        if (code == null) {
            return Optional.empty();
        }
        return Optional.of(switch (code) {
            case "TREAT" -> new PurposeOfUse.Treatment();
            case "PATRQT" -> new PurposeOfUse.PatientRequest();
            case "BTG" -> new PurposeOfUse.BreakGlass(reason == null ? "" : reason);
            default -> throw new IllegalStateException("audit_event has an unknown purpose '" + code + "'");
        });
    }

    private static List<String> texts(Array array) throws SQLException {
        return array == null ? List.of() : Arrays.asList((String[]) array.getArray());
    }

    /**
     * A row as stored.
     *
     * @param record its content; empty when that no longer makes a valid record (tampered with)
     */
    record Stored(UUID id, Optional<AuditRecord> record, byte[] rowMac) {
    }
}
