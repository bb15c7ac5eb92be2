package org.openspine.fhir.search.query;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.openspine.fhir.search.ParamIds;
import org.openspine.fhir.search.SearchParam;
import org.openspine.platform.error.OpenSpineException;

/**
 * Turns each {@link Clause} into an SQL condition on a resource row. Every parameter's condition is
 * a semi-join ({@code rid IN (SELECT rid FROM idx_... WHERE param = ? AND ...)}) or its negation, so
 * each is served by the value index of its table and PostgreSQL can drive a query from whichever
 * clause is most selective; {@code _id} and {@code _lastUpdated} are conditions on the row's own
 * columns. Thread-safe.
 */
final class ClauseSql {

    private static final Duration ONE_MILLISECOND = Duration.ofMillis(1);

    private final ParamIds ids;
    private final ValueSql values;

    ClauseSql(ParamIds ids, Clock clock) {
        this.ids = ids;
        this.values = new ValueSql(clock);
    }

    /**
     * Appends the condition that the resource row {@code row} (an alias of {@code resource}) meets
     * {@code clause}. {@code _id} and {@code _lastUpdated} are columns of that row, so they join the
     * row's own type condition in the (res_type, res_id) and (res_type, last_updated) indexes.
     */
    void append(Sql sql, String row, Clause clause) {
        String rid = row + ".rid";
        switch (clause) {
            case Clause.Ids c -> sql.append(row).append(".res_id = ANY (").bind(c.ids().toArray(String[]::new))
                    .append(")");
            case Clause.LastUpdated c -> lastUpdated(sql, row, c);
            case Clause.Missing c -> missing(sql, rid, c);
            case Clause.Match c -> match(sql, rid, c);
            case Clause.InValueSet c -> inValueSet(sql, rid, c);
            case Clause.Chain c -> chain(sql, rid, c);
            case Clause.Has c -> has(sql, rid, c);
            case Clause.InList c -> inList(sql, rid, c);
            case Clause.InCompartment c -> inCompartment(sql, rid, c);
            case Clause.CompositeMatch c -> composite(sql, rid, c);
        }
    }

    /** Appends {@code SELECT a.<column> FROM resource a WHERE a is a current `type` meeting `clause`}. */
    void resourcesOf(Sql sql, String column, String type, Clause clause) {
        String a = sql.alias("a");
        sql.append("SELECT ").append(a).append(".").append(column).append(" FROM resource ").append(a)
                .append(" WHERE ").append(a).append(".res_type = ").typeLiteral(type).append(" AND NOT ").append(a)
                .append(".deleted");
        sql.visible(a).append(" AND ");
        append(sql, a, clause);
    }

    // ---- parameters -----------------------------------------------------------------------------

    /**
     * Appends {@code clause} so that its rows are collected first, before any other clause is looked at: an
     * array the statement builds once ({@code rid = ANY (ARRAY(...))}), which the planner cannot turn into a
     * join of its own ordering. For a clause known to be selective whatever its values, on a generic plan.
     *
     * @param row the resource row's alias, as for {@link #append}
     */
    void drive(Sql sql, String row, Clause.Match clause) {
        match(sql, row + ".rid", clause, true);
    }

    private void match(Sql sql, String rid, Clause.Match c) {
        match(sql, rid, c, false);
    }

    private void match(Sql sql, String rid, Clause.Match c, boolean driving) {
        SearchParam param = c.param();
        String modifier = c.modifier();
        boolean negate = "not".equals(modifier);
        String table = switch (param.type()) {
            case STRING -> "idx_string";
            case TOKEN -> "text".equals(modifier) ? "idx_token_text" : "idx_token";
            case DATE -> "idx_date";
            case NUMBER -> "idx_number";
            case QUANTITY -> "idx_quantity";
            case REFERENCE -> "identifier".equals(modifier) ? "idx_token" : "idx_reference";
            case URI -> "idx_uri";
            case COMPOSITE -> "idx_composite";
            case SPECIAL -> throw new OpenSpineException.NotSupported("search parameter '" + param.code()
                    + "' (special) is not supported");
        };
        String key = switch (modifier == null ? "" : modifier) {
            case "text", "identifier", "of-type" -> param.key() + ":" + modifier;
            default -> param.key();
        };
        String x = sql.alias("x");
        if (driving) { // never a :not, whose rows are those that do not match
            sql.append(rid).append(" = ANY (ARRAY(SELECT ").append(x).append(".rid FROM ").append(table).append(" ")
                    .append(x).append(" WHERE ");
        } else {
            rowsOf(sql, rid, table, x, negate);
        }
        sql.append(x).append(".param = ").literal(ids.of(key)).append(" AND (");
        for (int i = 0; i < c.anyOf().size(); i++) {
            sql.append(i == 0 ? "(" : " OR (");
            values.value(sql, x, param, modifier, c.anyOf().get(i));
            sql.append(")");
        }
        sql.append(driving ? ")))" : "))");
    }

