package org.openspine.fhir.search.query;

import ca.uhn.fhir.context.FhirContext;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Clock;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.openspine.fhir.search.ParamIds;
import org.openspine.fhir.search.SearchParameters;
import org.openspine.fhir.store.StoredResource;
import org.openspine.platform.database.Database;
import org.openspine.platform.error.OpenSpineException;

/**
 * FHIR search over the store's index tables: the entry point for the REST search interaction and
 * for every conditional interaction. Parses the parameters of a search ({@link #parse}), then runs it
 * a page at a time ({@link #page}) on the caller's connection. Thread-safe.
 */
public final class FhirSearch {

    private final QueryParser parser;
    private final Searcher searcher;

    /**
     * @param zone     the zone of dates and times written without one (the service's local time)
     * @param database the store searched, where its statistics are gathered as it grows (see {@link StoreScale})
     */
    public FhirSearch(FhirContext context, SearchParameters parameters, ParamIds ids, ZoneId zone, Clock clock,
            Database database) {
        this.parser = new QueryParser(parameters, context.getResourceTypes(), zone, new CompartmentMembers(context));
        this.searcher = new Searcher(ids, clock, new StoreScale(database));
    }

    /**
     * Parses a search's parameters.
     *
     * @param types     the types searched: one for a type or compartment search; empty for all
     * @param params    decoded query (or form) parameters
     * @param baseUrl   this server's FHIR base, so absolute references to it count as local
     * @param strict    {@code Prefer: handling=strict}: an unknown parameter is an error, not ignored
     * @param compartment the compartment searched in ({@code Patient/123/Observation}), if any
     * @throws OpenSpineException.Invalid for malformed values, unknown chain targets, bad modifiers,
     *         and (when strict) unknown parameters
     */
    public SearchQuery parse(Connection connection, List<String> types, Map<String, List<String>> params,
            String baseUrl, boolean strict, Optional<Compartment> compartment) throws SQLException {
        return parser.parse(connection, types, params, baseUrl, strict, compartment);
    }

    /** @return a page of matches (and their includes) starting at {@code cursor} */
    public SearchPage page(Connection connection, SearchQuery query, Optional<PageCursor> cursor) throws SQLException {
        return searcher.page(connection, query, cursor);
    }

    /** @return the exact number of matches */
    public long count(Connection connection, SearchQuery query) throws SQLException {
        return searcher.count(connection, query);
    }

    /** @return PostgreSQL's estimate of the number of matches */
    public long estimate(Connection connection, SearchQuery query) throws SQLException {
        return searcher.estimate(connection, query);
    }

    /**
     * The matches of conditional-interaction criteria (strict: a parameter the server does not know
     * is an error, because ignoring it would select the wrong resources).
     *
     * @return at most {@code limit} current resources of {@code type}
     */
    public List<StoredResource> find(Connection connection, String type, Map<String, List<String>> criteria,
            String baseUrl, int limit) throws SQLException {
        SearchQuery parsed = parser.parse(connection, List.of(type), criteria, baseUrl, true, Optional.empty());
        if (parsed.clauses().isEmpty()) {
            throw new OpenSpineException.Invalid("invalid", "conditional interaction has no criteria");
        }
        SearchQuery query = new SearchQuery(parsed.types(), parsed.clauses(), List.of(), limit,
                SearchQuery.Total.NONE, List.of(), List.of(), List.of());
        return searcher.page(connection, query, Optional.empty()).matches().stream().map(SearchPage.Hit::resource)
                .toList();
    }

    /**
     * Serialises conditional interactions on the same criteria until the caller's transaction ends,
     * so two concurrent "create if none exists" cannot both see none and both create.
     */
    public void lock(Connection connection, String type, Map<String, List<String>> criteria) throws SQLException {
        StringBuilder key = new StringBuilder(type).append('?');
        new TreeMap<>(criteria).forEach((name, values) -> values.stream().sorted()
                .forEach(v -> key.append(name).append('=').append(v).append('&')));
        try (PreparedStatement statement = connection.prepareStatement("SELECT pg_advisory_xact_lock(hashtextextended(?, 0))")) {
            statement.setString(1, key.toString());
            statement.execute();
        }
    }

    // ---- the statements a search runs, for plan checks ------------------------------------------

    Sql pageSql(SearchQuery query, Optional<PageCursor> cursor) {
        return searcher.pageSql(query, cursor);
    }

    Sql countSql(SearchQuery query) {
        return searcher.countSql(query);
    }

    /** @return the statements of a page's first include round: each _include's, then each _revinclude's */
    List<Sql> includeSql(SearchQuery query, List<SearchPage.Hit> matches) {
        List<Sql> statements = new ArrayList<>();
        query.includes().forEach(include -> searcher.forwardSql(query, include, matches).ifPresent(statements::add));
        query.revincludes().forEach(include -> statements.addAll(searcher.reverseSql(query, include, matches)));
        return statements;
    }

    /**
     * A compartment a search is limited to.
     *
     * @param type the compartment type, e.g. Patient
     * @param id   the owner's id
     */
    public record Compartment(String type, String id) {
    }
}
