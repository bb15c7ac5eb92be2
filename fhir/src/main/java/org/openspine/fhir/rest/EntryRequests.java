package org.openspine.fhir.rest;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.hl7.fhir.r4.model.Bundle;
import org.openspine.platform.error.OpenSpineException;

/** Turns a bundle entry's {@code request} (method, url, conditional headers) into a {@link FhirRequest}. */
final class EntryRequests {

    private EntryRequests() {
    }

    static FhirRequest of(Bundle.BundleEntryComponent entry, int index, String baseUrl, FhirRequest outer) {
        Bundle.BundleEntryRequestComponent request = entry.getRequest();
        if (!entry.hasRequest() || request.getMethod() == null || !request.hasUrl()) {
            throw new OpenSpineException.Invalid("required", "entry " + index + " needs request.method and request.url");
        }
        String method = request.getMethod().toCode();
        String url = request.getUrl();
        if (url.startsWith(baseUrl + "/")) {
            url = url.substring(baseUrl.length() + 1);
        }
        if (url.startsWith("/")) {
            url = url.substring(1);
        }
        String path = url;
        Map<String, List<String>> params = Map.of();
        int question = url.indexOf('?');
        if (question >= 0) {
            path = url.substring(0, question);
            params = ConditionalCriteria.params(url.substring(question + 1));
        }
        List<String> segments = path.isEmpty() ? List.of() : Arrays.asList(path.split("/"));
        Map<String, String> headers = new LinkedHashMap<>();
        put(headers, "if-match", request.getIfMatch());
        put(headers, "if-none-match", request.getIfNoneMatch());
        put(headers, "if-none-exist", request.getIfNoneExist());
        if (request.hasIfModifiedSince()) {
            put(headers, "if-modified-since", StoredResponses.httpDate(request.getIfModifiedSince().toInstant()));
        }
        put(headers, "prefer", outer.header("Prefer"));
        FhirRequest.Body body = entry.hasResource() ? new FhirRequest.Parsed(entry.getResource()) : new FhirRequest.None();
        return new FhirRequest(method, baseUrl, segments, params, headers, body, outer.guard());
    }

    private static void put(Map<String, String> headers, String name, String value) {
        if (value != null && !value.isBlank()) {
            headers.put(name, value);
        }
    }
}