    // ---- other clauses --------------------------------------------------------------------------

    private void missing(Sql sql, String rid, Clause.Missing c) {
        String table = switch (c.param().type()) {
            case STRING -> "idx_string";
            case TOKEN -> "idx_token";
            case DATE -> "idx_date";
            case NUMBER -> "idx_number";
            case QUANTITY -> "idx_quantity";
            case REFERENCE -> "idx_reference";
            case URI -> "idx_uri";
            case COMPOSITE -> "idx_composite";
            case SPECIAL -> throw new OpenSpineException.NotSupported("search parameter '" + c.param().code()
                    + "' (special) is not supported");
        };
        String x = sql.alias("x");
        sql.append(c.missing() ? "NOT " : "").append("EXISTS (SELECT 1 FROM ").append(table).append(" ").append(x)
                .append(" WHERE ").append(x).append(".rid = ").append(rid).append(" AND ").append(x)
                .append(".param = ").literal(ids.of(c.param().key())).append(")");
    }

    private void lastUpdated(Sql sql, String row, Clause.LastUpdated c) {
        sql.append("(");
        for (int i = 0; i < c.anyOf().size(); i++) {
            sql.append(i == 0 ? "(" : " OR (");
            // a version's time is an instant t (milliseconds): the range [t, t + 1 ms)
            values.dates(sql, row + ".last_updated", row + ".last_updated", ONE_MILLISECOND, c.anyOf().get(i));
            sql.append(")");
        }
        sql.append(")");
    }

    private void inValueSet(Sql sql, String rid, Clause.InValueSet c) {
        String x = sql.alias("x");
        rowsOf(sql, rid, "idx_token", x, c.negated());
        sql.append(x).append(".param = ").literal(ids.of(c.param().key())).append(" AND (");
        if (c.codes().isEmpty()) {
            sql.append("false");
        }
        for (int i = 0; i < c.codes().size(); i++) {
            sql.append(i == 0 ? "(" : " OR (");
            ValueSql.token(sql, x + ".system", x + ".code", c.codes().get(i));
            sql.append(")");
        }
        sql.append("))");
    }

    /**
     * One UNION ALL arm per target type, each a lookup in the (param, target, target_type) index (an
     * OR of the arms inside one SELECT could only filter every row of the parameter). Each target's
     * ids are an uncorrelated {@code ARRAY(...)}: PostgreSQL runs it once, innermost link first, and
     * looks the references up by (param, target) in the index. Written as a plain
     * {@code IN (SELECT ...)}, the links flatten into one tree of semi-joins, and when row estimates
     * are off (tables not yet analyzed, or grown since) the planner nests them so that every inner
     * link reruns for each outer row: exponential in the chain's length.
     */
    private void chain(Sql sql, String rid, Clause.Chain c) {
        sql.append(rid).append(" IN (");
        int i = 0;
        for (Map.Entry<String, Clause> target : c.targets().entrySet()) {
            String x = sql.alias("x");
            sql.append(i++ == 0 ? "" : " UNION ALL ").append("SELECT ").append(x).append(".rid FROM idx_reference ")
                    .append(x).append(" WHERE ").append(x).append(".param = ").literal(ids.of(c.reference().key()))
                    .append(" AND ").append(x).append(".target_type = ").typeLiteral(target.getKey()).append(" AND ")
                    .append(x).append(".target = ANY (ARRAY(");
            resourcesOf(sql, "res_id", target.getKey(), target.getValue());
            sql.append("))");
        }
        sql.append(")");
    }

