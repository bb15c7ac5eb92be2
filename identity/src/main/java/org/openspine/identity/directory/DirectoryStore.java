package org.openspine.identity.directory;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.openspine.fhir.access.RecordGuard;
import org.openspine.fhir.rest.FhirApi;
import org.openspine.fhir.rest.FhirRequest;
import org.openspine.fhir.search.query.FhirSearch;
import org.openspine.fhir.store.StoredResource;
import org.openspine.platform.error.OpenSpineException;

/**
 * Directory resources (Organization, Location, HealthcareService, Practitioner, PractitionerRole) found by
 * their identifiers and written through the FHIR API, so they get its parsing, write rules, access checks
 * and search indexes. A write changes only the elements the directory owns and is skipped when they
 * already hold what it would write: loading the same data twice writes no new versions. Every method
 * joins the caller's transaction. Thread-safe.
 */
final class DirectoryStore {

    /** The base internal FHIR requests name; never shown to a caller. */
    static final String BASE = "urn:openspine:directory";
    /** Codes a search ORs together: one statement (and one plan) per hundred codes rather than per code. */
    private static final int CHUNK = 100;
    /** More resources than carry one code, bar mistakes (found and refused) or a network's practices. */
    static final int MAX_PER_CODE = 10_000;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final FhirApi api;
    private final FhirSearch search;

    DirectoryStore(FhirApi api, FhirSearch search) {
        this.api = api;
        this.search = search;
    }

    /** What a {@link #put} did. */
    enum Written {
        CREATED, UPDATED, UNCHANGED
    }

    /**
     * @return the current resources of {@code type} carrying an identifier {@code system|code}, by code
     * @throws OpenSpineException.Conflict when two resources carry the same identifier
     */
    Map<String, StoredResource> find(Connection connection, String type, String system, Collection<String> codes)
            throws SQLException {
        Map<String, StoredResource> found = new HashMap<>();
        for (StoredResource resource : withTokens(connection, type, "identifier", system, codes)) {
            identifier(json(resource.json()), system).filter(codes::contains).ifPresent(code -> {
                StoredResource other = found.putIfAbsent(code, resource);
                if (other != null) {
                    throw new OpenSpineException.Conflict("two " + type + " resources carry the identifier " + system
                            + "|" + code + " (" + other.id() + " and " + resource.id() + "); remove one and load again");
                }
            });
        }
        return found;
    }

    /**
     * @return the current resources of {@code type} whose token parameter {@code param} is {@code system|code} for
     *         any of {@code codes}, at most {@value #MAX_PER_CODE} a code
     */
    List<StoredResource> withTokens(Connection connection, String type, String param, String system,
            Collection<String> codes) throws SQLException {
        List<String> all = List.copyOf(codes);
        List<StoredResource> found = new ArrayList<>();
        for (int from = 0; from < all.size(); from += CHUNK) {
            List<String> chunk = all.subList(from, Math.min(all.size(), from + CHUNK));
            String values = String.join(",", chunk.stream().map(code -> system + "|" + code).toList());
            found.addAll(search.find(connection, type, Map.of(param, List.of(values)), BASE, chunk.size() * MAX_PER_CODE));
        }
        return found;
    }

    /**
     * Writes {@code owned} (the directory's elements of the resource) over the stored resource, or as a new
     * resource with id {@code id}, unless nothing would change.
     *
     * @param existing    the stored resource, when there is one (its id must be {@code id})
     * @param system      the identifier system the resource is found by; the identifier is added when missing
     * @param ownedFields the elements the directory owns: replaced by those of {@code owned}, removed when it
     *                    has none; extensions are owned when their URL starts with {@link OdsResources#EXTENSION_PREFIX}
     * @throws OpenSpineException when the FHIR API refuses the write; the transaction must roll back
     */
    Written put(Connection connection, RecordGuard guard, String id, Optional<StoredResource> existing, String system,
            String code, ObjectNode owned, List<String> ownedFields) throws SQLException {
        String type = owned.path("resourceType").asText();
        ObjectNode before = existing.map(stored -> (ObjectNode) json(stored.json())).orElseGet(JSON::createObjectNode);
        // meta (tags, labels) is kept and compared as it is: the store restamps version and time only on a write
        ObjectNode after = before.deepCopy();
        after.put("resourceType", type);
        after.put("id", id);
        if (identifier(after, system).filter(code::equals).isEmpty()) {
            ArrayNode identifiers = JSON.createArrayNode();
            identifiers.addObject().put("system", system).put("value", code);
            after.path("identifier").forEach(other -> {
                if (!system.equals(other.path("system").asText())) {
                    identifiers.add(other);
                }
            });
            after.set("identifier", identifiers);
        }
        for (String field : ownedFields) {
            if (field.equals("extension")) {
                mergeExtensions(after, owned.path("extension"));
            } else if (owned.has(field)) {
                after.set(field, owned.get(field));
            } else {
                after.remove(field);
            }
        }
        if (existing.isPresent() && after.equals(before)) {
            return Written.UNCHANGED;
        }
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("content-type", "application/fhir+json");
        existing.ifPresent(stored -> headers.put("if-match", "W/\"" + stored.version() + "\""));
        api.handle(connection, new FhirRequest("PUT", BASE, List.of(type, id), Map.of(), headers,
                new FhirRequest.Bytes(after.toString().getBytes(StandardCharsets.UTF_8), "application/fhir+json"), guard));
        return existing.isPresent() ? Written.UPDATED : Written.CREATED;
    }

    /** @return the id a resource not yet stored gets */
    static String newId() {
        return UUID.randomUUID().toString();
    }

    /** @return the value of the resource's identifier in {@code system}, if it has one */
    static Optional<String> identifier(JsonNode resource, String system) {
        for (JsonNode identifier : resource.path("identifier")) {
            if (system.equals(identifier.path("system").asText()) && identifier.path("value").isTextual()) {
                return Optional.of(identifier.path("value").asText());
            }
        }
        return Optional.empty();
    }

    static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a stored resource is not JSON", e);
        }
    }

    /** Replaces the directory's own extensions, keeping everyone else's in their place. */
    private static void mergeExtensions(ObjectNode resource, JsonNode ours) {
        ArrayNode merged = JSON.createArrayNode();
        resource.path("extension").forEach(extension -> {
            if (!extension.path("url").asText().startsWith(OdsResources.EXTENSION_PREFIX)) {
                merged.add(extension);
            }
        });
        ours.forEach(merged::add);
        if (merged.isEmpty()) {
            resource.remove("extension");
        } else {
            resource.set("extension", merged);
        }
    }
}
