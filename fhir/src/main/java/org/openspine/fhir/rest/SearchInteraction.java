package org.openspine.fhir.rest;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.openspine.fhir.store.Criteria;
import org.openspine.fhir.store.FhirStore;
import org.openspine.fhir.store.StoredResource;
import org.openspine.platform.error.Issue;
import org.openspine.platform.http.OutcomeMapper;

/**
 * search ({@code GET [type]?...}, {@code POST [type]/_search}) on the parameters the store indexes
 * today: {@code _id} and {@code identifier}, with {@code _count} and {@code _summary=count}.
 * Other parameters are ignored and reported in an OperationOutcome entry, as the specification
 * allows in lenient handling. Results are ordered by id and paged by id (keyset), so pages stay
 * correct while resources are added.
 */
final class SearchInteraction {

    private static final int DEFAULT_COUNT = 20;
    private static final Set<String> SUPPORTED = Set.of("_id", "identifier");
    private static final Set<String> RESULT_PARAMS = Set.of("_count", "_cursor", "_format", "_pretty", "_summary", "_elements");

    private final FhirStore store;
    private final Clock clock;

    SearchInteraction(FhirStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    FhirResponse search(Connection connection, FhirRequest request, String type) throws SQLException {
        int count = Paging.count(request, DEFAULT_COUNT);
        Map<String, List<String>> criteria = new LinkedHashMap<>();
        List<Issue> ignored = new ArrayList<>();
        for (Map.Entry<String, List<String>> param : request.params().entrySet()) {
            if (SUPPORTED.contains(param.getKey())) {
                criteria.put(param.getKey(), param.getValue());
            } else if (!RESULT_PARAMS.contains(param.getKey())) {
                ignored.add(Issue.warning("not-supported", "search parameter '" + param.getKey() + "' is not supported"
                        + " yet and was ignored"));
            }
        }
        // _count=0 asks, like _summary=count, for the total alone
        boolean countOnly = "count".equals(request.param("_summary")) || count == 0;
        Criteria where = criteria.isEmpty() ? new Criteria(List.of(), List.of()) : ConditionalCriteria.of(criteria);
        Optional<String> after = Optional.ofNullable(request.param("_cursor")).map(Targets::id);
        String url = request.baseUrl() + "/" + type;
        if (countOnly) {
            String json = new BundleJson("searchset", clock.instant()).total(store.count(connection, type, where))
                    .links("self", Paging.link(url, request.params(), List.of())).finish();
            return new FhirResponse(200, Map.of(), new FhirResponse.Json(json));
        }
        // one row more than the page tells whether a next page exists
        List<StoredResource> matches = store.find(connection, type, where, after, count + 1);
        boolean more = matches.size() > count;
        if (more) {
            matches = matches.subList(0, count);
        }
        BundleJson bundle = new BundleJson("searchset", clock.instant());
        if (!more && after.isEmpty()) {
            bundle.total(matches.size());
        }
        bundle.links("self", Paging.link(url, request.params(), List.of()),
                "next", more ? Paging.link(url, request.params(), List.of("_cursor"), "_cursor",
                        matches.get(matches.size() - 1).id()) : null);
        for (StoredResource match : matches) {
            bundle.entry(request.baseUrl() + "/" + match.reference(), match.json(), "match", null, null, null);
        }
        if (!ignored.isEmpty()) {
            bundle.entry(null, OutcomeMapper.json(ignored), "outcome", null, null, null);
        }
        return new FhirResponse(200, Map.of(), new FhirResponse.Json(bundle.finish()));
    }
}
