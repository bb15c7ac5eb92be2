package org.openspine.server.demo;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Random;
import java.util.UUID;

/**
 * Accumulates the entries of one FHIR {@code transaction} Bundle.
 *
 * <p>Every entry gets a {@code urn:uuid} fullUrl drawn from the caller's {@link Random}, so the same random
 * sequence yields the same bytes; {@link UUID#randomUUID()} would break the generator's determinism.
 * Not thread-safe: one instance builds one bundle on one thread.
 */
final class TransactionBundle {

    // ObjectMapper is thread-safe once configured; sharing one avoids rebuilding its serializer caches.
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Random random;
    private final ObjectNode bundle;
    private final ArrayNode entries;

    TransactionBundle(Random random) {
        this.random = random;
        this.bundle = Datatypes.NODES.objectNode();
        bundle.put("resourceType", "Bundle");
        bundle.put("type", "transaction");
        this.entries = bundle.putArray("entry");
    }

    /** @return a fresh {@code urn:uuid:} URL for an entry that has not been added yet */
    String newFullUrl() {
        long high = (random.nextLong() & ~0xF000L) | 0x4000L; // version 4
        long low = (random.nextLong() & 0x3FFF_FFFF_FFFF_FFFFL) | 0x8000_0000_0000_0000L; // IETF variant
        return "urn:uuid:" + new UUID(high, low);
    }

    /** Adds {@code resource} as a plain create. */
    void post(String fullUrl, ObjectNode resource) {
        entry(fullUrl, resource, "POST", resource.get("resourceType").asText());
    }

    /** Adds {@code resource} as a conditional create: the server keeps the existing match, if any. */
    void postIfNoneExist(String fullUrl, ObjectNode resource, String query) {
        ObjectNode request = entry(fullUrl, resource, "POST", resource.get("resourceType").asText());
        request.put("ifNoneExist", query);
    }

    /** Adds {@code resource} as a conditional update, so loading the bundle twice changes nothing. */
    void putWhere(String fullUrl, ObjectNode resource, String query) {
        entry(fullUrl, resource, "PUT", resource.get("resourceType").asText() + "?" + query);
    }

    int resourceCount() {
        return entries.size();
    }

    String toJson() {
        try {
            return JSON.writeValueAsString(bundle);
        } catch (JsonProcessingException e) {
            // Only reachable through a bug: the tree holds nothing but strings, numbers and nodes.
            throw new IllegalStateException("synthetic population: cannot serialise bundle", e);
        }
    }

    private ObjectNode entry(String fullUrl, ObjectNode resource, String method, String url) {
        ObjectNode entry = entries.addObject();
        entry.put("fullUrl", fullUrl);
        entry.set("resource", resource);
        ObjectNode request = entry.putObject("request");
        request.put("method", method);
        request.put("url", url);
        return request;
    }
}
