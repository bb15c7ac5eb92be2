package org.openspine.platform.audit;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.HexFormat;
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
    /**
     * Inserts any number of rows in one statement, so a group of reads' records commits in one round trip
     * (on an autocommit connection the statement is its own transaction). Every column travels as a text
     * array, cast here; see {@link #columns}.
     */
    static final String INSERT = "INSERT INTO audit_event (" + CONTENT + ", row_mac) SELECT c1::uuid, c2::timestamptz, "
            + "c3, c4, c5, c6::smallint, c7, c8, c9, c10, c11, c12, c13, c14, c15::text[], c16::text[], c17::integer, "
            + "c18, c19, c20, c21, c22, c23, decode(c24, 'hex') FROM unnest("
            + "?::text[], ".repeat(23) + "?::text[]) AS r (c1, c2, c3, c4, c5, c6, c7, c8, c9, c10, c11, c12, c13, c14, "
            + "c15, c16, c17, c18, c19, c20, c21, c22, c23, c24)";
    private static final int COLUMNS = 24;
    private static final HexFormat HEX = HexFormat.of();

    private AuditRows() {
    }

    /**
     * Binds the parameters of {@link #INSERT} for the rows {@code ids[i]}, {@code records[i]}, {@code rowMacs[i]}.
     * Text arrays bound as {@code String[]} go in the driver's binary array format, with no escaping.
     */
    static void bind(PreparedStatement insert, List<UUID> ids, List<AuditRecord> records, List<byte[]> rowMacs)
            throws SQLException {
        String[][] columns = new String[COLUMNS][records.size()];
        for (int row = 0; row < records.size(); row++) {
            String[] values = columns(ids.get(row), records.get(row), rowMacs.get(row));
            for (int column = 0; column < COLUMNS; column++) {
                columns[column][row] = values[column];
            }
        }
        for (int column = 0; column < COLUMNS; column++) {
            insert.setObject(column + 1, columns[column]);
        }
    }

    /** One row's values, in {@link #CONTENT} order then the MAC, as the text {@link #INSERT} casts. */
    private static String[] columns(UUID id, AuditRecord record, byte[] rowMac) {
        AuditAgent agent = record.agent();
        String[] agentColumns = switch (agent) {
            case AuditAgent.Staff s -> new String[] {s.id(), s.name(), s.roleCode(), s.jobRole(), s.odsCode(), null};
            case AuditAgent.Citizen c -> new String[] {c.id(), c.name(), null, null, null, c.nhsNumber()};
            case AuditAgent.SystemClient c -> new String[] {c.id(), c.name(), null, null, null, null};
            case AuditAgent.Unauthenticated u -> new String[6];
        };
        return new String[] {
            id.toString(),
            record.recorded().toString(),
            record.kind().code(),
            record.subtype().code(),
            record.action().name(),
            Integer.toString(record.outcome().code()),
            record.outcomeDescription().orElse(null),
            agent.kind(),
            agentColumns[0], agentColumns[1], agentColumns[2], agentColumns[3], agentColumns[4], agentColumns[5],
            arrayLiteral(record.patients()),
            arrayLiteral(record.resources().stream().map(ResourceRef::toString).toList()),
            Integer.toString(record.resourceCount()),
            record.purpose().map(PurposeOfUse::code).orElse(null),
            record.purpose().orElse(null) instanceof PurposeOfUse.BreakGlass b ? b.reason() : null,
            record.request().map(RequestLine::method).orElse(null),
            record.request().map(RequestLine::target).orElse(null),
            record.sourceAddress().orElse(null),
            record.requestId().orElse(null),
            HEX.formatHex(rowMac)};
    }

    /** PostgreSQL's text form of a {@code text[]}: every element quoted, backslash and quote escaped. */
    static String arrayLiteral(List<String> values) {
        StringBuilder literal = new StringBuilder("{");
        for (String value : values) {
            if (literal.length() > 1) {
                literal.append(',');
            }
            literal.append('"');
            for (int i = 0; i < value.length(); i++) {
                char c = value.charAt(i);
                if (c == '"' || c == '\\') {
                    literal.append('\\');
                }
                literal.append(c);
            }
            literal.append('"');
        }
        return literal.append('}').toString();
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
