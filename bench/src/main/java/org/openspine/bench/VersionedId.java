package org.openspine.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.Optional;

/**
 * A resource's logical id and version, as a server reports them after a create, update or read.
 *
 * @param versionId empty when the server does not version resources (vread and If-Match are then skipped)
 */
record VersionedId(String id, Optional<String> versionId) {

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * Reads id and version from the Location (or Content-Location) header, {@code .../Patient/{id}/_history/{vid}},
     * falling back to the ETag and then to the body's {@code id} and {@code meta.versionId}, since servers differ
     * in which they send.
     *
     * @return empty when the response names no id of {@code type}
     */
    static Optional<VersionedId> from(HttpResponse response, String type) {
        Optional<String> location = response.header("location").or(() -> response.header("content-location"));
        String id = null;
        String version = null;
        if (location.isPresent()) {
            String[] parts = location.get().split("[/?#]");
            for (int i = 0; i + 1 < parts.length; i++) {
                if (parts[i].equals(type) && id == null) {
                    id = parts[i + 1];
                } else if (parts[i].equals("_history") && id != null) {
                    version = parts[i + 1];
                }
            }
        }
        if (version == null) {
            version = response.header("etag").map(VersionedId::fromEtag).orElse(null);
        }
        if (id == null || version == null) {
            JsonNode body = parse(response);
            if (id == null && type.equals(body.path("resourceType").asText())) {
                id = body.path("id").asText(null);
            }
            if (version == null) {
                version = body.path("meta").path("versionId").asText(null);
            }
        }
        if (id == null || id.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new VersionedId(id, Optional.ofNullable(version).filter(v -> !v.isEmpty())));
    }

    /** @return the version in an ETag such as {@code W/"3"} */
    static String fromEtag(String etag) {
        String value = etag.startsWith("W/") ? etag.substring(2) : etag;
        return value.replace("\"", "").trim();
    }

    private static JsonNode parse(HttpResponse response) {
        if (response.body().length == 0) {
            return JSON.missingNode();
        }
        try {
            return JSON.readTree(response.body());
        } catch (IOException e) {
            // A body that is not JSON names no id; the caller reports the response as lacking one.
            return JSON.missingNode();
        }
    }
}
