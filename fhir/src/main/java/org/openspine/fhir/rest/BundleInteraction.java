package org.openspine.fhir.rest;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.openspine.fhir.model.FhirCodec;
import org.openspine.fhir.store.FhirStore;
import org.openspine.fhir.store.StoredResource;
import org.openspine.fhir.validation.WriteRules;
import org.openspine.platform.error.HttpStatusOf;
import org.openspine.platform.error.Issue;
import org.openspine.platform.error.OpenSpineException;
import org.openspine.platform.http.OutcomeMapper;

/**
 * batch and transaction ({@code POST [base]} with a Bundle).
 *
 * <p>A transaction runs in the caller's one database transaction: any failing entry fails it all
 * and nothing is stored. Entries run in the specification's order (DELETE, POST, PUT/PATCH, GET);
 * POSTs get their ids first (or the existing match for {@code ifNoneExist}) so that
 * {@code urn:uuid:} references and conditional references ({@code Patient?identifier=...}) in any
 * entry are rewritten to real ids before anything is written.
 *
 * <p>A batch runs each entry on its own savepoint: a failing entry is reported in its response
 * entry and the others stand.
 */
final class BundleInteraction {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(BundleInteraction.class);

    private final FhirCodec codec;
    private final FhirStore store;
    private final WriteRules rules;
    private final IncomingResource incoming;
    private final Clock clock;
    private final Targets targets;
    private final ca.uhn.fhir.util.FhirTerser terser;
    private final ConditionalMatch matcher;

    BundleInteraction(FhirCodec codec, FhirStore store, WriteRules rules, IncomingResource incoming, Clock clock,
            ConditionalMatch matcher) {
        this.codec = codec;
        this.store = store;
        this.rules = rules;
        this.incoming = incoming;
        this.clock = clock;
        this.targets = new Targets(codec.context());
        this.terser = codec.context().newTerser();
        this.matcher = matcher;
    }

    FhirResponse process(Connection connection, FhirRequest request, Dispatch dispatch) throws SQLException {
        IBaseResource parsed = incoming.parse(request);
        if (!(parsed instanceof Bundle bundle)) {
            throw new OpenSpineException.Invalid("invalid", "POST to the base URL needs a batch or transaction Bundle, not "
                    + parsed.fhirType());
        }
        Bundle.BundleType type = bundle.getType();
        if (type == Bundle.BundleType.TRANSACTION) {
            return transaction(connection, request, bundle, dispatch);
        }
        if (type == Bundle.BundleType.BATCH) {
            return batch(connection, request, bundle, dispatch);
        }
        throw new OpenSpineException.Invalid("invalid", "Bundle.type must be batch or transaction to be processed, was "
                + (type == null ? "missing" : type.toCode()));
    }

    // ---- transaction ----------------------------------------------------------------------------

