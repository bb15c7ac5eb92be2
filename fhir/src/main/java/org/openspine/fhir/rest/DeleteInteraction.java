package org.openspine.fhir.rest;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;
import java.util.Optional;
import org.openspine.fhir.store.DeleteResult;
import org.openspine.fhir.store.FhirStore;
import org.openspine.fhir.store.StoredResource;
import org.openspine.platform.error.OpenSpineException;

/**
 * delete ({@code DELETE [type]/[id]}): a soft delete, after which read gives 410 and history keeps
 * every version. Conditional delete ({@code DELETE [type]?criteria}) deletes a single match and
 * refuses several (412).
 */
final class DeleteInteraction {

    private final FhirStore store;
    private final ConditionalMatch matcher;

    DeleteInteraction(FhirStore store, ConditionalMatch matcher) {
        this.store = store;
        this.matcher = matcher;
    }

    FhirResponse delete(Connection connection, FhirRequest request, String type, String id) throws SQLException {
        request.guard().requireVisible(connection, store, type, id);
        DeleteResult result = store.delete(connection, type, id, Etags.parse(request.header("If-Match")));
        return switch (result) {
            case DeleteResult.Deleted deleted -> {
                request.guard().touched(type, id, deleted.patientId());
                yield new FhirResponse(204, Map.of("ETag", Etags.of(deleted.version())), new FhirResponse.Empty());
            }
            case DeleteResult.AlreadyDeleted already -> new FhirResponse(204, Map.of(), new FhirResponse.Empty());
            case DeleteResult.Absent absent -> throw new OpenSpineException.NotFound(type + "/" + id + " is not known");
        };
    }

    FhirResponse conditionalDelete(Connection connection, FhirRequest request, String type) throws SQLException {
        Optional<StoredResource> match = matcher.single(connection, type, request.params(),
                request.baseUrl(), "conditional delete criteria");
        if (match.isEmpty()) {
            return new FhirResponse(204, Map.of(), new FhirResponse.Empty());
        }
        return delete(connection, request, type, match.get().id());
    }
}
