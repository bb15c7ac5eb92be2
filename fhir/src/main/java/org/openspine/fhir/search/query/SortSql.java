package org.openspine.fhir.search.query;

import java.util.List;
import java.util.function.IntFunction;
import org.openspine.fhir.search.ParamIds;
import org.openspine.platform.error.OpenSpineException;

/**
 * The SQL of {@code _sort}: one scalar expression per key (a multi-valued parameter sorts by its
 * lowest value ascending and its highest descending, as the specification says), with resources
 * lacking a value last, and the keyset condition that starts a page after or before a cursor.
 */
final class SortSql {

    private static final String TEXT_LAST = "chr(1114111)";

    private final ParamIds ids;

    SortSql(ParamIds ids) {
        this.ids = ids;
    }

    /**
     * Appends {@code , LATERAL (SELECT e AS k) s1, ...}, one per key, for the resource alias {@code r}.
     * A parameter's key is an aggregate over the resource's index rows: a subquery PostgreSQL runs
     * once per row, where a scalar subquery in a flattened LATERAL would be copied into, and run by,
     * every condition and ORDER BY naming the key. {@code _id} and {@code _lastUpdated} stay plain
     * columns, so an index on them can give the order.
     */
    void lateral(Sql sql, List<SearchQuery.SortKey> keys) {
        for (int i = 0; i < keys.size(); i++) {
            sql.append(", LATERAL (SELECT ");
            expression(sql, keys.get(i));
            sql.append(") s").append(String.valueOf(i + 1));
        }
    }

    /** @return the SQL naming sort key {@code i} (from 0) in the query {@link #lateral} was appended to */
    static String key(int i) {
        return "s" + (i + 1) + ".k";
    }

    /** Appends the keyset condition for {@code cursor} (without a leading AND). */
    void after(Sql sql, List<SearchQuery.SortKey> keys, PageCursor cursor) {
        condition(sql, keys, cursor, 0);
    }

    /**
     * Appends {@code ORDER BY <key 1> ..., <rid>}, reversed for a previous page.
     *
     * @param key the SQL naming each sort key (from 0)
     * @param rid the rid column that breaks ties
     */
    void orderBy(Sql sql, List<SearchQuery.SortKey> sort, boolean reversed, IntFunction<String> key, String rid) {
        sql.append(" ORDER BY ");
        for (int i = 0; i < sort.size(); i++) {
            boolean descending = sort.get(i).descending() != reversed;
            sql.append(key.apply(i)).append(descending ? " DESC, " : " ASC, ");
        }
        sql.append(rid).append(reversed ? " DESC" : " ASC");
    }

    private void condition(Sql sql, List<SearchQuery.SortKey> keys, PageCursor cursor, int i) {
        boolean before = cursor.before();
        if (i == keys.size()) {
            sql.append("r.rid ").append(before ? "<" : ">").append(" ").bind(cursor.rid());
            return;
        }
        SearchQuery.SortKey key = keys.get(i);
        String column = key(i);
        String value = cast(key);
        boolean greater = key.descending() == before;
        sql.append("(").append(column).append(greater ? " > " : " < ").bind(cursor.key(i)).append(value)
                .append(" OR (").append(column).append(" = ").bind(cursor.key(i)).append(value).append(" AND ");
        condition(sql, keys, cursor, i + 1);
        sql.append("))");
    }

    private void expression(Sql sql, SearchQuery.SortKey key) {
        boolean desc = key.descending();
        if (key.param() == null) {
            switch (key.special()) {
                case "_id" -> sql.append("r.res_id COLLATE \"C\" AS k");
                case "_lastUpdated" -> sql.append("r.last_updated AS k");
                default -> throw new IllegalStateException("unknown special sort " + key.special());
            }
            return;
        }
        String aggregate = desc ? "max" : "min";
        String table;
        String column;
        String last;
        switch (key.param().type()) {
            case STRING -> { table = "idx_string"; column = "norm COLLATE \"C\""; last = desc ? "''" : TEXT_LAST; }
            case TOKEN -> { table = "idx_token"; column = "code COLLATE \"C\""; last = desc ? "''" : TEXT_LAST; }
            case REFERENCE -> { table = "idx_reference"; column = "target COLLATE \"C\""; last = desc ? "''" : TEXT_LAST; }
            case URI -> { table = "idx_uri"; column = "uri COLLATE \"C\""; last = desc ? "''" : TEXT_LAST; }
            case DATE -> {
                table = "idx_date";
                column = desc ? "high" : "low";
                last = desc ? "'-infinity'::timestamptz" : "'infinity'::timestamptz";
            }
            case NUMBER -> { table = "idx_number"; column = "value"; last = desc ? "'-Infinity'::numeric" : "'Infinity'::numeric"; }
            case QUANTITY -> { table = "idx_quantity"; column = "low"; last = desc ? "'-Infinity'::numeric" : "'Infinity'::numeric"; }
            default -> throw new OpenSpineException.Invalid("invalid", "cannot sort by " + key.param().type().code()
                    + " parameter '" + key.param().code() + "'");
        }
        sql.append("COALESCE(").append(aggregate).append("(v.").append(column).append("), ").append(last)
                .append(") AS k FROM ").append(table).append(" v WHERE v.rid = r.rid AND v.param = ")
                .literal(ids.of(key.param().key()));
    }

    private static String cast(SearchQuery.SortKey key) {
        if (key.param() == null) {
            return key.special().equals("_lastUpdated") ? "::timestamptz" : "::text COLLATE \"C\"";
        }
        return switch (key.param().type()) {
            case DATE -> "::timestamptz";
            case NUMBER, QUANTITY -> "::numeric";
            default -> "::text COLLATE \"C\"";
        };
    }
}
