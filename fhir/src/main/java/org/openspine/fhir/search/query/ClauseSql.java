package org.openspine.fhir.search.query;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.openspine.fhir.search.ParamIds;
import org.openspine.fhir.search.SearchParam;
import org.openspine.fhir.search.index.TextNormaliser;
import org.openspine.platform.error.OpenSpineException;

/**
 * Turns each {@link Clause} into an SQL condition on a resource row. Every parameter's condition is
 * a semi-join ({@code rid IN (SELECT rid FROM idx_... WHERE param = ? AND ...)}) or its negation, so
 * each is served by the value index of its table and PostgreSQL can drive a query from whichever
 * clause is most selective; {@code _id} and {@code _lastUpdated} are conditions on the row's own
 * columns. Thread-safe.
 */
final class ClauseSql {

    private static final BigDecimal TEN_PERCENT = new BigDecimal("0.1");
    private static final Duration ONE_MILLISECOND = Duration.ofMillis(1);

    private final ParamIds ids;
    private final Clock clock;

    ClauseSql(ParamIds ids, Clock clock) {
        this.ids = ids;
        this.clock = clock;
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
                .append(".deleted AND ");
        append(sql, a, clause);
    }

    // ---- parameters -----------------------------------------------------------------------------

    private void match(Sql sql, String rid, Clause.Match c) {
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
        rowsOf(sql, rid, table, x, negate);
        sql.append(x).append(".param = ").literal(ids.of(key)).append(" AND (");
        for (int i = 0; i < c.anyOf().size(); i++) {
            sql.append(i == 0 ? "(" : " OR (");
            value(sql, x, param, modifier, c.anyOf().get(i));
            sql.append(")");
        }
        sql.append("))");
    }

    private void value(Sql sql, String x, SearchParam param, String modifier, SearchValue value) {
        switch (value) {
            case SearchValue.StringValue s when "text".equals(modifier) -> startsWith(sql, x + ".norm", s.text());
            case SearchValue.TokenValue t when "text".equals(modifier) ->
                    startsWith(sql, x + ".norm", t.system() == null ? t.code() : t.system() + "|" + t.code());
            case SearchValue.StringValue s -> string(sql, x, modifier, s.text());
            case SearchValue.TokenValue t -> token(sql, x + ".system", x + ".code", t);
            case SearchValue.DateValue d -> dates(sql, x + ".low", x + ".high", Duration.ZERO, d);
            case SearchValue.NumberValue n -> numbers(sql, x + ".value", x + ".value", false, n.prefix(), n.value(), n.low(),
                    n.high());
            case SearchValue.QuantityValue q -> quantity(sql, x + ".system", x + ".code", x + ".low", x + ".high", q);
            case SearchValue.ReferenceValue r -> reference(sql, x, modifier, r);
            case SearchValue.UriValue u -> uri(sql, x + ".uri", modifier, u.uri());
            case SearchValue.CompositeValue v -> throw new IllegalStateException(
                    "composite values are parsed into their components before SQL; " + param.key());
        }
    }

    private static void string(Sql sql, String x, String modifier, String text) {
        String normalised = TextNormaliser.normalise(text);
        switch (modifier == null ? "" : modifier) {
            case "exact" -> sql.append(x).append(".norm = ").bind(normalised).append(" AND ").append(x)
                    .append(".exact = ").bind(text);
            case "contains" -> sql.append(x).append(".norm LIKE ").bind("%" + likeEscape(normalised) + "%");
            default -> startsWith(sql, x + ".norm", text);
        }
    }

    private static void startsWith(Sql sql, String column, String text) {
        sql.append(column).append(" LIKE ").bind(likeEscape(TextNormaliser.normalise(text)) + "%");
    }

    /** {@code system|code}, {@code |code}, {@code system|}, {@code code}. */
    static void token(Sql sql, String systemColumn, String codeColumn, SearchValue.TokenValue t) {
        if (t.code() != null) {
            sql.append(codeColumn).append(" = ").bind(t.code());
            if (t.system() != null) {
                sql.append(" AND ");
            }
        }
        if (t.system() != null) {
            if (t.system().isEmpty()) {
                sql.append(systemColumn).append(" IS NULL");
            } else {
                sql.append(systemColumn).append(" = ").bind(t.system());
            }
        }
    }

