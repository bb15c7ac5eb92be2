package org.openspine.fhir.rest;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.OptionalInt;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.openspine.fhir.store.FhirStore;
import org.openspine.fhir.store.ReadResult;
import org.openspine.fhir.store.WriteResult;
import org.openspine.platform.error.OpenSpineException;

/**
 * update ({@code PUT [type]/[id]}), including update-as-create with a client id, If-Match
 * (stale: 412), If-None-Match: * (exists: 412); and conditional update ({@code PUT [type]?criteria}).
 */
final class UpdateInteraction {

    private final FhirStore store;
    private final IncomingResource incoming;
    private final ConditionalMatch matcher;

    UpdateInteraction(FhirStore store, IncomingResource incoming, ConditionalMatch matcher) {
        this.store = store;
        this.incoming = incoming;
        this.matcher = matcher;
    }

    FhirResponse update(Connection connection, FhirRequest request, String type, String id) throws SQLException {
        IBaseResource resource = incoming.read(request, type);
        String bodyId = resource.getIdElement().getIdPart();
        if (bodyId == null) {
            throw new OpenSpineException.Invalid("required", "the resource in an update must have an id ('" + id + "')");
        }
        if (!bodyId.equals(id)) {
            throw new OpenSpineException.Invalid("invalid",
                    "the resource id '" + bodyId + "' does not match the id in the URL '" + id + "'");
        }
        return put(connection, request, type, id, resource);
    }

    FhirResponse conditionalUpdate(Connection connection, FhirRequest request, String type) throws SQLException {
        IBaseResource resource = incoming.read(request, type);
        String id = matcher.updateTarget(connection, type, request.params(), request.baseUrl(), resource);
        return put(connection, request, type, id, resource);
    }

    private FhirResponse put(Connection connection, FhirRequest request, String type, String id, IBaseResource resource)
            throws SQLException {
        request.guard().requireVisible(connection, store, type, id);
        OptionalInt ifMatch = Etags.parse(request.header("If-Match"));
        String ifNoneMatch = request.header("If-None-Match");
        if (ifNoneMatch != null && ifNoneMatch.trim().equals("*")
                && store.read(connection, type, id) instanceof ReadResult.Found) {
            throw new OpenSpineException.PreconditionFailed(type + "/" + id + " exists and If-None-Match is *");
        }
        WriteResult result = store.update(connection, type, id, resource, ifMatch);
        request.guard().requireWritten(connection, store, result.resource());
        return StoredResponses.of(result.created() ? 201 : 200, result.resource(), request.baseUrl(), true);
    }
}
