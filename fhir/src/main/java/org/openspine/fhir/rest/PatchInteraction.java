package org.openspine.fhir.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.flipkart.zjsonpatch.JsonPatch;
import com.flipkart.zjsonpatch.JsonPatchApplicationException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.OptionalInt;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Binary;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Resource;
import org.openspine.fhir.model.FhirCodec;
import org.openspine.fhir.model.MediaType;
import org.openspine.fhir.store.FhirStore;
import org.openspine.fhir.store.ReadResult;
import org.openspine.fhir.store.StoredResource;
import org.openspine.fhir.store.WriteResult;
import org.openspine.fhir.validation.WriteRules;
import org.openspine.platform.error.OpenSpineException;

/**
 * patch ({@code PATCH [type]/[id]} and conditional {@code PATCH [type]?criteria}) with JSON Patch
 * ({@code application/json-patch+json}) or FHIRPath Patch (a Parameters resource). The resource
 * is locked, patched, checked like any write and stored as a new version; If-Match is honoured.
 * In a bundle, a JSON Patch travels as a Binary with that content type.
 */
final class PatchInteraction {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final FhirStore store;
    private final ConditionalMatch matcher;
    private final FhirCodec codec;
    private final WriteRules rules;
    private final FhirPathPatch fhirPathPatch;

    PatchInteraction(FhirStore store, FhirCodec codec, WriteRules rules, ConditionalMatch matcher) {
        this.store = store;
        this.matcher = matcher;
        this.codec = codec;
        this.rules = rules;
        this.fhirPathPatch = new FhirPathPatch(codec.context());
    }

    FhirResponse patch(Connection connection, FhirRequest request, String type, String id) throws SQLException {
        Patch patch = patchOf(request);
        StoredResource current = switch (store.readForUpdate(connection, type, id)) {
            case ReadResult.Found found -> found.resource();
            case ReadResult.Deleted deleted -> throw new OpenSpineException.Gone(type + "/" + id + " has been deleted");
            case ReadResult.Absent absent -> throw new OpenSpineException.NotFound(type + "/" + id + " is not known");
        };
        request.guard().requireVisible(connection, store, current);
        OptionalInt ifMatch = Etags.parse(request.header("If-Match"));
        if (ifMatch.isPresent() && ifMatch.getAsInt() != current.version()) {
            throw new OpenSpineException.PreconditionFailed(type + "/" + id + " is at version " + current.version()
                    + ", not the If-Match version " + ifMatch.getAsInt());
        }
        IBaseResource patched = switch (patch) {
            case JsonPatchDocument json -> applyJsonPatch(current, json.document());
            case FhirPathPatchDocument fhirPath -> {
                Resource resource = (Resource) codec.parseStored(current.json());
                fhirPathPatch.apply(resource, fhirPath.parameters());
                yield resource;
            }
        };
        if (!type.equals(patched.fhirType()) || !id.equals(patched.getIdElement().getIdPart())) {
            throw new OpenSpineException.Unprocessable("processing", "a patch may not change the resource type or id");
        }
        rules.check(patched);
        WriteResult result = store.update(connection, type, id, patched, OptionalInt.of(current.version()), "PATCH");
        request.guard().requireWritten(connection, store, result.resource());
        return StoredResponses.of(200, result.resource(), request.baseUrl(), true);
    }

    FhirResponse conditionalPatch(Connection connection, FhirRequest request, String type) throws SQLException {
        StoredResource match = matcher.single(connection, type, request.params(), request.baseUrl(),
                "conditional patch criteria")
                .orElseThrow(() -> new OpenSpineException.NotFound("conditional patch criteria match no " + type));
        return patch(connection, request, type, match.id());
    }

    private Patch patchOf(FhirRequest request) {
        return switch (request.body()) {
            case FhirRequest.None none -> throw new OpenSpineException.Invalid("required", "PATCH needs a patch document");
            case FhirRequest.Parsed parsed -> patchOf(parsed.resource());
            case FhirRequest.Bytes bytes -> {
                if (MediaType.of(bytes.contentType()).orElse(null) == MediaType.JSON_PATCH) {
                    yield new JsonPatchDocument(readJsonPatch(bytes.bytes()));
                }
                MediaType format = MediaType.of(bytes.contentType()).orElseThrow(() -> new OpenSpineException.UnsupportedMediaType(
                        "PATCH accepts application/json-patch+json or a FHIRPath Patch Parameters resource, not '"
                                + bytes.contentType() + "'"));
                yield patchOf(codec.parseStrict(bytes.bytes(), format));
            }
        };
    }

    private static Patch patchOf(IBaseResource resource) {
        if (resource instanceof Parameters parameters) {
            return new FhirPathPatchDocument(parameters);
        }
        if (resource instanceof Binary binary && MediaType.of(binary.getContentType()).orElse(null) == MediaType.JSON_PATCH) {
            return new JsonPatchDocument(readJsonPatch(binary.getData()));
        }
        throw new OpenSpineException.Invalid("invalid",
                "a patch must be a JSON Patch document or a FHIRPath Patch Parameters resource, not " + resource.fhirType());
    }

    private static JsonNode readJsonPatch(byte[] bytes) {
        try {
            JsonNode node = JSON.readTree(bytes);
            if (node == null || !node.isArray()) {
                throw new OpenSpineException.Invalid("invalid", "a JSON Patch document must be a JSON array of operations");
            }
            JsonPatch.validate(node); // unknown ops and missing members are a malformed document (400)
            return node;
        } catch (com.flipkart.zjsonpatch.InvalidJsonPatchException e) {
            throw new OpenSpineException.Invalid("invalid", "the JSON Patch document is malformed: " + e.getMessage());
        } catch (IOException e) {
            throw new OpenSpineException.Invalid("structure", "the JSON Patch document is not valid JSON", e);
        }
    }

    private IBaseResource applyJsonPatch(StoredResource current, JsonNode document) {
        byte[] patched;
        try {
            JsonNode result = JsonPatch.apply(document, JSON.readTree(current.json()));
            patched = JSON.writeValueAsBytes(result);
        } catch (JsonPatchApplicationException | IllegalArgumentException e) {
            throw new OpenSpineException.Unprocessable("processing", "the JSON Patch cannot be applied: " + e.getMessage());
        } catch (IOException e) {
            throw new IllegalStateException("stored JSON of " + current.reference() + " is unreadable", e);
        }
        try {
            return codec.parseStrict(patched, MediaType.JSON);
        } catch (OpenSpineException.Invalid e) {
            throw new OpenSpineException.Unprocessable(e.issues()); // the patch produced an invalid resource
        }
    }

    private sealed interface Patch permits JsonPatchDocument, FhirPathPatchDocument {
    }

    private record JsonPatchDocument(JsonNode document) implements Patch {
    }

    private record FhirPathPatchDocument(Parameters parameters) implements Patch {
    }
}
