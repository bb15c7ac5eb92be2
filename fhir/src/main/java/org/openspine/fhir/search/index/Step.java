package org.openspine.fhir.search.index;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * One stage of a compiled search path. It maps a whole collection to the next, as FHIRPath does,
 * so that an index picks from the collection ({@code Bundle.entry[0]}) rather than from each item.
 * Every step is immutable and thread-safe.
 */
sealed interface Step {

    /**
     * Appends to {@code out} what this step makes of {@code in}.
     *
     * @param resource the resource being indexed, for steps that restart from it ({@code %resource})
     */
    void apply(JsonNode resource, List<JsonNode> in, List<JsonNode> out);

    /**
     * The values under {@code key} in each object. Arrays are walked, so a repeating element gives
     * one value per item; JSON nulls (placeholders beside a {@code _key} extension array) are skipped.
     */
    record Child(String key) implements Step {
        @Override
        public void apply(JsonNode resource, List<JsonNode> in, List<JsonNode> out) {
            for (JsonNode node : in) {
                JsonNode value = node.get(key);
                if (value == null || value.isNull()) {
                    continue;
                }
                if (value.isArray()) {
                    for (JsonNode item : value) {
                        if (!item.isNull()) {
                            out.add(item);
                        }
                    }
                } else {
                    out.add(value);
                }
            }
        }
    }

    /** The item at {@code index} of the collection, if it has one. */
    record Index(int index) implements Step {
        @Override
        public void apply(JsonNode resource, List<JsonNode> in, List<JsonNode> out) {
            if (index < in.size()) {
                out.add(in.get(index));
            }
        }
    }

    /** The items that meet {@code condition}. */
    record Where(Condition condition) implements Step {
        @Override
        public void apply(JsonNode resource, List<JsonNode> in, List<JsonNode> out) {
            for (JsonNode node : in) {
                if (condition.test(resource, node)) {
                    out.add(node);
                }
            }
        }
    }

    /** The resource being indexed, whatever came before ({@code %resource}). */
    record Root() implements Step {
        @Override
        public void apply(JsonNode resource, List<JsonNode> in, List<JsonNode> out) {
            out.add(resource);
        }
    }

    /** The embedded resources whose {@code resourceType} is {@code type} ({@code ofType(Patient)} on a bundle entry). */
    record OfResourceType(String type) implements Step {
        @Override
        public void apply(JsonNode resource, List<JsonNode> in, List<JsonNode> out) {
            for (JsonNode node : in) {
                if (type.equals(JsonFields.text(node, "resourceType"))) {
                    out.add(node);
                }
            }
        }
    }
}
