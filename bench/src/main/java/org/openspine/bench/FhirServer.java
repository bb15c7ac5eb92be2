package org.openspine.bench;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Builds the FHIR REST requests the scenarios send to the server under test: paths below its base URL, JSON
 * media types, and the bearer token when one was given. Immutable and thread-safe.
 */
final class FhirServer {

    private static final String FHIR_JSON = "application/fhir+json";
    private static final byte[] NO_BODY = new byte[0];

    private final Endpoint endpoint;
    private final List<HttpRequest.Header> common;

    FhirServer(Endpoint endpoint, Optional<String> token) {
        this.endpoint = endpoint;
        List<HttpRequest.Header> headers = new ArrayList<>();
        headers.add(new HttpRequest.Header("User-Agent", "openspine-bench"));
        headers.add(new HttpRequest.Header("Accept", FHIR_JSON));
        token.ifPresent(t -> headers.add(new HttpRequest.Header("Authorization", "Bearer " + t)));
        this.common = List.copyOf(headers);
    }

    Endpoint endpoint() {
        return endpoint;
    }

    /** @param path relative to the base, e.g. {@code Patient/1/_history}; {@code ""} for the base itself */
    HttpRequest get(String path) {
        return new HttpRequest("GET", endpoint.target(path), common, NO_BODY);
    }

    /** POST of a resource (to its type) or a Bundle (to the base, {@code path = ""}). */
    HttpRequest post(String path, String json) {
        return new HttpRequest("POST", endpoint.target(path), withBody(), json.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * POST of a transaction Bundle to the base with {@code Prefer: return=minimal}: a bulk loader needs
     * each entry's status and location, not the resources echoed back.
     */
    HttpRequest postBundleMinimal(String json) {
        List<HttpRequest.Header> headers = withBody();
        headers.add(new HttpRequest.Header("Prefer", "return=minimal"));
        return new HttpRequest("POST", endpoint.target(""), headers, json.getBytes(StandardCharsets.UTF_8));
    }

    /** @param ifMatch the version the update is based on, sent as a weak ETag; empty for an unconditional update */
    HttpRequest put(String path, String json, Optional<String> ifMatch) {
        List<HttpRequest.Header> headers = withBody();
        ifMatch.ifPresent(v -> headers.add(new HttpRequest.Header("If-Match", "W/\"" + v + "\"")));
        return new HttpRequest("PUT", endpoint.target(path), headers, json.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * GET of a path on the same server outside the FHIR base (e.g. the demographics API), with the common
     * headers and {@code extra}.
     *
     * @param absolute a path from the server root, e.g. {@code /personal-demographics/FHIR/R4/Patient/9000000009}
     */
    HttpRequest getOutsideBase(String absolute, HttpRequest.Header... extra) {
        List<HttpRequest.Header> headers = new ArrayList<>(common);
        headers.addAll(List.of(extra));
        return new HttpRequest("GET", absolute, headers, NO_BODY);
    }

    /** @return the server's root path before its FHIR base, e.g. {@code ""} for {@code /fhir/R4} */
    String root() {
        String base = endpoint.basePath();
        return base.endsWith("/fhir/R4") ? base.substring(0, base.length() - "/fhir/R4".length()) : "";
    }

    private List<HttpRequest.Header> withBody() {
        List<HttpRequest.Header> headers = new ArrayList<>(common);
        headers.add(new HttpRequest.Header("Content-Type", FHIR_JSON + "; charset=utf-8"));
        return headers;
    }
}
