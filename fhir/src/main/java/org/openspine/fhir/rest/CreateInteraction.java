package org.openspine.fhir.rest;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Optional;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.openspine.fhir.store.FhirStore;
import org.openspine.fhir.store.StoredResource;

/**
 * create ({@code POST [type]}), with a server-assigned id; conditional create with If-None-Exist
 * returns the existing match (200) instead of creating, and refuses when several match (412).
 */
final class CreateInteraction {

    private final FhirStore store;
    private final IncomingResource incoming;
    private final ConditionalMatch matcher;

    CreateInteraction(FhirStore store, IncomingResource incoming, ConditionalMatch matcher) {
        this.store = store;
        this.incoming = incoming;
        this.matcher = matcher;
    }

    FhirResponse create(Connection connection, FhirRequest request, String type) throws SQLException {
        IBaseResource resource = incoming.read(request, type);
        String ifNoneExist = request.header("If-None-Exist");
        if (ifNoneExist != null) {
            Optional<StoredResource> match = matcher.single(connection, type,
                    ConditionalCriteria.params(ConditionalMatch.queryOf(ifNoneExist)), request.baseUrl(),
                    "If-None-Exist '" + ifNoneExist + "'");
            if (match.isPresent()) {
                request.guard().requireVisible(connection, store, match.get());
                return StoredResponses.of(200, match.get(), request.baseUrl(), true);
            }
        }
        StoredResource created = store.create(connection, resource);
        request.guard().requireWritten(connection, store, created);
        return StoredResponses.of(201, created, request.baseUrl(), true);
    }
}
