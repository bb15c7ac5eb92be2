package org.openspine.fhir.rest;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.openspine.fhir.access.RecordGuard;

/**
 * One FHIR interaction request, independent of HTTP: what the Javalin adapter builds from a request
 * and what the bundle processor builds from each entry, so both run the same interaction code.
 *
 * @param method   GET, POST, PUT, DELETE or PATCH
 * @param baseUrl  the service base, e.g. {@code http://host:8080/fhir/R4}, for Location and fullUrl
 * @param segments the path after the base, split on '/', e.g. [Patient, 123, _history, 2]
 * @param params   query (or form) parameters, in order
 * @param headers  request headers, names lower-case
 * @param body     the request body
 * @param guard    the access checks of the request (a bundle's entries share their bundle's)
 */
public record FhirRequest(String method, String baseUrl, List<String> segments, Map<String, List<String>> params,
        Map<String, String> headers, Body body, RecordGuard guard) {

    public FhirRequest {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(baseUrl, "baseUrl");
        segments = List.copyOf(segments);
        params = Map.copyOf(params);
        headers = Map.copyOf(headers);
        Objects.requireNonNull(body, "body");
        Objects.requireNonNull(guard, "guard");
    }

    /** @return the header's value, or null when absent */
    public String header(String name) {
        return headers.get(name.toLowerCase(Locale.ROOT));
    }

    /** @return the first value of a parameter, or null when absent */
    public String param(String name) {
        List<String> values = params.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    /** @return whether this request only reads */
    public boolean isRead() {
        return method.equals("GET") || method.equals("HEAD")
                || (method.equals("POST") && !segments.isEmpty() && segments.get(segments.size() - 1).equals("_search"));
    }

    /** A request body. */
    public sealed interface Body {
    }

    /** No body. */
    public record None() implements Body {
    }

    /** Bytes as received, with their Content-Type header (may be null). */
    public record Bytes(byte[] bytes, String contentType) implements Body {
    }

    /** A resource parsed already (a bundle entry), to be used as it is. */
    public record Parsed(IBaseResource resource) implements Body {
    }
}
