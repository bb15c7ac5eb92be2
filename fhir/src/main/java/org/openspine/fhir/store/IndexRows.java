package org.openspine.fhir.store;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.openspine.fhir.search.ParamIds;
import org.openspine.fhir.search.index.IndexEntry;

/**
 * The search index rows of a batch of writes, column by column, so each index table is filled by one
 * {@code INSERT ... SELECT FROM unnest(...)} whatever the number of resources. Not thread-safe:
 * one per write.
 */
final class IndexRows {

    /** The CTE parts that insert the rows; bind with {@link #bind} in this order. */
    static final String INSERTS = """
            i_string AS (INSERT INTO idx_string (rid, param, norm, exact)
              SELECT * FROM unnest(?::bigint[], ?::int[], ?::text[], ?::text[])),
            i_token_text AS (INSERT INTO idx_token_text (rid, param, norm)
              SELECT * FROM unnest(?::bigint[], ?::int[], ?::text[])),
            i_token AS (INSERT INTO idx_token (rid, param, system, code)
              SELECT * FROM unnest(?::bigint[], ?::int[], ?::text[], ?::text[])),
            i_date AS (INSERT INTO idx_date (rid, param, low, high)
              SELECT * FROM unnest(?::bigint[], ?::int[], ?::timestamptz[], ?::timestamptz[])),
            i_number AS (INSERT INTO idx_number (rid, param, value)
              SELECT * FROM unnest(?::bigint[], ?::int[], ?::numeric[])),
            i_quantity AS (INSERT INTO idx_quantity (rid, param, system, code, low, high)
              SELECT * FROM unnest(?::bigint[], ?::int[], ?::text[], ?::text[], ?::numeric[], ?::numeric[])),
            i_reference AS (INSERT INTO idx_reference (rid, param, target_type, target, version)
              SELECT * FROM unnest(?::bigint[], ?::int[], ?::text[], ?::text[], ?::text[])),
            i_uri AS (INSERT INTO idx_uri (rid, param, uri)
              SELECT * FROM unnest(?::bigint[], ?::int[], ?::text[])),
            i_composite AS (INSERT INTO idx_composite (rid, param, system1, code1, system2, code2, low2, high2,
                date_low, date_high, text2, low3)
              SELECT * FROM unnest(?::bigint[], ?::int[], ?::text[], ?::text[], ?::text[], ?::text[], ?::numeric[],
                ?::numeric[], ?::timestamptz[], ?::timestamptz[], ?::text[], ?::numeric[])),
            i_care AS (INSERT INTO care_relationship (rid, patient_id, unit, kind)
              SELECT * FROM unnest(?::bigint[], ?::text[], ?::text[], ?::text[])),
            i_restricted AS (INSERT INTO restricted_patient (rid, patient_id)
              SELECT * FROM unnest(?::bigint[], ?::text[]))
            """;

    /** The CTE parts that remove a resource's old rows (before an update or delete); bind one bigint[]. */
    static final String DELETES = """
            d_string AS (DELETE FROM idx_string WHERE rid = ANY (?::bigint[])),
            d_token_text AS (DELETE FROM idx_token_text WHERE rid = ANY (?::bigint[])),
            d_token AS (DELETE FROM idx_token WHERE rid = ANY (?::bigint[])),
            d_date AS (DELETE FROM idx_date WHERE rid = ANY (?::bigint[])),
            d_number AS (DELETE FROM idx_number WHERE rid = ANY (?::bigint[])),
            d_quantity AS (DELETE FROM idx_quantity WHERE rid = ANY (?::bigint[])),
            d_reference AS (DELETE FROM idx_reference WHERE rid = ANY (?::bigint[])),
            d_uri AS (DELETE FROM idx_uri WHERE rid = ANY (?::bigint[])),
            d_composite AS (DELETE FROM idx_composite WHERE rid = ANY (?::bigint[])),
            d_care AS (DELETE FROM care_relationship WHERE rid = ANY (?::bigint[])),
            d_restricted AS (DELETE FROM restricted_patient WHERE rid = ANY (?::bigint[]))
            """;

    /** Tables {@link #DELETES} clears. */
    static final int TABLES = 11;

    private final ParamIds ids;
    private final Columns string = new Columns(4);
    private final Columns tokenText = new Columns(3);
    private final Columns token = new Columns(4);
    private final Columns date = new Columns(4);
    private final Columns number = new Columns(3);
    private final Columns quantity = new Columns(6);
    private final Columns reference = new Columns(5);
    private final Columns uri = new Columns(3);
    private final Columns composite = new Columns(12);
    // Not search index rows, but derived the same way and kept with them: see CareRelationships.
    private final List<Object> careRids = new ArrayList<>();
    private final List<Object> carePatients = new ArrayList<>();
    private final List<Object> careUnits = new ArrayList<>();
    private final List<Object> careKinds = new ArrayList<>();
    private final List<Object> restrictedRids = new ArrayList<>();
    private final List<Object> restrictedPatients = new ArrayList<>();

    IndexRows(ParamIds ids) {
        this.ids = ids;
    }