    /**
     * Date prefixes on a target range [low, high) against the search range [q.low, q.high), as the
     * specification defines them. eq and ap also bound {@code low} from above, so the (param, low)
     * index scan stops where matches must end. {@code highWidth} is how far the range's end lies
     * beyond the {@code high} column ({@code high + width > v} is written {@code high > v - width}),
     * so an instant t, the range [t, t + width) with {@code low} and {@code high} the same column, is
     * compared on its bare, indexed column.
     */
    void dates(Sql sql, String low, String high, Duration highWidth, SearchValue.DateValue d) {
        String ql = d.low().toString();
        String qh = d.high().toString();
        String highQl = d.low().minus(highWidth).toString();
        String highQh = d.high().minus(highWidth).toString();
        boolean instant = low.equals(high);
        switch (d.prefix()) {
            case EQ -> sql.append(low).append(" >= ").bindTime(ql).append(" AND ").append(low).append(" < ")
                    .bindTime(qh).append(" AND ").append(high).append(" <= ").bindTime(highQh);
            case NE -> sql.append("NOT (").append(low).append(" >= ").bindTime(ql).append(" AND ").append(high)
                    .append(" <= ").bindTime(highQh).append(")");
            case GT -> sql.append(high).append(" > ").bindTime(highQh);
            case LT -> sql.append(low).append(" < ").bindTime(ql);
            // ge is gt or eq, le is lt or eq: a target straddling the search range's start (end) is neither.
            // An instant (one column for both ends) cannot straddle: there the other arm implies it, and
            // one range on the column is what its index serves (an OR of two makes PostgreSQL walk the type)
            case GE -> {
                if (instant) {
                    sql.append(low).append(" >= ").bindTime(ql);
                } else {
                    sql.append("(").append(high).append(" > ").bindTime(highQh).append(" OR ").append(low)
                            .append(" >= ").bindTime(ql).append(")");
                }
            }
            case LE -> {
                if (instant) {
                    sql.append(high).append(" <= ").bindTime(highQh);
                } else {
                    sql.append("(").append(low).append(" < ").bindTime(ql).append(" OR ").append(high)
                            .append(" <= ").bindTime(highQh).append(")");
                }
            }
            case SA -> sql.append(low).append(" >= ").bindTime(qh);
            case EB -> sql.append(high).append(" <= ").bindTime(highQl);
            case AP -> {
                // within a tenth of the distance from now, at least a day either side
                Instant now = clock.instant();
                long gap = Math.max(Duration.between(d.low(), now).abs().toMillis(),
                        Duration.between(d.high(), now).abs().toMillis());
                Duration slack = Duration.ofMillis(Math.max(gap / 10, Duration.ofDays(1).toMillis()));
                sql.append(low).append(" < ").bindTime(d.high().plus(slack).toString()).append(" AND ").append(high)
                        .append(" > ").bindTime(d.low().minus(slack).minus(highWidth).toString());
            }
        }
    }

    /**
     * Number prefixes on a target range [low, high] (the same column for a single value). With
     * {@code openEnds} either end may be NULL, an open Range end: NULL low counts as -infinity, NULL
     * high as +infinity. Comparisons are written on the bare columns, not through COALESCE (only ne,
     * which no index serves, keeps it), so the (param, low) index bounds the scan and the planner
     * estimates it from the columns' statistics.
     */
    static void numbers(Sql sql, String low, String high, boolean openEnds, Prefix prefix, BigDecimal value,
            BigDecimal qLow, BigDecimal qHigh) {
        switch (prefix) {
            case EQ -> {
                // low <= high, so high < qHigh bounds low too: the index scan stops where matches must
                sql.append(low).append(" >= ").bind(qLow).append(" AND ").append(low).append(" < ").bind(qHigh);
                if (!high.equals(low)) {
                    sql.append(" AND ").append(high).append(" < ").bind(qHigh);
                }
            }
            case NE -> {
                String lo = openEnds ? "COALESCE(" + low + ", '-Infinity'::numeric)" : low;
                String hi = openEnds ? "COALESCE(" + high + ", 'Infinity'::numeric)" : high;
                sql.append("NOT (").append(lo).append(" >= ").bind(qLow).append(" AND ").append(hi).append(" < ")
                        .bind(qHigh).append(")");
            }
            case GT -> compare(sql, high, " > ", value, openEnds);
            case LT -> compare(sql, low, " < ", value, openEnds);
            // the whole target after (before) the value: for a Range, unlike gt (lt), both ends; an open
            // end never is
            case SA -> compare(sql, low, " > ", value, false);
            case EB -> compare(sql, high, " < ", value, false);
            case GE -> compare(sql, high, " >= ", value, openEnds);
            case LE -> compare(sql, low, " <= ", value, openEnds);
            case AP -> {
                BigDecimal slack = value.abs().multiply(TEN_PERCENT);
                compare(sql, low, " <= ", value.add(slack), openEnds);
                sql.append(" AND ");
                compare(sql, high, " >= ", value.subtract(slack), openEnds);
            }
        }
    }

    /**
     * {@code column op value}, also true where the column is NULL when {@code nullMatches}: an open
     * low end (-infinity) meets {@code <} and {@code <=}, an open high end (+infinity) {@code >} and
     * {@code >=}.
     */
    private static void compare(Sql sql, String column, String op, BigDecimal value, boolean nullMatches) {
        if (nullMatches) {
            sql.append("(").append(column).append(op).bind(value).append(" OR ").append(column).append(" IS NULL)");
        } else {
            sql.append(column).append(op).bind(value);
        }
    }

