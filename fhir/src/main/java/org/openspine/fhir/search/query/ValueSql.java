package org.openspine.fhir.search.query;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.openspine.fhir.search.SearchParam;
import org.openspine.fhir.search.index.TextNormaliser;
import org.openspine.platform.error.OpenSpineException;

/**
 * The SQL comparing one search value with an index row's columns, by the value's type and the
 * parameter's modifier: string matching on normalised text, the token forms, the date, number and
 * quantity prefixes over ranges as R4 defines them, references and URIs. {@link ClauseSql} wraps
 * these in the semi-joins of whole clauses. Thread-safe.
 */
final class ValueSql {

    private static final BigDecimal TEN_PERCENT = new BigDecimal("0.1");

    private final Clock clock;

    ValueSql(Clock clock) {
        this.clock = clock;
    }

    void value(Sql sql, String x, SearchParam param, String modifier, SearchValue value) {
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

    static void startsWith(Sql sql, String column, String text) {
        sql.append(column).append(" LIKE ").bind(likeEscape(TextNormaliser.normalise(text)) + "%");
    }

    /** {@code system|code}, {@code |code}, {@code system|}, {@code code}. */
    static void token(Sql sql, String systemColumn, String codeColumn, SearchValue.TokenValue t) {
        if (t.code() != null) {
            sql.append(codeColumn).append(" = ").code(t.code());
            if (t.system() != null) {
                sql.append(" AND ");
            }
        }
        if (t.system() != null) {
            if (t.system().isEmpty()) {
                sql.append(systemColumn).append(" IS NULL");
            } else {
                sql.append(systemColumn).append(" = ").code(t.system());
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

    private static boolean isType(String modifier) {
        return modifier != null && !modifier.isEmpty() && Character.isUpperCase(modifier.charAt(0));
    }

    /** Escapes LIKE's wildcards (backslash is PostgreSQL's default escape). */
    static String likeEscape(String text) {
        return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }

    void compositePart(Sql sql, String system, String code, String low, String high, String dateLow,
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
