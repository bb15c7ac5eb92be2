package org.openspine.fhir.search.query;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.openspine.fhir.search.ParamIds;
import org.openspine.fhir.search.SearchParam;
import org.openspine.fhir.store.StoredResource;

/**
 * Runs parsed searches: one SQL statement per page (keyset paging), one per include step, and a
 * count or planner estimate for {@code _total}. Joins the caller's transaction. Thread-safe.
 */
final class Searcher {

    /** Includes stop growing a page past this many resources; {@code :iterate} past this many rounds. */
    static final int MAX_INCLUDED = 1000;
    static final int MAX_ITERATIONS = 4;
    private static final String GENERIC_PLAN = "SET plan_cache_mode = force_generic_plan; ";
    private static final String CUSTOM_PLAN = "SET plan_cache_mode = force_custom_plan; ";
    private static final String DEFAULT_PLAN = "; RESET plan_cache_mode";
    /** The longest day a birth date can name: a day on which London's clocks go back. */
    private static final java.time.Duration ONE_DAY = java.time.Duration.ofHours(25);
    private static final String COLUMNS = "r.rid, r.res_type, r.res_id, r.version, r.last_updated, r.patient_id, r.json";

    private final ParamIds ids;
    private final ClauseSql clauses;
    private final SortSql sorts;
    private final StoreScale scale;

    Searcher(ParamIds ids, Clock clock, StoreScale scale) {
        this.ids = ids;
        this.scale = scale;
        this.clauses = new ClauseSql(ids, clock);
        this.sorts = new SortSql(ids);
    }

    /** @return one page of at most {@code query.count()} matches, starting at {@code cursor} */
    SearchPage page(Connection connection, SearchQuery query, Optional<PageCursor> cursor) throws SQLException {
        boolean before = cursor.map(PageCursor::before).orElse(false);
        Sql sql = pageSql(query, cursor);
        List<Row> rows;
        try {
            rows = rows(connection, sql, query);
        } catch (SQLException e) {
            // A key that is not text of its sort key's type (a date, a number) fails its cast: only a
            // forged or altered cursor brings one, since the server writes keys as PostgreSQL reads them.
            if (cursor.isPresent() && e.getSQLState() != null && e.getSQLState().startsWith("22")) {
                throw PageCursor.notAPosition(cursor.get().encode());
            }
            throw e;
        }
        boolean more = rows.size() > query.count();
        if (more) {
            rows = new ArrayList<>(rows.subList(0, query.count()));
        }
        if (before) {
            Collections.reverse(rows);
        }
        Optional<PageCursor> next = Optional.empty();
        Optional<PageCursor> previous = Optional.empty();
        if (!rows.isEmpty()) {
            Row first = rows.get(0);
            Row last = rows.get(rows.size() - 1);
            if (before ? cursor.isPresent() : more) {
                next = Optional.of(new PageCursor(false, last.hit().rid(), last.keys()));
            }
            if (before ? more : cursor.isPresent()) {
                previous = Optional.of(new PageCursor(true, first.hit().rid(), first.keys()));
            }
        }
        List<SearchPage.Hit> matches = rows.stream().map(Row::hit).toList();
        return new SearchPage(matches, included(connection, query, matches), next, previous);
    }

    /** The plan a page's statement runs on, chosen from the query's shape (see {@link #rows}). */
    enum Plan {
        /** One equality clause: a generic plan, ids and types written in. */
        LOOKUP,
        /** One patient's resources narrowed by codes and dates: a generic plan, ids, types and codes written in. */
        ONE_PATIENT,
        /** Patients born on one day, narrowed by anything: a generic plan driven from that day, ids and types written in. */
        BIRTH_DAY,
        /** Anything else: planned for its values every time. */
        CUSTOM
    }

    static Plan planFor(SearchQuery query) {
        if (isLookup(query)) {
            return Plan.LOOKUP;
        }
        if (isOnePatientCoded(query)) {
            return Plan.ONE_PATIENT;
        }
        return birthDay(query).isPresent() ? Plan.BIRTH_DAY : Plan.CUSTOM;
    }

