package org.openspine.fhir.rest;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Map;
import org.openspine.fhir.store.FhirStore;
import org.openspine.fhir.store.ReadResult;
import org.openspine.fhir.store.StoredResource;
import org.openspine.platform.error.OpenSpineException;

/**
 * read ({@code GET [type]/[id]}) and vread ({@code GET [type]/[id]/_history/[vid]}), with
 * If-None-Match and If-Modified-Since answered 304. The body is the stored JSON as it is.
 */
final class ReadInteraction {

    private final FhirStore store;

    ReadInteraction(FhirStore store) {
        this.store = store;
    }

    FhirResponse read(Connection connection, FhirRequest request, String type, String id) throws SQLException {
        return answer(connection, request, store.read(connection, type, id), type + "/" + id);
    }

    FhirResponse vread(Connection connection, FhirRequest request, String type, String id, int version)
            throws SQLException {
        return answer(connection, request, store.vread(connection, type, id, version),
                type + "/" + id + "/_history/" + version);
    }

    private FhirResponse answer(Connection connection, FhirRequest request, ReadResult result, String what)
            throws SQLException {
        if (result instanceof ReadResult.Found found) {
            request.guard().requireVisible(connection, store, found.resource());
        }
        return switch (result) {
            case ReadResult.Found found -> notModified(request, found.resource())
                    ? new FhirResponse(304, Map.of("ETag", Etags.of(found.resource().version())), new FhirResponse.Empty())
                    : StoredResponses.of(200, found.resource(), request.baseUrl(), false);
            case ReadResult.Deleted deleted -> throw new OpenSpineException.Gone(what + " has been deleted");
            case ReadResult.Absent absent -> throw new OpenSpineException.NotFound(what + " is not known");
        };
    }

    private static boolean notModified(FhirRequest request, StoredResource resource) {
        String ifNoneMatch = request.header("If-None-Match");
        if (ifNoneMatch != null) {
            for (String tag : ifNoneMatch.split(",")) {
                String candidate = tag.trim();
                if (candidate.equals("*")) {
                    return true;
                }
                try {
                    if (Etags.parse(candidate).orElse(-1) == resource.version()) {
                        return true;
                    }
                } catch (OpenSpineException e) {
                    // not one of our ETags: it cannot match; a read is answered in full (RFC 9110 13.1.2)
                }
            }
            return false;
        }
        String ifModifiedSince = request.header("If-Modified-Since");
        if (ifModifiedSince != null) {
            try {
                Instant since = ZonedDateTime.parse(ifModifiedSince.trim(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
                // HTTP dates have whole seconds; compare at that precision
                return resource.lastUpdated().getEpochSecond() <= since.getEpochSecond();
            } catch (DateTimeParseException e) {
                return false; // RFC 9110: an invalid If-Modified-Since date is ignored
            }
        }
        return false;
    }
}
