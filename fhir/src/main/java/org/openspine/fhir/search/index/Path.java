package org.openspine.fhir.search.index;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import java.util.ArrayList;
import java.util.List;

/**
 * A compiled FHIRPath navigation: from a focus (the resource, or an element for composite
 * components) to the JSON values it reaches. Immutable and thread-safe.
 */
sealed interface Path {

    /** Appends to {@code out} every value the path reaches from {@code focus} in {@code resource}. */
    void collect(JsonNode resource, JsonNode focus, List<JsonNode> out);

    /** A chain of steps, each applied to what the previous one reached. */
    record Steps(List<Step> steps) implements Path {
        public Steps {
            steps = List.copyOf(steps);
        }

        @Override
        public void collect(JsonNode resource, JsonNode focus, List<JsonNode> out) {
            if (!steps.isEmpty() && steps.getFirst() instanceof Step.Child first && !focus.has(first.key())) {
                return; // most parameters of a type reach nothing in a given resource: leave without allocating
            }
            List<JsonNode> current = List.of(focus);
            for (Step step : steps) {
                List<JsonNode> next = new ArrayList<>(4);
                step.apply(resource, current, next);
                if (next.isEmpty()) {
                    return; // most paths stop here: the resource lacks the element
                }
                current = next;
            }
            out.addAll(current);
        }
    }

    /**
     * {@code X.exists() and X != false}, the R4 expression of {@code Patient.deceased}: true when
     * {@code X} reaches anything but the boolean false (a deceasedDateTime counts), else false. It
     * always yields a value, so a patient with no deceased element is found by {@code deceased=false}.
     */
    record PresentAndNotFalse(List<Path> paths) implements Path {
        public PresentAndNotFalse {
            paths = List.copyOf(paths);
        }

        @Override
        public void collect(JsonNode resource, JsonNode focus, List<JsonNode> out) {
            List<JsonNode> values = new ArrayList<>(2);
            for (Path path : paths) {
                path.collect(resource, focus, values);
            }
            boolean result = false;
            for (JsonNode value : values) {
                result |= !(value.isBoolean() && !value.booleanValue());
            }
            out.add(BooleanNode.valueOf(result));
        }
    }
}