    /**
     * The birth date clause of a search for patients born on one day, unsorted: the clinician's and PDS's
     * {@code Patient?family=&birthdate=}. One day's births are few in any population (about 30 a day in a
     * million patients, under 2,000 in the nation's 60 million) whatever the day, so that clause drives, on one
     * generic plan per connection: planned for its values, the search spent 0.76 ms planning to execute in 0.27.
     * With the values bound, the generic plan of the same statement drove from the family name (7 ms for a common
     * one), so the day's patients are collected first ({@link ClauseSql#drive}) and the other clauses check them.
     * A day is at most 25 hours (a clock change in London); a month or a range is not one day.
     *
     * @return the clause that drives, when the search is of that shape
     */
    static Optional<Clause.Match> birthDay(SearchQuery query) {
        if (!query.sort().isEmpty() || !query.types().equals(List.of("Patient"))) {
            return Optional.empty();
        }
        List<Clause.Match> days = query.clauses().stream()
                .filter(c -> c instanceof Clause.Match m && "birthdate".equals(m.param().code())
                        && m.param().type() == org.openspine.fhir.search.SearchParamType.DATE && m.modifier() == null
                        && m.anyOf().size() == 1 && m.anyOf().get(0) instanceof SearchValue.DateValue d
                        && d.prefix() == Prefix.EQ && !d.high().isAfter(d.low().plus(ONE_DAY)))
                .map(Clause.Match.class::cast).toList();
        return days.size() == 1 ? Optional.of(days.get(0)) : Optional.empty();
    }

    /**
     * A lookup: one clause, an equality on a coded token, a reference or an id, unsorted. It is as
     * selective whatever its values, so one generic plan serves all of them (see {@link Sql#literal}).
     */
    static boolean isLookup(SearchQuery query) {
        if (!query.sort().isEmpty() || query.clauses().size() != 1) {
            return false; // with two clauses, which should drive depends on the values
        }
        for (Clause clause : query.clauses()) {
            boolean lookup = switch (clause) {
                case Clause.Ids ids -> true;
                case Clause.Match match when match.modifier() == null
                        && match.param().type() == org.openspine.fhir.search.SearchParamType.TOKEN ->
                        match.anyOf().stream().allMatch(v -> v instanceof SearchValue.TokenValue t
                                && t.code() != null && t.system() != null && !t.system().isEmpty());
                case Clause.Match match when match.param().type() == org.openspine.fhir.search.SearchParamType.REFERENCE ->
                        !"identifier".equals(match.modifier());
                case Clause.InCompartment compartment -> true;
                default -> false;
            };
            if (!lookup) {
                return false;
            }
        }
        return true;
    }

    /**
     * One patient's resources of a type narrowed by codes and dates, unsorted: the clinician's
     * {@code Observation?patient=&code=&date=ge}. Exactly one clause names one patient (a reference
     * to a Patient, or the Patient compartment); the others are equalities on coded tokens (not
     * identifiers) whose codes can be written in, date ranges, or ids. Written in, each code is
     * planned with its own statistics, and the patient, bound, is costed as an average patient's
     * rows: so the generic plan drives from the patient (at most one record's rows) unless the code
     * is rarer still, and each (shape, code) is planned once per connection rather than on every
     * search (1.8 ms of planning against 0.65 ms of execution over a million resources).
     */
    static boolean isOnePatientCoded(SearchQuery query) {
        if (!query.sort().isEmpty() || query.clauses().size() < 2) {
            return false;
        }
        int patients = 0;
        for (Clause clause : query.clauses()) {
            switch (clause) {
                case Clause.InCompartment c when "Patient".equals(c.ownerType()) -> patients++;
                case Clause.Match m when isOnePatient(m) -> patients++;
                case Clause.Match m when isCoded(m) -> { }
                case Clause.Match m when m.param().type() == org.openspine.fhir.search.SearchParamType.DATE -> { }
                case Clause.Ids ids -> { }
                default -> {
                    return false;
                }
            }
        }
        return patients == 1;
    }

    private static boolean isOnePatient(Clause.Match match) {
        if (match.param().type() != org.openspine.fhir.search.SearchParamType.REFERENCE || match.anyOf().size() != 1
                || !(match.anyOf().get(0) instanceof SearchValue.ReferenceValue r) || r.id() == null
                || r.version() != null) {
            return false;
        }
        if (match.modifier() != null && !"Patient".equals(match.modifier())) {
            return false;
        }
        if (r.type() != null || match.modifier() != null) {
            return "Patient".equals(r.type() != null ? r.type() : match.modifier());
        }
        // R4's patient parameters name Group among their targets, but each indexes Patient references only
        // (AllergyIntolerance.patient, Observation.subject.where(resolve() is Patient), ...)
        return "patient".equals(match.param().code()) || match.param().targets().equals(List.of("Patient"));
    }