    /**
     * Adds the rows of one resource: its search index entries, and the care relationships and
     * restriction they establish for its patient ({@code patientId}, null when it has none).
     */
    void add(long rid, String type, String patientId, List<IndexEntry> entries) {
        for (CareRelationships.Relationship relationship : CareRelationships.of(type, patientId, entries)) {
            careRids.add(rid);
            carePatients.add(relationship.patientId());
            careUnits.add(relationship.unit());
            careKinds.add(relationship.kind());
        }
        if (patientId != null && CareRelationships.isRestricted(type, entries)) {
            restrictedRids.add(rid);
            restrictedPatients.add(patientId);
        }
        for (IndexEntry entry : entries) {
            int param = ids.require(entry.key());
            switch (entry) {
                case IndexEntry.Text t when t.modifier() == null -> string.add(rid, param, t.normalised(), t.exact());
                case IndexEntry.Text t -> tokenText.add(rid, param, t.normalised());
                case IndexEntry.Token t -> token.add(rid, param, t.system(), t.code());
                case IndexEntry.Date d -> date.add(rid, param, timestamp(d.low()), timestamp(d.high()));
                case IndexEntry.Number n -> number.add(rid, param, n.value());
                case IndexEntry.Quantity q -> quantity.add(rid, param, q.system(), q.code(), q.low(), q.high());
                case IndexEntry.Reference r -> reference.add(rid, param, r.targetType(), r.target(), r.version());
                case IndexEntry.Uri u -> uri.add(rid, param, u.uri());
                case IndexEntry.Composite c -> composite.add(compositeRow(rid, param, c));
            }
        }
    }

    /** Binds the arrays of {@link #INSERTS} from parameter index {@code first}; @return the next index */
    int bind(Connection connection, PreparedStatement statement, int first) throws SQLException {
        int i = first;
        i = string.bind(connection, statement, i, "text", "text");
        i = tokenText.bind(connection, statement, i, "text");
        i = token.bind(connection, statement, i, "text", "text");
        i = date.bind(connection, statement, i, "timestamptz", "timestamptz");
        i = number.bind(connection, statement, i, "numeric");
        i = quantity.bind(connection, statement, i, "text", "text", "numeric", "numeric");
        i = reference.bind(connection, statement, i, "text", "text", "text");
        i = uri.bind(connection, statement, i, "text");
        i = composite.bind(connection, statement, i, "text", "text", "text", "text", "numeric", "numeric",
                "timestamptz", "timestamptz", "text", "numeric");
        ArrayParameters.bind(connection, statement, i++, "bigint", careRids.toArray());
        ArrayParameters.bind(connection, statement, i++, "text", carePatients.toArray());
        ArrayParameters.bind(connection, statement, i++, "text", careUnits.toArray());
        ArrayParameters.bind(connection, statement, i++, "text", careKinds.toArray());
        ArrayParameters.bind(connection, statement, i++, "bigint", restrictedRids.toArray());
        ArrayParameters.bind(connection, statement, i++, "text", restrictedPatients.toArray());
        return i;
    }

    private static Object[] compositeRow(long rid, int param, IndexEntry.Composite c) {
        Object[] row = new Object[12];
        row[0] = rid;
        row[1] = param;
        switch (c.parts().get(0)) {
            case IndexEntry.Token t -> {
                row[2] = t.system();
                row[3] = t.code();
            }
            case IndexEntry.Reference r -> {
                row[2] = r.targetType();
                row[3] = r.target();
            }
            default -> throw new IllegalArgumentException("composite " + c.key() + " starts with "
                    + c.parts().get(0).getClass().getSimpleName() + "; a token or reference was expected");
        }
        switch (c.parts().get(1)) {
            case IndexEntry.Token t -> {
                row[4] = t.system();
                row[5] = t.code();
            }
            case IndexEntry.Quantity q -> {
                row[4] = q.system();
                row[5] = q.code();
                row[6] = q.low();
                row[7] = q.high();
            }
            case IndexEntry.Number n -> {
                row[6] = n.value();
                row[7] = n.value();
            }
            case IndexEntry.Date d -> {
                row[8] = timestamp(d.low());
                row[9] = timestamp(d.high());
            }
            case IndexEntry.Text t -> row[10] = t.normalised();
            case IndexEntry.Reference r -> {
                row[4] = r.targetType();
                row[5] = r.target();
            }
            default -> throw new IllegalArgumentException("composite " + c.key() + " has an unsupported second part");
        }
        if (c.parts().size() > 2 && c.parts().get(2) instanceof IndexEntry.Number n) {
            row[11] = n.value();
        }
        return row;
    }

    /** PostgreSQL's text form of an instant, with the open ends as infinities. */
    static String timestamp(Instant instant) {
        if (instant.equals(Instant.MIN)) {
            return "-infinity";
        }
        if (instant.equals(Instant.MAX)) {
            return "infinity";
        }
        return instant.toString();
    }

    /** One table's rows, stored column-wise; column 0 is rid, 1 is param. */
    private static final class Columns {

        private final List<Object>[] columns;

        @SuppressWarnings("unchecked")
        Columns(int width) {
            columns = new List[width];
            for (int i = 0; i < width; i++) {
                columns[i] = new ArrayList<>();
            }
        }

        void add(Object... row) {
            for (int i = 0; i < columns.length; i++) {
                columns[i].add(row[i] instanceof BigDecimal || row[i] == null || row[i] instanceof String
                        || row[i] instanceof Long || row[i] instanceof Integer ? row[i] : row[i].toString());
            }
        }

        /** Binds rid, param and then each value column as an array of {@code types}. */
        int bind(Connection connection, PreparedStatement statement, int first, String... types) throws SQLException {
            int i = first;
            ArrayParameters.bind(connection, statement, i++, "bigint", columns[0].toArray());
            ArrayParameters.bind(connection, statement, i++, "integer", columns[1].toArray());
            for (int c = 0; c < types.length; c++) {
                String type = types[c].equals("timestamptz") ? "text" : types[c];
                ArrayParameters.bind(connection, statement, i++, type, columns[c + 2].toArray());
            }
            return i;
        }
    }
}
