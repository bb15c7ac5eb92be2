package org.openspine.fhir.search.query;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** SQL text with its bind values, built in order; fresh aliases for nested subqueries. Not thread-safe. */
final class Sql {

    private static final java.util.regex.Pattern TYPE = java.util.regex.Pattern.compile("[A-Z][A-Za-z]{1,63}");
    /** What a code or code system may look like to be written into a statement: nothing that quotes or binds. */
    private static final java.util.regex.Pattern CODE = java.util.regex.Pattern.compile("[A-Za-z0-9._:/#%~+\\-]{1,200}");

    private final boolean inline;
    private final boolean inlineCodes;
    private final StringBuilder text = new StringBuilder(256);
    private final List<Object> args = new ArrayList<>();
    private int aliases;
    private org.openspine.fhir.store.Visibility visibility = org.openspine.fhir.store.Visibility.EVERYTHING;
    private int securityParam;

    /** A statement with ids and type names bound. */
    Sql() {
        this(false, false);
    }

    /**
     * @param inline      write ids and type names into the text (for lookups, see {@link #literal(int)})
     * @param inlineCodes write token codes and systems into the text too (see {@link #code(String)})
     */
    Sql(boolean inline, boolean inlineCodes) {
        this.inline = inline;
        this.inlineCodes = inlineCodes;
    }

    /** @return whether ids and type names are written into the text: the statement is for a cached generic plan */
    boolean forGenericPlan() {
        return inline;
    }

    /** @return whether {@code value} may be written into a statement as a code by {@link #code(String)} */
    static boolean isWritableCode(String value) {
        return CODE.matcher(value).matches();
    }

    Sql append(String part) {
        text.append(part);
        return this;
    }

    /** Appends a {@code ?} bound to {@code value} (String, Integer, Long, BigDecimal, Boolean, String[]). */
    Sql bind(Object value) {
        text.append('?');
        args.add(value);
        return this;
    }

    /**
     * Appends a parameter id: written into the text for a lookup statement, bound otherwise. Written
     * in, the ids and type names make a statement's shape specific enough that PostgreSQL's generic
     * plan for it is as good as a custom one, so a prepared lookup need not be planned again on each
     * execution (planning costs five times an identifier lookup); the searcher runs lookups on that
     * plan, since PostgreSQL's own choice misjudges it on large tables. For a search of several clauses,
     * bound ids keep the generic plan from trusting one value's statistics for all values.
     */
    Sql literal(int id) {
        return inline ? append(Integer.toString(id)) : bind(id);
    }

    /**
     * Appends a token's code or code system: written into the text, quoted, for a statement that writes
     * codes in and when it {@linkplain #isWritableCode looks like one}, bound otherwise. Written in, the
     * code is planned with its own statistics even in a generic plan: one cached plan per code, which for
     * a vocabulary (LOINC, SNOMED CT, statuses) is few plans reused many times. Identifiers, with a value
     * per resource, are never written in (see {@code Searcher#planFor}).
     */
    Sql code(String value) {
        return inlineCodes && isWritableCode(value) ? append("'" + value + "'") : bind(value);
    }

    /**
     * Appends a resource type name, written in (quoted) or bound as {@link #literal(int)} says.
     *
     * @throws IllegalArgumentException when {@code type} is not shaped like a resource type name
     */
    Sql typeLiteral(String type) {
        if (!TYPE.matcher(type).matches()) {
            throw new IllegalArgumentException("not a resource type name: " + type);
        }
        return inline ? append("'" + type + "'") : bind(type);
    }

    /** Appends a {@code ?::timestamptz} bound to an ISO instant or an infinity. */
    Sql bindTime(String isoOrInfinity) {
        text.append("?::timestamptz");
        args.add(isoOrInfinity);
        return this;
    }

    /**
     * Restricts every resource row this statement reads, through {@link #visible}, to what the
     * caller may see.
     *
     * @param securityParam the parameter id of {@code _security}
     */
    Sql restrictTo(org.openspine.fhir.store.Visibility visibility, int securityParam) {
        this.visibility = visibility;
        this.securityParam = securityParam;
        return this;
    }

    /**
     * Appends {@code AND} the condition that the resource row {@code alias} is visible to the caller
     * (nothing when everything is).
     */
    Sql visible(String alias) {
        org.openspine.fhir.store.Visibility.Condition condition = visibility.condition(alias, securityParam);
        if (condition != org.openspine.fhir.store.Visibility.Condition.TRUE) {
            text.append(" AND ").append(condition.sql());
            args.addAll(condition.values());
        }
        return this;
    }

    /** @return a new alias with the given prefix, unique within this statement */
    String alias(String prefix) {
        return prefix + (++aliases);
    }

    /** @return a statement of {@code prefix} (such as {@code EXPLAIN}) then this one, with the same bind values */
    Sql prefixed(String prefix) {
        Sql whole = new Sql(inline, inlineCodes).restrictTo(visibility, securityParam).append(prefix).append(text.toString());
        whole.args.addAll(args);
        return whole;
    }

    String text() {
        return text.toString();
    }

    List<Object> args() {
        return List.copyOf(args);
    }

    PreparedStatement prepare(Connection connection) throws SQLException {
        return prepare(connection, "", "");
    }

    /**
     * @param before statements sent ahead of this one in the same round trip, each ending in {@code ;}
     * @param after statements sent after it, each starting with {@code ;}
     * @return the statement with its values bound; its results follow those of {@code before}
     */
    PreparedStatement prepare(Connection connection, String before, String after) throws SQLException {
        PreparedStatement statement = connection.prepareStatement(before + text + after);
        try {
            for (int i = 0; i < args.size(); i++) {
                Object arg = args.get(i);
                if (arg instanceof String[] array) {
                    statement.setArray(i + 1, connection.createArrayOf("text", array));
                } else if (arg instanceof Long[] array) {
                    statement.setArray(i + 1, connection.createArrayOf("bigint", array));
                } else {
                    statement.setObject(i + 1, arg);
                }
            }
            return statement;
        } catch (SQLException | RuntimeException e) {
            statement.close();
            throw e;
        }
    }
}
