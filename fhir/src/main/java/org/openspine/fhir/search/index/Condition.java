package org.openspine.fhir.search.index;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** The test inside a compiled {@code where(...)}. Immutable and thread-safe. */
sealed interface Condition {

    /** @return whether {@code element}, reached in {@code resource}, passes */
    boolean test(JsonNode resource, JsonNode element);

    /**
     * {@code resolve() is Type} on a Reference, decided without resolving: the type its
     * {@code reference} names (relative or absolute), else its {@code type} element. A reference to
     * a contained resource ({@code #id}) names no type, so only {@code type} can say.
     */
    record ResolvesTo(String type, Set<String> resourceTypes) implements Condition {
        @Override
        public boolean test(JsonNode resource, JsonNode element) {
            String reference = JsonFields.text(element, "reference");
            String named = reference == null ? null
                    : ReferenceTarget.parse(reference, resourceTypes).map(ReferenceTarget::type).orElse(null);
            return type.equals(named != null ? named : JsonFields.text(element, "type"));
        }
    }

    /** {@code path = 'literal'}: some value the paths reach from the element is the literal, as written. */
    record Equals(List<Path> paths, String literal) implements Condition {
        public Equals {
            paths = List.copyOf(paths);
        }

        @Override
        public boolean test(JsonNode resource, JsonNode element) {
            List<JsonNode> values = new ArrayList<>(2);
            for (Path path : paths) {
                path.collect(resource, element, values);
            }
            for (JsonNode value : values) {
                if (value.isValueNode() && value.asText().equals(literal)) {
                    return true;
                }
            }
            return false;
        }
    }
}