    private FhirResponse transaction(Connection connection, FhirRequest outer, Bundle bundle, Dispatch dispatch)
            throws SQLException {
        List<Bundle.BundleEntryComponent> entries = bundle.getEntry();
        List<FhirRequest> requests = new ArrayList<>(entries.size());
        Map<Integer, List<Reference>> checkedReferences = new HashMap<>();
        for (int i = 0; i < entries.size(); i++) {
            FhirRequest entryRequest = EntryRequests.of(entries.get(i), i, outer.baseUrl(), outer);
            checkedReferences.put(i, checkEntry(entries.get(i), entryRequest, i));
            requests.add(entryRequest);
        }
        FhirResponse[] responses = new FhirResponse[entries.size()];
        Map<String, String> resolved = new HashMap<>(); // fullUrl or conditional reference -> Type/id
        List<Integer> creates = new ArrayList<>();

        for (int i = 0; i < entries.size(); i++) {
            if (requests.get(i).method().equals("DELETE")) {
                responses[i] = dispatch.apply(connection, requests.get(i));
            }
        }
        Map<Integer, String> newIds = new HashMap<>();
        for (int i = 0; i < entries.size(); i++) {
            FhirRequest entryRequest = requests.get(i);
            Bundle.BundleEntryComponent entry = entries.get(i);
            if (entryRequest.method().equals("POST") && entryRequest.segments().size() == 1) {
                String type = entryRequest.segments().get(0);
                outer.guard().requireWrite(type); // creates are stored together below, not dispatched
                String ifNoneExist = entryRequest.header("If-None-Exist");
                Optional<StoredResource> existing = ifNoneExist == null ? Optional.empty()
                        : matcher.single(connection, type, ConditionalCriteria.params(ConditionalMatch.queryOf(ifNoneExist)),
                                outer.baseUrl(),
                                "ifNoneExist '" + ifNoneExist + "'");
                String id;
                if (existing.isPresent()) {
                    outer.guard().requireVisible(connection, store, existing.get());
                    id = existing.get().id();
                    responses[i] = StoredResponses.of(200, existing.get(), outer.baseUrl(), true);
                } else {
                    id = UUID.randomUUID().toString();
                    newIds.put(i, id);
                    creates.add(i);
                }
                if (entry.hasFullUrl()) {
                    resolved.put(entry.getFullUrl(), type + "/" + id);
                }
            } else if (entryRequest.method().equals("PUT") && entryRequest.segments().size() == 1) {
                // conditional update: settle its target now so references to its fullUrl resolve
                String type = entryRequest.segments().get(0);
                String id = matcher.updateTarget(connection, type, entryRequest.params(), outer.baseUrl(),
                        entry.getResource());
                entry.getResource().setId(type + "/" + id);
                requests.set(i, new FhirRequest("PUT", entryRequest.baseUrl(), List.of(type, id), Map.of(),
                        entryRequest.headers(), entryRequest.body(), outer.guard()));
                if (entry.hasFullUrl()) {
                    resolved.put(entry.getFullUrl(), type + "/" + id);
                }
            } else if (entryRequest.method().equals("PUT") && entryRequest.segments().size() == 2 && entry.hasFullUrl()) {
                resolved.put(entry.getFullUrl(), entryRequest.segments().get(0) + "/" + entryRequest.segments().get(1));
            }
        }
        refuseOverlaps(entries, requests, newIds);
        for (int i = 0; i < entries.size(); i++) {
            Bundle.BundleEntryComponent entry = entries.get(i);
            if (entry.hasResource()) {
                List<Reference> references = checkedReferences.get(i);
                rewriteReferences(connection, references != null ? references : referencesIn(entry.getResource()), resolved, outer.baseUrl());
            }
        }
        List<Resource> toCreate = new ArrayList<>(creates.size());
        for (int i : creates) {
            Resource resource = entries.get(i).getResource();
            resource.setId(resource.fhirType() + "/" + newIds.get(i));
            toCreate.add(resource);
        }
        List<StoredResource> created = store.createAll(connection, toCreate);
        for (int n = 0; n < creates.size(); n++) {
            outer.guard().requireWritten(connection, store, created.get(n));
            responses[creates.get(n)] = StoredResponses.of(201, created.get(n), outer.baseUrl(), true);
        }
        for (int i = 0; i < entries.size(); i++) {
            String method = requests.get(i).method();
            if (responses[i] == null && (method.equals("PUT") || method.equals("PATCH") || method.equals("POST"))) {
                responses[i] = dispatch.apply(connection, requests.get(i));
            }
        }
        for (int i = 0; i < entries.size(); i++) {
            if (responses[i] == null) {
                responses[i] = dispatch.apply(connection, requests.get(i));
            }
        }
        return respond("transaction-response", requests.toArray(FhirRequest[]::new), responses);
    }

    /** @return the references of a checked POST or PUT resource; null for entries that carry none to check */
    private List<Reference> checkEntry(Bundle.BundleEntryComponent entry, FhirRequest request, int index) {
        String method = request.method();
        if (method.equals("POST") || method.equals("PUT")) {
            if (!entry.hasResource()) {
                throw new OpenSpineException.Invalid("required", "entry " + index + " (" + method + ") has no resource");
            }
            if (request.segments().isEmpty()) {
                throw new OpenSpineException.Invalid("invalid", "entry " + index + " has no resource type in request.url");
            }
            String type = targets.type(request.segments().get(0));
            if (method.equals("POST") && request.segments().size() != 1) {
                throw new OpenSpineException.Invalid("invalid", "entry " + index + ": POST url must be just the type, was "
                        + String.join("/", request.segments()));
            }
            if (!entry.getResource().fhirType().equals(type)) {
                throw new OpenSpineException.Invalid("invalid", "entry " + index + " holds a " + entry.getResource().fhirType()
                        + " but its request.url names " + type);
            }
            return rules.check(entry.getResource());
        }
        return null;
    }

    /**
     * A transaction may not touch one resource twice, nor name two entries by one fullUrl: the
     * outcome would depend on processing order (FHIR http.html, transaction rules).
     */
    private static void refuseOverlaps(List<Bundle.BundleEntryComponent> entries, List<FhirRequest> requests,
            Map<Integer, String> newIds) {
        Map<String, Integer> targets = new HashMap<>();
        Map<String, Integer> fullUrls = new HashMap<>();
        for (int i = 0; i < entries.size(); i++) {
            FhirRequest request = requests.get(i);
            String target = null;
            if (newIds.containsKey(i)) {
                target = request.segments().get(0) + "/" + newIds.get(i);
            } else if (!request.method().equals("GET") && !request.method().equals("POST")
                    && request.segments().size() == 2) {
                target = request.segments().get(0) + "/" + request.segments().get(1);
            }
            Integer earlier = target == null ? null : targets.putIfAbsent(target, i);
            if (earlier != null) {
                throw new OpenSpineException.Invalid("invalid", "entries " + earlier + " and " + i + " both change "
                        + target + "; a transaction may change each resource once");
            }
            String fullUrl = entries.get(i).getFullUrl();
            Integer same = fullUrl == null ? null : fullUrls.putIfAbsent(fullUrl, i);
            if (same != null) {
                throw new OpenSpineException.Invalid("invalid", "entries " + same + " and " + i + " have the same fullUrl "
                        + fullUrl);
            }
        }
    }