    private void has(Sql sql, String rid, Clause.Has c) {
        // the referrers' index rows name this resource by type and id; rid -> (type, id) via resource
        String x = sql.alias("x");
        String t = sql.alias("t");
        sql.append(rid).append(" IN (SELECT ").append(t).append(".rid FROM idx_reference ").append(x)
                .append(" JOIN resource ").append(t).append(" ON ").append(t).append(".res_type = ").append(x)
                .append(".target_type AND ").append(t).append(".res_id = ").append(x).append(".target WHERE ")
                .append(x).append(".param = ").literal(ids.of(c.reference().key())).append(" AND ").append(x)
                .append(".rid IN (");
        resourcesOf(sql, "rid", c.sourceType(), c.condition());
        sql.append("))");
    }

    private void inList(Sql sql, String rid, Clause.InList c) {
        String x = sql.alias("x");
        String l = sql.alias("l");
        String t = sql.alias("t");
        sql.append(rid).append(" IN (SELECT ").append(t).append(".rid FROM resource ").append(l).append(" JOIN idx_reference ")
                .append(x).append(" ON ").append(x).append(".rid = ").append(l).append(".rid AND ").append(x)
                .append(".param = ").literal(ids.of("List.item")).append(" JOIN resource ").append(t).append(" ON ")
                .append(t).append(".res_type = ").append(x).append(".target_type AND ").append(t).append(".res_id = ")
                .append(x).append(".target WHERE ").append(l).append(".res_type = 'List' AND ").append(l)
                .append(".res_id = ANY (").bind(c.listIds().toArray(String[]::new)).append(")").visible(l).append(")");
    }

    private void inCompartment(Sql sql, String rid, Clause.InCompartment c) {
        String x = sql.alias("x");
        Integer[] params = c.references().stream().map(p -> ids.of(p.key())).toArray(Integer[]::new);
        sql.append(rid).append(" IN (SELECT ").append(x).append(".rid FROM idx_reference ").append(x).append(" WHERE ")
                .append(x).append(".target = ").bind(c.ownerId()).append(" AND ").append(x).append(".target_type = ")
                .typeLiteral(c.ownerType()).append(" AND ").append(x).append(".param = ANY (")
                .bind(java.util.Arrays.stream(params).map(String::valueOf).toArray(String[]::new))
                .append("::int[]))");
    }

    /**
     * Opens the condition that {@code rid} has (or, negated, has no) row {@code x} in {@code table}
     * meeting what the caller appends next, then closes with one parenthesis. The negation is NOT
     * EXISTS, an anti-join probing the (rid, param) index from the rows other clauses select; NOT IN
     * would make PostgreSQL build the subquery's whole result first and filter every row of the type.
     */
    private static void rowsOf(Sql sql, String rid, String table, String x, boolean negated) {
        if (negated) {
            sql.append("NOT EXISTS (SELECT 1 FROM ").append(table).append(" ").append(x).append(" WHERE ").append(x)
                    .append(".rid = ").append(rid).append(" AND ");
        } else {
            sql.append(rid).append(" IN (SELECT ").append(x).append(".rid FROM ").append(table).append(" ").append(x)
                    .append(" WHERE ");
        }
    }

    private void composite(Sql sql, String rid, Clause.CompositeMatch c) {
        String x = sql.alias("x");
        sql.append(rid).append(" IN (SELECT ").append(x).append(".rid FROM idx_composite ").append(x).append(" WHERE ")
                .append(x).append(".param = ").literal(ids.of(c.param().key())).append(" AND (");
        for (int i = 0; i < c.anyOf().size(); i++) {
            sql.append(i == 0 ? "(" : " OR (");
            List<SearchValue> parts = c.anyOf().get(i);
            values.compositePart(sql, x + ".system1", x + ".code1", null, null, null, null, parts.get(0));
            sql.append(" AND ");
            values.compositePart(sql, x + ".system2", x + ".code2", x + ".low2", x + ".high2", x + ".date_low",
                    x + ".text2", parts.get(1));
            if (parts.size() > 2) {
                sql.append(" AND ");
                values.compositePart(sql, null, null, x + ".low3", x + ".low3", null, null, parts.get(2));
            }
            sql.append(")");
        }
        sql.append("))");
    }

}
