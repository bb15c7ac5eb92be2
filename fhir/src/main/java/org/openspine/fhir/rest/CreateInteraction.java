package org.openspine.fhir.rest;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.openspine.fhir.store.Criteria;
import org.openspine.fhir.store.FhirStore;
import org.openspine.fhir.store.StoredResource;
import org.openspine.platform.error.OpenSpineException;

/**
 * create ({@code POST [type]}), with a server-assigned id; conditional create with If-None-Exist
 * returns the existing match (200) instead of creating, and refuses when several match (412).
 */
final class CreateInteraction {

    private final FhirStore store;
    private final IncomingResource incoming;

    CreateInteraction(FhirStore store, IncomingResource incoming) {
        this.store = store;
        this.incoming = incoming;
    }

    FhirResponse create(Connection connection, FhirRequest request, String type) throws SQLException {
        IBaseResource resource = incoming.read(request, type);
        String ifNoneExist = request.header("If-None-Exist");
        if (ifNoneExist != null) {
            String query = ifNoneExist.contains("?") ? ifNoneExist.substring(ifNoneExist.indexOf('?') + 1) : ifNoneExist;
            Criteria criteria = ConditionalCriteria.parse(query);
            store.lockCriteria(connection, type, criteria); // a concurrent twin waits, then sees this one's create
            List<StoredResource> matches = store.find(connection, type, criteria, 2);
            if (matches.size() > 1) {
                throw new OpenSpineException.PreconditionFailed("If-None-Exist '" + ifNoneExist
                        + "' matches more than one " + type);
            }
            if (matches.size() == 1) {
                return StoredResponses.of(200, matches.get(0), request.baseUrl(), true);
            }
        }
        return StoredResponses.of(201, store.create(connection, resource), request.baseUrl(), true);
    }
}
