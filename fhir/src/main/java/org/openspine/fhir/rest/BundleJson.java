package org.openspine.fhir.rest;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.UUID;

/**
 * Writes a Bundle as JSON around resources that are already JSON (stored bytes), so history,
 * search and batch responses never parse and re-serialise the resources they carry.
 * Use: construct, add links and entries in order, then {@link #finish()}. Not thread-safe.
 */
final class BundleJson {

    private static final JsonFactory FACTORY = new JsonFactory();

    private final StringWriter out = new StringWriter(4096);
    private final JsonGenerator json;
    private boolean inEntries;

    BundleJson(String type, Instant timestamp) {
        try {
            json = FACTORY.createGenerator(out);
            json.writeStartObject();
            json.writeStringField("resourceType", "Bundle");
            json.writeStringField("id", UUID.randomUUID().toString());
            json.writeObjectFieldStart("meta");
            json.writeStringField("lastUpdated", timestamp.toString());
            json.writeEndObject();
            json.writeStringField("type", type);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    BundleJson total(long total) {
        try {
            json.writeNumberField("total", total);
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Links must all come before the first entry. */
    BundleJson links(String... relationUrlPairs) {
        try {
            json.writeArrayFieldStart("link");
            for (int i = 0; i < relationUrlPairs.length; i += 2) {
                if (relationUrlPairs[i + 1] == null) {
                    continue;
                }
                json.writeStartObject();
                json.writeStringField("relation", relationUrlPairs[i]);
                json.writeStringField("url", relationUrlPairs[i + 1]);
                json.writeEndObject();
            }
            json.writeEndArray();
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Adds an entry; every part but the first is optional (null to leave out).
     *
     * @param resourceJson  the resource's JSON, inserted as it is
     * @param searchMode    {@code match}, {@code include} or {@code outcome}
     * @param request       {@code [method, url]}
     * @param response      {@code [status, location, etag, lastModified]}
     * @param outcomeJson   an OperationOutcome for {@code response.outcome}
     */
    BundleJson entry(String fullUrl, String resourceJson, String searchMode, String[] request, String[] response,
            String outcomeJson) {
        try {
            if (!inEntries) {
                json.writeArrayFieldStart("entry");
                inEntries = true;
            }
            json.writeStartObject();
            if (fullUrl != null) {
                json.writeStringField("fullUrl", fullUrl);
            }
            if (resourceJson != null) {
                json.writeFieldName("resource");
                json.writeRawValue(resourceJson);
            }
            if (searchMode != null) {
                json.writeObjectFieldStart("search");
                json.writeStringField("mode", searchMode);
                json.writeEndObject();
            }
            if (request != null) {
                json.writeObjectFieldStart("request");
                json.writeStringField("method", request[0]);
                json.writeStringField("url", request[1]);
                json.writeEndObject();
            }
            if (response != null) {
                json.writeObjectFieldStart("response");
                json.writeStringField("status", response[0]);
                writeIfPresent("location", response[1]);
                writeIfPresent("etag", response[2]);
                writeIfPresent("lastModified", response[3]);
                if (outcomeJson != null) {
                    json.writeFieldName("outcome");
                    json.writeRawValue(outcomeJson);
                }
                json.writeEndObject();
            }
            json.writeEndObject();
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String finish() {
        try {
            if (inEntries) {
                json.writeEndArray();
            }
            json.writeEndObject();
            json.close();
            return out.toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void writeIfPresent(String name, String value) throws IOException {
        if (value != null) {
            json.writeStringField(name, value);
        }
    }
}
