package org.openspine.fhir.search.index;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/** Reads FHIR JSON elements leniently: a missing or mistyped element is absent, never an error. */
final class JsonFields {

    private JsonFields() {
    }

    /** @return the string at {@code field} of {@code node}, or null when absent or not a JSON string */
    static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value != null && value.isTextual() ? value.textValue() : null;
    }

    /** @return the text of {@code value} when it is a JSON string with more than whitespace, else null */
    static String nonBlank(JsonNode value) {
        return value != null && value.isTextual() && !value.textValue().isBlank() ? value.textValue() : null;
    }

    /** @return the items at {@code field}: an array's items, a lone value, or none */
    static Iterable<JsonNode> each(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return List.of();
        }
        return value.isArray() ? value : List.of(value);
    }
}
