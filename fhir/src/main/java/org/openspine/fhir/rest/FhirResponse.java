package org.openspine.fhir.rest;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.openspine.platform.error.Issue;

/**
 * The outcome of one interaction, independent of HTTP.
 *
 * @param status  HTTP status
 * @param headers response headers (Location, ETag, Last-Modified, ...)
 * @param payload what goes in the body
 */
public record FhirResponse(int status, Map<String, String> headers, Payload payload) {

    public FhirResponse {
        headers = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(headers));
    }

    /** @return a copy with {@code payload} in place of this one's */
    public FhirResponse withPayload(Payload other) {
        return new FhirResponse(status, headers, other);
    }

    /** What a response carries. */
    public sealed interface Payload {
    }

    /** No body. */
    public record Empty() implements Payload {
    }

    /** FHIR JSON ready to send as it is (a stored resource, or a bundle assembled from stored resources). */
    public record Json(String json) implements Payload {
    }

    /** A resource built in memory (CapabilityStatement, a validation outcome). */
    public record Parsed(IBaseResource resource) implements Payload {
    }

    /** An OperationOutcome with these issues. */
    public record Outcome(List<Issue> issues) implements Payload {
    }
}
