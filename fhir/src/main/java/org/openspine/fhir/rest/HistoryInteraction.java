package org.openspine.fhir.rest;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.openspine.fhir.access.RecordGuard;
import org.openspine.fhir.store.FhirStore;
import org.openspine.fhir.store.HistoryPage;
import org.openspine.fhir.store.HistoryQuery;
import org.openspine.platform.error.OpenSpineException;

/**
 * history at instance, type and system level, newest first, with {@code _since} and
 * {@code _count}. Pages are keyed by write position, not offset, so versions written while a
 * client pages through are neither skipped nor repeated: they are newer than the first page.
 */
final class HistoryInteraction {

    private static final int DEFAULT_COUNT = 50;
    private static final String CURSOR = "_cursor";

    private final FhirStore store;
    private final Clock clock;

    HistoryInteraction(FhirStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    /** @param type empty for system history; @param id empty for type history */
    FhirResponse history(Connection connection, FhirRequest request, Optional<String> type, Optional<String> id)
            throws SQLException {
        int count = Math.max(1, Paging.count(request, DEFAULT_COUNT));
        Optional<Instant> since = Optional.ofNullable(request.param("_since")).map(v -> Paging.instant("_since", v));
        OptionalLong before = cursor(request.param(CURSOR));
        if (request.param("_at") != null) {
            throw new OpenSpineException.Invalid("not-supported", "_at is not supported on history; use _since");
        }
        RecordGuard guard = request.guard();
        type.ifPresent(guard::requireRead);
        List<String> readable = type.isPresent() ? List.of() : guard.readable(List.of());
        HistoryPage page = store.history(connection,
                new HistoryQuery(type, id, since, before, count, guard.visibility(connection), readable));
        String url = request.baseUrl() + (type.map(t -> "/" + t).orElse("")) + (id.map(i -> "/" + i).orElse(""))
                + "/_history";
        BundleJson bundle = new BundleJson("history", clock.instant());
        bundle.links("self", Paging.link(url, request.params(), List.of()),
                "next", page.next().isPresent()
                        ? Paging.link(url, request.params(), List.of(CURSOR), CURSOR, Long.toString(page.next().getAsLong()))
                        : null);
        for (HistoryPage.Entry entry : page.entries()) {
            guard.touched(entry.type(), entry.id(), entry.patientId());
            String resourceUrl = entry.type() + "/" + entry.id();
            String status = switch (entry.method()) {
                case "POST" -> "201 Created";
                case "DELETE" -> "204 No Content";
                default -> entry.version() == 1 ? "201 Created" : "200 OK";
            };
            bundle.entry(request.baseUrl() + "/" + resourceUrl, entry.json().orElse(null), null,
                    new String[] {entry.method(), entry.method().equals("POST") ? entry.type() : resourceUrl},
                    new String[] {status, null, Etags.of(entry.version()), entry.lastUpdated().toString()}, null);
        }
        return new FhirResponse(200, Map.of(), new FhirResponse.Json(bundle.finish()));
    }

    private static OptionalLong cursor(String value) {
        if (value == null) {
            return OptionalLong.empty();
        }
        try {
            return OptionalLong.of(Long.parseLong(value));
        } catch (NumberFormatException e) {
            throw new OpenSpineException.Invalid("invalid", "the history page cursor '" + value + "' is not valid");
        }
    }
}