    static void quantity(Sql sql, String systemColumn, String codeColumn, String low, String high,
            SearchValue.QuantityValue q) {
        if (q.code() != null) {
            sql.append(codeColumn).append(" = ").bind(q.code()).append(" AND ");
        }
        if (q.system() != null) {
            sql.append(systemColumn).append(" = ").bind(q.system()).append(" AND ");
        }
        numbers(sql, low, high, true, q.prefix(), q.value(), q.low(), q.high());
    }

    private static void reference(Sql sql, String x, String modifier, SearchValue.ReferenceValue r) {
        if (r.url() != null) {
            sql.append(x).append(".target_type IS NULL AND ").append(x).append(".target = ").bind(r.url());
        } else {
            sql.append(x).append(".target = ").bind(r.id());
            String type = r.type() != null ? r.type() : isType(modifier) ? modifier : null;
            if (type != null) {
                sql.append(" AND ").append(x).append(".target_type = ").typeLiteral(type);
            } else {
                sql.append(" AND ").append(x).append(".target_type IS NOT NULL");
            }
        }
        if (r.version() != null) {
            sql.append(" AND ").append(x).append(".version = ").bind(r.version());
        }
    }

    private static void uri(Sql sql, String column, String modifier, String uri) {
        switch (modifier == null ? "" : modifier) {
            case "below" -> sql.append(column).append(" LIKE ").bind(likeEscape(uri) + "%");
            case "above" -> sql.append(column).append(" = ANY (").bind(prefixes(uri)).append(")");
            default -> sql.append(column).append(" = ").bind(uri);
        }
    }

    /** @return {@code uri} and each of its ancestors split at '/', for {@code :above} */
    private static String[] prefixes(String uri) {
        java.util.List<String> all = new java.util.ArrayList<>();
        String current = uri;
        all.add(current);
        int slash;
        while ((slash = current.lastIndexOf('/')) > "https://".length()) {
            current = current.substring(0, slash);
            all.add(current);
        }
        return all.toArray(String[]::new);
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
            dates(sql, row + ".last_updated", row + ".last_updated", ONE_MILLISECOND, c.anyOf().get(i));
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
            token(sql, x + ".system", x + ".code", c.codes().get(i));
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
                .append(".res_id = ANY (").bind(c.listIds().toArray(String[]::new)).append("))");
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

    private static boolean isType(String modifier) {
        return modifier != null && !modifier.isEmpty() && Character.isUpperCase(modifier.charAt(0));
    }

    /** Escapes LIKE's wildcards (backslash is PostgreSQL's default escape). */
    static String likeEscape(String text) {
        return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }

    private void composite(Sql sql, String rid, Clause.CompositeMatch c) {
        String x = sql.alias("x");
        sql.append(rid).append(" IN (SELECT ").append(x).append(".rid FROM idx_composite ").append(x).append(" WHERE ")
                .append(x).append(".param = ").literal(ids.of(c.param().key())).append(" AND (");
        for (int i = 0; i < c.anyOf().size(); i++) {
            sql.append(i == 0 ? "(" : " OR (");
            List<SearchValue> parts = c.anyOf().get(i);
            compositePart(sql, x + ".system1", x + ".code1", null, null, null, null, parts.get(0));
            sql.append(" AND ");
            compositePart(sql, x + ".system2", x + ".code2", x + ".low2", x + ".high2", x + ".date_low",
                    x + ".text2", parts.get(1));
            if (parts.size() > 2) {
                sql.append(" AND ");
                compositePart(sql, null, null, x + ".low3", x + ".low3", null, null, parts.get(2));
            }
            sql.append(")");
        }
        sql.append("))");
    }

    private void compositePart(Sql sql, String system, String code, String low, String high, String dateLow,
            String text, SearchValue part) {
        switch (part) {
            case SearchValue.TokenValue t -> token(sql, system, code, t);
            case SearchValue.QuantityValue q -> quantity(sql, system, code, low, high, q);
            case SearchValue.NumberValue n -> numbers(sql, low, high, true, n.prefix(), n.value(), n.low(), n.high());
            case SearchValue.DateValue d -> dates(sql, dateLow, dateLow.replace("date_low", "date_high"), Duration.ZERO, d);
            case SearchValue.StringValue s -> startsWith(sql, text, s.text());
            case SearchValue.ReferenceValue r -> {
                sql.append(code).append(" = ").bind(r.id() != null ? r.id() : r.url());
                if (r.type() != null) {
                    sql.append(" AND ").append(system).append(" = ").bind(r.type());
                }
            }
            default -> throw new OpenSpineException.Invalid("invalid", "a composite part cannot be a "
                    + part.getClass().getSimpleName());
        }
    }
}
