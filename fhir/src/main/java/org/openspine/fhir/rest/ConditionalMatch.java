package org.openspine.fhir.rest;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.openspine.fhir.search.query.FhirSearch;
import org.openspine.fhir.store.FhirStore;
import org.openspine.fhir.store.ReadResult;
import org.openspine.fhir.store.StoredResource;
import org.openspine.platform.error.OpenSpineException;

/**
 * How every conditional interaction finds its target (If-None-Exist, conditional update, delete and
 * patch, conditional references in transactions): the criteria are full FHIR search criteria, read
 * strictly (an unknown parameter is an error, since ignoring it would select the wrong resources);
 * they are locked for the rest of the transaction, so concurrent requests with the same criteria see
 * each other's writes; and more than one match is a 412.
 */
final class ConditionalMatch {

    private final FhirStore store;
    private final FhirSearch search;

    ConditionalMatch(FhirStore store, FhirSearch search) {
        this.store = store;
        this.search = search;
    }

    /**
     * @param criteria decoded search parameters
     * @param what     names the criteria in the error, e.g. "If-None-Exist 'identifier=x|1'"
     * @return the single current match, or empty when nothing matches
     * @throws OpenSpineException.PreconditionFailed when several match
     */
    Optional<StoredResource> single(Connection connection, String type, Map<String, List<String>> criteria,
            String baseUrl, String what) throws SQLException {
        search.lock(connection, type, ConditionalCriteria.withoutFormat(criteria));
        return reference(connection, type, criteria, baseUrl, what);
    }

    /**
     * The target of a conditional reference ({@code Organization?identifier=...} in a transaction):
     * a plain read of what is stored, without the lock {@link #single} takes, because resolving a
     * reference creates nothing. Locking here would serialise every bundle that names the same
     * practice or clinician.
     *
     * @return the single current match, or empty when nothing matches
     * @throws OpenSpineException.PreconditionFailed when several match
     */
    Optional<StoredResource> reference(Connection connection, String type, Map<String, List<String>> criteria,
            String baseUrl, String what) throws SQLException {
        List<StoredResource> matches = search.find(connection, type, ConditionalCriteria.withoutFormat(criteria),
                baseUrl, 2);
        if (matches.size() > 1) {
            throw new OpenSpineException.PreconditionFailed(what + " matches more than one " + type);
        }
        return matches.stream().findFirst();
    }

    /**
     * The id a conditional update writes to: the single match; else the id in the body when no
     * resource has it (update-as-create); else a new id. A conditional update never overwrites a
     * resource its criteria did not match.
     *
     * @throws OpenSpineException.PreconditionFailed when several match, or nothing matches but the body names an existing resource
     * @throws OpenSpineException.Invalid when the body's id differs from the match's
     */
    String updateTarget(Connection connection, String type, Map<String, List<String>> criteria, String baseUrl,
            IBaseResource resource) throws SQLException {
        Optional<StoredResource> match = single(connection, type, criteria, baseUrl, "conditional update criteria");
        String value = resource.getIdElement().getValue();
        // a transaction entry may carry its urn:uuid as id: that names no stored resource
        String bodyId = value == null || value.startsWith("urn:") ? null : resource.getIdElement().getIdPart();
        if (match.isPresent()) {
            if (bodyId != null && !bodyId.equals(match.get().id())) {
                throw new OpenSpineException.Invalid("invalid", "the resource id '" + bodyId
                        + "' differs from the id of the resource the criteria matched");
            }
            return match.get().id();
        }
        if (bodyId == null) {
            return UUID.randomUUID().toString();
        }
        if (!(store.read(connection, type, Targets.id(bodyId)) instanceof ReadResult.Absent)) {
            throw new OpenSpineException.PreconditionFailed("the criteria match no " + type + " but " + type + "/"
                    + bodyId + " exists; a conditional update does not overwrite a resource it did not match");
        }
        return bodyId;
    }

    /** @return the query part of an If-None-Exist value, which may be given with or without "Type?" */
    static String queryOf(String ifNoneExist) {
        return ifNoneExist.contains("?") ? ifNoneExist.substring(ifNoneExist.indexOf('?') + 1) : ifNoneExist;
    }
}
