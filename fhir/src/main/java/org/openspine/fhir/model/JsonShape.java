package org.openspine.fhir.model;

import ca.uhn.fhir.context.BaseRuntimeChildDefinition;
import ca.uhn.fhir.context.BaseRuntimeElementCompositeDefinition;
import ca.uhn.fhir.context.BaseRuntimeElementDefinition;
import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.RuntimePrimitiveDatatypeDefinition;
import ca.uhn.fhir.parser.DataFormatException;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.openspine.platform.error.Issue;

/**
 * The JSON-level rules of FHIR that HAPI's parser lets through: each element repeats (array) or
 * not as its definition says, and primitives have their JSON type (boolean as true/false,
 * integer and decimal as numbers, everything else as strings). Duplicate keys are caught earlier,
 * when the tree is read. Unknown elements are left to HAPI, which reports them.
 */
final class JsonShape {

    private static final Set<String> NUMBERS = Set.of("integer", "unsignedInt", "positiveInt", "decimal", "integer64");

    private final FhirContext context;

    JsonShape(FhirContext context) {
        this.context = context;
    }

    /** Adds an issue to {@code issues} for each shape problem in the resource {@code root}. */
    void check(JsonNode root, List<Issue> issues) {
        if (root.isObject()) {
            resource(root, issues);
        }
    }

    private void resource(JsonNode node, List<Issue> issues) {
        JsonNode type = node.get("resourceType");
        if (type == null || !type.isTextual()) {
            return; // HAPI reports a missing or odd resourceType
        }
        BaseRuntimeElementCompositeDefinition<?> definition;
        try {
            definition = context.getResourceDefinition(type.asText());
        } catch (DataFormatException e) {
            return; // unknown type: HAPI reports it
        }
        composite(node, definition, type.asText(), issues);
    }

    private void composite(JsonNode node, BaseRuntimeElementCompositeDefinition<?> definition, String path,
            List<Issue> issues) {
        Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            String name = field.getKey();
            if (name.equals("resourceType") || name.startsWith("_") || name.equals("fhir_comments")) {
                continue; // primitive extension blocks are objects HAPI checks itself
            }
            BaseRuntimeChildDefinition child = definition.getChildByName(name);
            if (child == null) {
                continue;
            }
            String at = path + "." + name;
            JsonNode value = field.getValue();
            boolean repeats = child.getMax() != 1;
            if (repeats && !value.isArray()) {
                issues.add(Issue.error("structure", "element '" + name + "' repeats, so it must be a JSON array (at "
                        + at + ")", at));
                continue;
            }
            if (!repeats && value.isArray()) {
                issues.add(Issue.error("structure", "element '" + name + "' does not repeat, so it must not be a JSON "
                        + "array (at " + at + ")", at));
                continue;
            }
            BaseRuntimeElementDefinition<?> element = child.getChildByName(name);
            if (value.isArray()) {
                for (JsonNode item : value) {
                    item(item, element, at, issues);
                }
            } else {
                item(value, element, at, issues);
            }
        }
    }

    private void item(JsonNode value, BaseRuntimeElementDefinition<?> element, String at, List<Issue> issues) {
        if (value.isNull()) {
            return; // a null in an array pairs with an extension in the '_' array
        }
        if (value.isObject() && value.has("resourceType")) {
            resource(value, issues);
            return;
        }
        if (value.isNumber() && !Decimals.isSane(value.decimalValue())) {
            // refused at once, before HAPI turns it into a plain string of a billion digits
            throw new org.openspine.platform.error.OpenSpineException.Invalid("value",
                    "the number at " + at + " is outside the range FHIR decimals can hold");
        }
        if (value.isTextual() && Decimals.hasForbiddenControl(value.textValue())) {
            issues.add(Issue.error("value", "a FHIR string may not contain control characters other than tab, "
                    + "carriage return and line feed (at " + at + ")", at));
        }
        if (element instanceof RuntimePrimitiveDatatypeDefinition primitive) {
            String type = primitive.getName();
            boolean ok = switch (type) {
                case "boolean" -> value.isBoolean();
                case "integer", "unsignedInt", "positiveInt", "decimal", "integer64" -> value.isNumber();
                default -> value.isTextual();
            };
            if (!ok) {
                String want = type.equals("boolean") ? "true or false" : NUMBERS.contains(type) ? "a JSON number"
                        : "a JSON string";
                issues.add(Issue.error("structure", "a " + type + " must be " + want + " (at " + at + ")", at));
            }
        } else if (element instanceof BaseRuntimeElementCompositeDefinition<?> composite) {
            if (value.isObject()) {
                composite(value, composite, at, issues);
            } else {
                issues.add(Issue.error("structure", "element must be a JSON object (at " + at + ")", at));
            }
        }
    }
}
