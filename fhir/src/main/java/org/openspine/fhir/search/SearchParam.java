package org.openspine.fhir.search;

import java.util.List;
import java.util.Objects;

/**
 * One search parameter as it applies to one resource type: {@code Observation.code} and
 * {@code Condition.code} are two of these even where one SearchParameter resource defines both.
 *
 * @param resourceType the type searched, e.g. {@code Observation}; {@code Resource} or
 *                     {@code DomainResource} for the parameters every type shares ({@code _tag})
 * @param code         the name used in the URL, e.g. {@code patient}
 * @param type         how values are matched
 * @param expression   the FHIRPath expression for this type alone (other bases' parts removed);
 *                     empty when the parameter has none (e.g. {@code _text}, {@code _content})
 * @param targets      for reference parameters, the resource types it may point to
 * @param components   for composite parameters, the parts in order
 * @param url          the canonical URL of the defining SearchParameter
 */
public record SearchParam(String resourceType, String code, SearchParamType type, String expression,
        List<String> targets, List<Component> components, String url) {

    public SearchParam {
        Objects.requireNonNull(resourceType, "resourceType");
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(expression, "expression");
        targets = List.copyOf(targets);
        components = List.copyOf(components);
        Objects.requireNonNull(url, "url");
    }

    /** @return {@code Type.code}, the key this parameter is stored under */
    public String key() {
        return resourceType + "." + code;
    }

    /**
     * One part of a composite parameter.
     *
     * @param type       the type of the search parameter the component's definition names
     * @param expression FHIRPath relative to each element the composite's expression reaches
     */
    public record Component(SearchParamType type, String expression) {
        public Component {
            Objects.requireNonNull(type, "type");
            Objects.requireNonNull(expression, "expression");
        }
    }
}
