package org.openspine.fhir.rest;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.openspine.fhir.access.RecordGuard;
import org.openspine.fhir.search.query.FhirSearch;
import org.openspine.fhir.search.query.PageCursor;
import org.openspine.fhir.search.query.SearchPage;
import org.openspine.fhir.search.query.SearchQuery;
import org.openspine.platform.http.OutcomeMapper;

/**
 * search at type level ({@code GET [type]?...}, {@code POST [type]/_search}), system level
 * ({@code GET [base]?_type=...}) and compartment level ({@code GET Patient/123/Observation}).
 * Answers a searchset Bundle of stored JSON: the matches, then what {@code _include}/{@code _revinclude}
 * brought, then an OperationOutcome naming any parameters that were ignored. Pages are keyset pages
 * (see {@link PageCursor}): next and previous links stay right while resources are written.
 */
final class SearchInteraction {

    private final FhirSearch search;
    private final Clock clock;

    SearchInteraction(FhirSearch search, Clock clock) {
        this.search = search;
        this.clock = clock;
    }

    FhirResponse search(Connection connection, FhirRequest request, List<String> types,
            Optional<FhirSearch.Compartment> compartment, String path) throws SQLException {
        boolean strict = isStrict(request);
        RecordGuard guard = request.guard();
        SearchQuery parsed = search.parse(connection, types, request.params(), request.baseUrl(), strict, compartment);
        // Every type the search reaches, through chains and _has too, must be readable: a receptionist
        // may not find patients by their diagnoses.
        for (String reached : parsed.reachedTypes()) {
            guard.requireRead(reached);
        }
        SearchQuery query = parsed.visibleTo(guard.visibility(connection), guard.readable(parsed.types()));
        String url = request.baseUrl() + path;
        BundleJson bundle = new BundleJson("searchset", clock.instant());
        if ("count".equals(request.param("_summary")) || query.count() == 0) {
            bundle.total(search.count(connection, query)).links("self", Paging.link(url, request.params(), List.of()));
            outcome(bundle, query);
            return new FhirResponse(200, Map.of(), new FhirResponse.Json(bundle.finish()));
        }
        Optional<PageCursor> cursor = Optional.ofNullable(request.param("_cursor"))
                .map(c -> PageCursor.decode(c, query.sort().size()));
        SearchPage page = search.page(connection, query, cursor);
        switch (query.total()) {
            case ACCURATE -> bundle.total(search.count(connection, query));
            case ESTIMATE -> bundle.total(search.estimate(connection, query));
            case AUTO -> {
                // free when everything fits on the first page
                if (cursor.isEmpty() && page.next().isEmpty()) {
                    bundle.total(page.matches().size());
                }
            }
            case NONE -> {
            }
        }
        List<String> drop = List.of("_cursor");
        bundle.links("self", Paging.link(url, request.params(), List.of()),
                "next", page.next().map(c -> Paging.link(url, request.params(), drop, "_cursor", c.encode())).orElse(null),
                "previous", page.previous().map(c -> Paging.link(url, request.params(), drop, "_cursor", c.encode()))
                        .orElse(null));
        for (SearchPage.Hit hit : page.matches()) {
            guard.touched(hit.resource());
            bundle.entry(request.baseUrl() + "/" + hit.resource().reference(), hit.resource().json(), "match", null,
                    null, null);
        }
        for (SearchPage.Hit hit : page.included()) {
            if (!guard.mayRead(hit.resource().type())) {
                continue; // included resources of a type the caller may not read are left out
            }
            guard.touched(hit.resource());
            bundle.entry(request.baseUrl() + "/" + hit.resource().reference(), hit.resource().json(), "include", null,
                    null, null);
        }
        outcome(bundle, query);
        return new FhirResponse(200, Map.of(), new FhirResponse.Json(bundle.finish()));
    }

    private static void outcome(BundleJson bundle, SearchQuery query) {
        if (!query.ignored().isEmpty()) {
            bundle.entry(null, OutcomeMapper.json(query.ignored()), "outcome", null, null, null);
        }
    }

    /** {@code Prefer: handling=strict} asks for unknown parameters to be errors. */
    static boolean isStrict(FhirRequest request) {
        String prefer = request.header("Prefer");
        if (prefer == null) {
            return false;
        }
        for (String part : prefer.split("[,;]")) {
            if (part.trim().replace(" ", "").equalsIgnoreCase("handling=strict")) {
                return true;
            }
        }
        return false;
    }
}