    private List<Reference> referencesIn(Resource resource) {
        List<Reference> references = new ArrayList<>();
        terser.visit(resource, (owner, element, path, child, definition) -> {
            if (element instanceof Reference reference) {
                references.add(reference);
            }
        });
        return references;
    }

    /** Replaces urn:uuid and conditional references by Type/id; conditional ones must match exactly one. */
    private void rewriteReferences(Connection connection, List<Reference> references, Map<String, String> resolved,
            String baseUrl) throws SQLException {
        for (Reference reference : references) {
            String target = reference.getReference();
            if (target == null) {
                continue;
            }
            String replacement = resolved.get(target);
            if (replacement == null && target.contains("?") && !target.startsWith("#")) {
                String type = targets.type(target.substring(0, target.indexOf('?')));
                replacement = matcher.reference(connection, type, ConditionalCriteria.params(target.substring(target.indexOf('?') + 1)),
                        baseUrl,
                        "conditional reference '" + target + "'").orElseThrow(() -> new OpenSpineException.PreconditionFailed(
                                "conditional reference '" + target + "' matches no resource; it must match exactly one"))
                        .reference();
                resolved.put(target, replacement);
            }
            if (replacement == null && target.startsWith("urn:uuid:")) {
                throw new OpenSpineException.Invalid("invalid", "reference '" + target
                        + "' names no entry of this transaction");
            }
            if (replacement != null) {
                reference.setReference(replacement);
            }
        }
    }

    // ---- batch ----------------------------------------------------------------------------------

    private FhirResponse batch(Connection connection, FhirRequest outer, Bundle bundle, Dispatch dispatch)
            throws SQLException {
        List<Bundle.BundleEntryComponent> entries = bundle.getEntry();
        FhirResponse[] responses = new FhirResponse[entries.size()];
        FhirRequest[] requests = new FhirRequest[entries.size()];
        for (int i = 0; i < entries.size(); i++) {
            Savepoint savepoint = connection.setSavepoint();
            try {
                FhirRequest entryRequest = EntryRequests.of(entries.get(i), i, outer.baseUrl(), outer);
                requests[i] = entryRequest;
                checkEntry(entries.get(i), entryRequest, i);
                responses[i] = dispatch.apply(connection, entryRequest);
                connection.releaseSavepoint(savepoint);
            } catch (OpenSpineException e) {
                connection.rollback(savepoint);
                responses[i] = new FhirResponse(HttpStatusOf.status(e), Map.of(), new FhirResponse.Outcome(e.issues()));
            } catch (RuntimeException e) {
                // a bug in one entry must not take the others down: it is logged and reported in its entry
                connection.rollback(savepoint);
                LOG.error("batch entry {} failed unexpectedly", i, e);
                responses[i] = new FhirResponse(500, Map.of(), new FhirResponse.Outcome(List.of(
                        Issue.error("exception", "internal error in this entry; the failure has been logged"))));
            }
        }
        return respond("batch-response", requests, responses);
    }

    // ---- response -------------------------------------------------------------------------------

    /** @param requests each entry's request (null for a batch entry whose request could not be read) */
    private FhirResponse respond(String type, FhirRequest[] requests, FhirResponse[] responses) {
        BundleJson out = new BundleJson(type, clock.instant());
        for (int i = 0; i < responses.length; i++) {
            FhirResponse response = responses[i];
            FhirResponse shaped = requests[i] == null ? response : PreferReturn.apply(requests[i], response);
            String resourceJson = null;
            String outcomeJson = null;
            switch (shaped.payload()) {
                case FhirResponse.Json json -> resourceJson = json.json();
                case FhirResponse.Parsed parsed -> resourceJson = codec.encodeStored(parsed.resource());
                case FhirResponse.Outcome outcome -> outcomeJson = OutcomeMapper.json(outcome.issues());
                case FhirResponse.Empty empty -> {
                }
            }
            String location = response.headers().get("Location");
            String fullUrl = location == null ? null : location.replaceFirst("/_history/.*$", "");
            out.entry(fullUrl, resourceJson, null, null, new String[] {statusLine(response.status()), location,
                    response.headers().get("ETag"), lastModified(response)}, outcomeJson);
        }
        return new FhirResponse(200, Map.of(), new FhirResponse.Json(out.finish()));
    }

    private static String lastModified(FhirResponse response) {
        String header = response.headers().get("Last-Modified");
        if (header == null) {
            return null;
        }
        return java.time.ZonedDateTime.parse(header, java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME)
                .toInstant().toString();
    }

    private static String statusLine(int status) {
        return switch (status) {
            case 200 -> "200 OK";
            case 201 -> "201 Created";
            case 204 -> "204 No Content";
            case 304 -> "304 Not Modified";
            default -> Integer.toString(status);
        };
    }
}
