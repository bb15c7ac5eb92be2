package org.openspine.fhir.rest;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.OptionalInt;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.openspine.fhir.store.Criteria;
import org.openspine.fhir.store.FhirStore;
import org.openspine.fhir.store.ReadResult;
import org.openspine.fhir.store.StoredResource;
import org.openspine.fhir.store.WriteResult;
import org.openspine.platform.error.OpenSpineException;

/**
 * update ({@code PUT [type]/[id]}), including update-as-create with a client id, If-Match
 * (stale: 412), If-None-Match: * (exists: 412); and conditional update ({@code PUT [type]?criteria}).
 */
final class UpdateInteraction {

    private final FhirStore store;
    private final IncomingResource incoming;

    UpdateInteraction(FhirStore store, IncomingResource incoming) {
        this.store = store;
        this.incoming = incoming;
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
        String bodyId = resource.getIdElement().getIdPart();
        Criteria criteria = ConditionalCriteria.of(request.params());
        store.lockCriteria(connection, type, criteria);
        List<StoredResource> matches = store.find(connection, type, criteria, 2);
        if (matches.size() > 1) {
            throw new OpenSpineException.PreconditionFailed("conditional update criteria match more than one " + type);
        }
        if (matches.isEmpty()) {
            if (bodyId != null) {
                // update-as-create: only for an id not in use, never to overwrite a resource the criteria did not match
                if (!(store.read(connection, type, Targets.id(bodyId)) instanceof ReadResult.Absent)) {
                    throw new OpenSpineException.PreconditionFailed("the criteria match no " + type + " but " + type + "/"
                            + bodyId + " exists; a conditional update does not overwrite a resource it did not match");
                }
                return put(connection, request, type, bodyId, resource);
            }
            return StoredResponses.of(201, store.create(connection, resource), request.baseUrl(), true);
        }
        String matchId = matches.get(0).id();
        if (bodyId != null && !bodyId.equals(matchId)) {
            throw new OpenSpineException.Invalid("invalid", "the resource id '" + bodyId
                    + "' differs from the id of the resource the criteria matched");
        }
        return put(connection, request, type, matchId, resource);
    }

    private FhirResponse put(Connection connection, FhirRequest request, String type, String id, IBaseResource resource)
            throws SQLException {
        OptionalInt ifMatch = Etags.parse(request.header("If-Match"));
        String ifNoneMatch = request.header("If-None-Match");
        if (ifNoneMatch != null && ifNoneMatch.trim().equals("*")
                && store.read(connection, type, id) instanceof ReadResult.Found) {
            throw new OpenSpineException.PreconditionFailed(type + "/" + id + " exists and If-None-Match is *");
        }
        WriteResult result = store.update(connection, type, id, resource, ifMatch);
        return StoredResponses.of(result.created() ? 201 : 200, result.resource(), request.baseUrl(), true);
    }
}
