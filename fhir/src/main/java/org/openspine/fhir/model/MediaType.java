package org.openspine.fhir.model;

import java.util.Locale;
import java.util.Optional;

/** The wire formats the FHIR API reads and writes. */
public enum MediaType {
    JSON("application/fhir+json"),
    XML("application/fhir+xml"),
    JSON_PATCH("application/json-patch+json");

    private final String mime;

    MediaType(String mime) {
        this.mime = mime;
    }

    /** @return the MIME type written in Content-Type (without charset) */
    public String mime() {
        return mime;
    }

    /**
     * Reads a Content-Type header or {@code _format} value.
     *
     * @return the format, or empty when it is not one FHIR resources are exchanged in
     */
    public static Optional<MediaType> of(String header) {
        if (header == null) {
            return Optional.empty();
        }
        String value = header.toLowerCase(Locale.ROOT).split(";", 2)[0].trim();
        return switch (value) {
            case "application/fhir+json", "application/json", "json", "application/json+fhir", "text/json" ->
                    Optional.of(JSON);
            case "application/fhir+xml", "application/xml", "xml", "application/xml+fhir", "text/xml" ->
                    Optional.of(XML);
            case "application/json-patch+json" -> Optional.of(JSON_PATCH);
            default -> Optional.empty();
        };
    }
}
