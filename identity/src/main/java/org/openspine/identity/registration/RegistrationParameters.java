package org.openspine.identity.registration;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.openspine.platform.error.Issue;
import org.openspine.platform.error.OpenSpineException;
import org.openspine.platform.identifier.NhsNumber;

/**
 * The input of {@code $register-gp} and {@code $deregister-gp}: a FHIR Parameters resource, checked
 * strictly (an unknown or repeated parameter, or a value of the wrong type, is refused with 400, naming the
 * parameter), since guessing at what a registration request meant would change the wrong record.
 *
 * @param values each parameter's value, by name
 */
record RegistrationParameters(Map<String, Value> values) {

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY);
    private static final Pattern DATE = Pattern.compile("[0-9]{4}-[0-9]{2}-[0-9]{2}");

    RegistrationParameters {
        values = Map.copyOf(values);
    }

    /**
     * @param allowed the names the operation takes, each with the one {@code value[x]} type it accepts
     *                ({@code valueIdentifier}, {@code valueDate}, ...); a name may accept several, comma-separated
     * @throws OpenSpineException.Invalid when the body is not such a Parameters resource
     */
    static RegistrationParameters parse(byte[] body, Map<String, String> allowed) {
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (JsonProcessingException e) {
            throw invalid("the body is not JSON: " + e.getOriginalMessage(), null);
        } catch (IOException e) {
            throw invalid("the body could not be read", null);
        }
        if (root == null || !root.isObject() || !"Parameters".equals(root.path("resourceType").asText())) {
            throw invalid("the body must be a FHIR Parameters resource", null);
        }
        for (Iterator<String> fields = root.fieldNames(); fields.hasNext(); ) {
            String field = fields.next();
            if (!Set.of("resourceType", "id", "meta", "parameter").contains(field)) {
                throw invalid("Parameters has no element '" + field + "'", "Parameters." + field);
            }
        }
        JsonNode parameters = root.path("parameter");
        if (!parameters.isMissingNode() && !parameters.isArray()) {
            throw invalid("Parameters.parameter must be an array", "Parameters.parameter");
        }
        Map<String, Value> values = new HashMap<>();
        for (int i = 0; i < parameters.size(); i++) {
            JsonNode parameter = parameters.get(i);
            String path = "Parameters.parameter[" + i + "]";
            String name = parameter.path("name").asText("");
            if (!allowed.containsKey(name)) {
                throw invalid("unknown parameter '" + name + "'; this operation takes " + String.join(", ",
                        allowed.keySet().stream().sorted().toList()), path + ".name");
            }
            if (values.containsKey(name)) {
                throw invalid("parameter '" + name + "' is given twice", path);
            }
            Value value = null;
            for (Iterator<Map.Entry<String, JsonNode>> fields = parameter.fields(); fields.hasNext(); ) {
                Map.Entry<String, JsonNode> field = fields.next();
                if (field.getKey().equals("name")) {
                    continue;
                }
                if (value != null || !Set.of(allowed.get(name).split(",")).contains(field.getKey())) {
                    throw invalid("parameter '" + name + "' takes " + allowed.get(name).replace(",", " or ")
                            + ", not " + field.getKey(), path + "." + field.getKey());
                }
                value = new Value(field.getKey(), field.getValue());
            }
            if (value == null) {
                throw invalid("parameter '" + name + "' has no value", path);
            }
            values.put(name, value);
        }
        return new RegistrationParameters(values);
    }

    /** @return the date parameter {@code name}, if given */
    Optional<LocalDate> date(String name) {
        return Optional.ofNullable(values.get(name)).map(Value::json).map(value -> {
            if (!value.isTextual() || !DATE.matcher(value.asText()).matches()) {
                throw invalid("parameter '" + name + "' must be a full date (YYYY-MM-DD), was " + value, name);
            }
            try {
                return LocalDate.parse(value.asText());
            } catch (DateTimeParseException e) {
                throw invalid("parameter '" + name + "' is not a date: " + value.asText(), name);
            }
        });
    }

    /**
     * @return the value of an identifier parameter ({@code valueIdentifier}, or {@code valueReference} naming
     *         its target by identifier) in {@code system}, if given
     */
    Optional<String> identifier(String name, String system) {
        return Optional.ofNullable(values.get(name)).map(given -> {
            JsonNode value = given.json();
            JsonNode identifier = given.type().equals("valueReference") ? value.path("identifier") : value;
            if (!identifier.path("system").asText(system).equals(system) || !identifier.path("value").isTextual()) {
                throw invalid("parameter '" + name + "' must be an identifier in " + system + ", was " + value, name);
            }
            return identifier.path("value").asText();
        });
    }

    /** @return the NHS Number parameter {@code name}, if given */
    Optional<NhsNumber> nhsNumber(String name) {
        return identifier(name, NhsNumber.SYSTEM).map(value -> {
            if (!NhsNumber.isValid(value)) {
                throw invalid("parameter '" + name + "' is not a valid NHS Number: " + value, name);
            }
            return new NhsNumber(value);
        });
    }

    /** @return the reason parameter {@code name} ({@code valueCoding}, or a {@code valueCode} from PDS's reasons) */
    Optional<EndReason> reason(String name) {
        return Optional.ofNullable(values.get(name)).map(given -> {
            JsonNode value = given.json();
            boolean bare = given.type().equals("valueCode");
            String system = bare ? null : value.path("system").asText(null);
            String code = bare ? value.asText() : value.path("code").asText();
            return EndReason.of(system, code).orElseThrow(() -> invalid("parameter '" + name + "' is not a known reason"
                    + " (the codes of " + EndReason.PDS_SYSTEM + ", e.g. RPR, DEA, OPA), was " + value, name));
        });
    }


    /**
     * One parameter's value.
     *
     * @param type its element name, e.g. {@code valueDate}
     * @param json the value
     */
    record Value(String type, JsonNode json) {
    }

    private static OpenSpineException.Invalid invalid(String diagnostics, String expression) {
        return new OpenSpineException.Invalid(List.of(Issue.error("invalid", diagnostics, expression)));
    }
}