    /** An equality on codes of a vocabulary, each writable into the statement; identifiers are not codes. */
    private static boolean isCoded(Clause.Match match) {
        return match.modifier() == null && match.param().type() == org.openspine.fhir.search.SearchParamType.TOKEN
                && !match.param().expression().toLowerCase(java.util.Locale.ROOT).contains("identifier")
                && match.anyOf().stream().allMatch(v -> v instanceof SearchValue.TokenValue t && t.code() != null
                        && Sql.isWritableCode(t.code()) && (t.system() == null || t.system().isEmpty()
                                || Sql.isWritableCode(t.system())));
    }

    /** @return the exact number of matches */
    long count(Connection connection, SearchQuery query) throws SQLException {
        Sql sql = countSql(query);
        try (PreparedStatement statement = sql.prepare(connection);
             ResultSet results = statement.executeQuery()) {
            results.next();
            return results.getLong(1);
        }
    }

    /** @return the planner's estimate of the number of matches (cheap, approximate) */
    long estimate(Connection connection, SearchQuery query) throws SQLException {
        Sql sql = restricted(new Sql(), query).append("EXPLAIN (FORMAT JSON) SELECT r.rid FROM resource r");
        where(sql, query);
        try (PreparedStatement statement = sql.prepare(connection); ResultSet results = statement.executeQuery()) {
            results.next();
            JsonNode plan = new ObjectMapper().readTree(results.getString(1));
            return plan.path(0).path("Plan").path("Plan Rows").asLong();
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("PostgreSQL returned an unreadable plan", e);
        }
    }

    /**
     * @return the statement of one page of matches (its keys follow the columns), starting at
     *         {@code cursor}. The page's rids and keys are found first, from indexes alone where the
     *         sort allows, and only the page's rows are then read whole: a search walking a type in
     *         rid order reads the narrow (res_type, rid) index rather than every row of the table.
     */
    Sql pageSql(SearchQuery query, Optional<PageCursor> cursor) {
        boolean before = cursor.map(PageCursor::before).orElse(false);
        int keys = query.sort().size();
        Plan plan = planFor(query);
        Sql sql = restricted(new Sql(plan != Plan.CUSTOM, plan == Plan.ONE_PATIENT), query).append("SELECT ")
                .append(COLUMNS);
        Optional<Clause.Match> driver = plan == Plan.BIRTH_DAY ? birthDay(query) : Optional.empty();
        for (int i = 1; i <= keys; i++) {
            sql.append(", m.k").append(String.valueOf(i)).append("::text");
        }
        sql.append(" FROM (SELECT r.rid");
        for (int i = 0; i < keys; i++) {
            sql.append(", ").append(SortSql.key(i)).append(" AS k").append(String.valueOf(i + 1));
        }
        sql.append(" FROM resource r");
        sorts.lateral(sql, query.sort());
        where(sql, query, driver);
        if (cursor.isPresent()) {
            sql.append(" AND ");
            sorts.after(sql, query.sort(), cursor.get());
        }
        sorts.orderBy(sql, query.sort(), before, SortSql::key, "r.rid");
        sql.append(" LIMIT ").bind(query.count() + 1); // one extra row tells whether there is more
        sql.append(") m JOIN resource r ON r.rid = m.rid");
        sorts.orderBy(sql, query.sort(), before, i -> "m.k" + (i + 1), "m.rid");
        return sql;
    }

    /** @return the statement counting every match */
    Sql countSql(SearchQuery query) {
        Sql sql = restricted(new Sql(), query).append("SELECT count(*) FROM resource r");
        where(sql, query);
        return sql;
    }

    private Sql restricted(Sql sql, SearchQuery query) {
        return sql.restrictTo(query.visibility(), ids.of("Resource._security"));
    }

    private void where(Sql sql, SearchQuery query) {
        where(sql, query, Optional.empty());
    }

