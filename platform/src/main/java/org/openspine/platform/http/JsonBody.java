package org.openspine.platform.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.Context;
import java.io.IOException;
import java.util.Optional;
import org.openspine.platform.error.OpenSpineException;

/**
 * The JSON object bodies of OpenSpine's own (non-FHIR) APIs, read with the errors a client can act on: a body that is
 * not a JSON object, or a field missing or of the wrong shape, is a 400 naming the problem.
 */
public final class JsonBody {

    private static final ObjectMapper JSON = new ObjectMapper();

    private JsonBody() {
    }

    /**
     * @return the request's body as a JSON object
     * @throws OpenSpineException.Invalid when it is not JSON, or not an object
     */
    public static JsonNode object(Context ctx) {
        try {
            JsonNode body = JSON.readTree(ctx.bodyAsBytes());
            if (body == null || !body.isObject()) {
                throw new OpenSpineException.Invalid("structure", "the body must be a JSON object");
            }
            return body;
        } catch (IOException e) {
            throw new OpenSpineException.Invalid("structure", "the body is not JSON", e);
        }
    }

    /**
     * @return the field's text
     * @throws OpenSpineException.Invalid when the field is missing, not text, blank or longer than {@code maxLength}
     */
    public static String text(JsonNode body, String field, int maxLength) {
        JsonNode value = body.get(field);
        if (value == null || !isText(value, maxLength)) {
            throw new OpenSpineException.Invalid("required", field + " is required: text of at most " + maxLength
                    + " characters");
        }
        return value.asText();
    }

    /**
     * @return the field's text, or empty when the field is absent
     * @throws OpenSpineException.Invalid when the field is there but not text, blank or longer than {@code maxLength}
     */
    public static Optional<String> optionalText(JsonNode body, String field, int maxLength) {
        JsonNode value = body.get(field);
        if (value == null) {
            return Optional.empty();
        }
        if (!isText(value, maxLength)) {
            throw new OpenSpineException.Invalid("value", field + " must be text of at most " + maxLength
                    + " characters");
        }
        return Optional.of(value.asText());
    }

    /**
     * @return the field's value, or {@code absent} when the field is not there
     * @throws OpenSpineException.Invalid when the field is there but not {@code true} or {@code false}
     */
    public static boolean flag(JsonNode body, String field, boolean absent) {
        JsonNode value = body.get(field);
        if (value == null) {
            return absent;
        }
        if (!value.isBoolean()) {
            throw new OpenSpineException.Invalid("value", field + " must be true or false");
        }
        return value.booleanValue();
    }

    private static boolean isText(JsonNode value, int maxLength) {
        return value.isTextual() && !value.asText().isBlank() && value.asText().length() <= maxLength;
    }
}
