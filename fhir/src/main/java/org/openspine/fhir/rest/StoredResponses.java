package org.openspine.fhir.rest;

import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;
import org.openspine.fhir.store.StoredResource;

/** Responses carrying one stored resource, with the headers FHIR requires for it. */
final class StoredResponses {

    private StoredResponses() {
    }

    /**
     * @param location whether to send Location (create and update responses)
     */
    static FhirResponse of(int status, StoredResource resource, String baseUrl, boolean location) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("ETag", Etags.of(resource.version()));
        headers.put("Last-Modified", httpDate(resource.lastUpdated()));
        if (location) {
            headers.put("Location", versionUrl(baseUrl, resource.type(), resource.id(), resource.version()));
        }
        return new FhirResponse(status, headers, new FhirResponse.Json(resource.json()));
    }

    static String versionUrl(String baseUrl, String type, String id, int version) {
        return baseUrl + "/" + type + "/" + id + "/_history/" + version;
    }

    static String httpDate(java.time.Instant instant) {
        return DateTimeFormatter.RFC_1123_DATE_TIME.format(instant.atOffset(ZoneOffset.UTC));
    }
}