    /** @param driver the clause whose rows are collected first, the others checking them; empty: the planner's choice */
    private void where(Sql sql, SearchQuery query, Optional<Clause.Match> driver) {
        sql.append(" WHERE NOT r.deleted");
        if (query.types().size() == 1) {
            sql.append(" AND r.res_type = ").typeLiteral(query.types().get(0));
        } else if (!query.types().isEmpty()) {
            sql.append(" AND r.res_type = ANY (").bind(query.types().toArray(String[]::new)).append(")");
        }
        sql.visible("r");
        for (Clause clause : query.clauses()) {
            sql.append(" AND ");
            if (driver.isPresent() && driver.get() == clause) {
                clauses.drive(sql, "r", driver.get());
            } else {
                clauses.append(sql, "r", clause);
            }
        }
    }

    // ---- includes -------------------------------------------------------------------------------

    private List<SearchPage.Hit> included(Connection connection, SearchQuery query, List<SearchPage.Hit> matches)
            throws SQLException {
        if (matches.isEmpty() || (query.includes().isEmpty() && query.revincludes().isEmpty())) {
            return List.of();
        }
        Set<Long> seen = new HashSet<>();
        matches.forEach(m -> seen.add(m.rid()));
        List<SearchPage.Hit> included = new ArrayList<>();
        List<SearchPage.Hit> round = matches;
        for (int iteration = 0; iteration <= MAX_ITERATIONS && !round.isEmpty(); iteration++) {
            boolean first = iteration == 0;
            List<SearchPage.Hit> found = new ArrayList<>();
            for (SearchQuery.Include include : query.includes()) {
                if (first || include.iterate()) {
                    found.addAll(forward(connection, query, include, round));
                }
            }
            for (SearchQuery.Include include : query.revincludes()) {
                if (first || include.iterate()) {
                    found.addAll(reverse(connection, query, include, round));
                }
            }
            List<SearchPage.Hit> fresh = new ArrayList<>();
            for (SearchPage.Hit hit : found) {
                if (seen.add(hit.rid()) && included.size() < MAX_INCLUDED) {
                    included.add(hit);
                    fresh.add(hit);
                }
            }
            round = fresh;
        }
        return included;
    }

    /** {@code _include=Source:param[:Target]}: what the matches of the source type refer to. */
    private List<SearchPage.Hit> forward(Connection connection, SearchQuery query, SearchQuery.Include include,
            List<SearchPage.Hit> from) throws SQLException {
        Optional<Sql> sql = forwardSql(query, include, from);
        return sql.isEmpty() ? List.of() : hits(connection, sql.get());
    }

    /** {@code _revinclude=Source:param}: resources of the source type that refer to the matches. */
    private List<SearchPage.Hit> reverse(Connection connection, SearchQuery query, SearchQuery.Include include,
            List<SearchPage.Hit> to) throws SQLException {
        List<SearchPage.Hit> found = new ArrayList<>();
        for (Sql sql : reverseSql(query, include, to)) {
            found.addAll(hits(connection, sql));
        }
        return found;
    }

    /** @return the statement finding what {@code from} refers to through {@code include}, if any can */
    Optional<Sql> forwardSql(SearchQuery query, SearchQuery.Include include, List<SearchPage.Hit> from) {
        Long[] rids = from.stream().filter(h -> h.resource().type().equals(include.sourceType()))
                .map(SearchPage.Hit::rid).toArray(Long[]::new);
        if (rids.length == 0 || include.references().isEmpty()) {
            return Optional.empty();
        }
        Sql sql = restricted(new Sql(), query).append("SELECT DISTINCT ").append(COLUMNS)
                .append(" FROM idx_reference x JOIN resource r ON r.res_type = x.target_type AND r.res_id = x.target")
                .append(" WHERE x.rid = ANY (").bind(rids).append(") AND x.param = ANY (").bind(paramIds(include))
                .append("::int[]) AND NOT r.deleted").visible("r");
        if (include.targetType() != null) {
            sql.append(" AND x.target_type = ").bind(include.targetType());
        }
        return Optional.of(sql);
    }

