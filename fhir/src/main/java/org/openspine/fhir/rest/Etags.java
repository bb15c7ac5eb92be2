package org.openspine.fhir.rest;

import java.util.OptionalInt;
import org.openspine.platform.error.OpenSpineException;

/** Weak ETags carrying the version id, as FHIR specifies: {@code W/"3"}. */
final class Etags {

    private Etags() {
    }

    static String of(int version) {
        return "W/\"" + version + "\"";
    }

    /**
     * @param header an If-Match value: {@code W/"3"}, {@code "3"} or {@code 3}; may be null
     * @throws OpenSpineException.Invalid when present but not a version id
     */
    static OptionalInt parse(String header) {
        if (header == null || header.isBlank()) {
            return OptionalInt.empty();
        }
        String value = header.trim();
        if (value.startsWith("W/")) {
            value = value.substring(2);
        }
        if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
            value = value.substring(1, value.length() - 1);
        }
        try {
            int version = Integer.parseInt(value);
            if (version < 1) {
                throw new NumberFormatException();
            }
            return OptionalInt.of(version);
        } catch (NumberFormatException e) {
            throw new OpenSpineException.Invalid("invalid", "ETag '" + header + "' is not a version id such as W/\"3\"");
        }
    }
}