    /** @return the statements (one per target type) finding what refers to {@code to} through {@code include} */
    List<Sql> reverseSql(SearchQuery query, SearchQuery.Include include, List<SearchPage.Hit> to) {
        Map<String, List<String>> idsByType = new LinkedHashMap<>();
        for (SearchPage.Hit hit : to) {
            idsByType.computeIfAbsent(hit.resource().type(), t -> new ArrayList<>()).add(hit.resource().id());
        }
        List<Sql> statements = new ArrayList<>();
        for (Map.Entry<String, List<String>> targets : idsByType.entrySet()) {
            if (include.targetType() != null && !include.targetType().equals(targets.getKey())) {
                continue;
            }
            statements.add(restricted(new Sql(), query).append("SELECT DISTINCT ").append(COLUMNS)
                    .append(" FROM idx_reference x JOIN resource r ON r.rid = x.rid WHERE x.param = ANY (")
                    .bind(paramIds(include)).append("::int[]) AND x.target = ANY (")
                    .bind(targets.getValue().toArray(String[]::new)).append(") AND x.target_type = ")
                    .bind(targets.getKey()).append(" AND NOT r.deleted").visible("r"));
        }
        return statements;
    }

    private String[] paramIds(SearchQuery.Include include) {
        return include.references().stream().map(SearchParam::key).map(ids::of).map(String::valueOf)
                .toArray(String[]::new);
    }

    /**
     * Reads a page's rows, choosing the plan rather than leaving it to PostgreSQL, which gets it wrong both ways
     * over a million resources.
     *
     * <p>A lookup runs on the generic plan of its statement, planned once per connection. With ids and type
     * written in ({@link Sql#literal}), that plan is as good as a custom one for every value, but PostgreSQL
     * cannot always tell: it samples the distinct codes of {@code idx_token} as about 40,000, so the generic plan
     * seemed to find six rows and cost twice a custom one, and it planned every NHS Number lookup afresh (0.7 ms
     * of planning for 0.1 ms of work).
     *
     * <p>With the codes bound, which clause should drive depends on the values: for
     * {@code Observation?patient=&code=&date=ge} the patient's 48 references, never the 112,014 rows of a common
     * code. The generic plan, costed with an average code's six rows, drove from the code; after five custom
     * plans PostgreSQL judged it cheaper and switched to it, and that search went from 3 ms to 3.4 s. So one
     * patient's coded search ({@link #isOnePatientCoded}) writes its codes in and runs on the generic plan of
     * each code, and any other search is planned for its values every time.
     *
     * <p>A generic plan is kept by the connection, so it is made again whenever the store doubles in size (see
     * {@link StoreScale}): a plan made for an almost empty store walks every row.
     *
     * <p>The mode is set and reset around the query in one round trip and one implicit transaction (or the
     * caller's): a failure rolls the SET back with it, so no connection keeps the mode.
     */
    private List<Row> rows(Connection connection, Sql sql, SearchQuery query) throws SQLException {
        boolean generic = sql.forGenericPlan(); // pageSql wrote it for the plan planFor chose
        try (PreparedStatement statement = sql.prepare(connection, generic ? GENERIC_PLAN : CUSTOM_PLAN,
                generic ? StoreScale.comment(scale.current(connection)) + DEFAULT_PLAN : DEFAULT_PLAN)) {
            statement.execute();
            statement.getMoreResults(); // past the SET's result to the query's
            List<Row> rows = new ArrayList<>();
            try (ResultSet results = statement.getResultSet()) {
                while (results.next()) {
                    List<String> keys = new ArrayList<>();
                    for (int i = 0; i < query.sort().size(); i++) {
                        keys.add(results.getString(8 + i));
                    }
                    rows.add(new Row(hit(results), keys));
                }
            }
            return rows;
        }
    }

    private static List<SearchPage.Hit> hits(Connection connection, Sql sql) throws SQLException {
        List<SearchPage.Hit> hits = new ArrayList<>();
        try (PreparedStatement statement = sql.prepare(connection); ResultSet results = statement.executeQuery()) {
            while (results.next()) {
                hits.add(hit(results));
            }
        }
        return hits;
    }

    private static SearchPage.Hit hit(ResultSet results) throws SQLException {
        return new SearchPage.Hit(results.getLong(1), new StoredResource(results.getString(2), results.getString(3),
                results.getInt(4), results.getTimestamp(5).toInstant(), Optional.ofNullable(results.getString(6)),
                results.getString(7)));
    }

    private record Row(SearchPage.Hit hit, List<String> keys) {
    }
}
