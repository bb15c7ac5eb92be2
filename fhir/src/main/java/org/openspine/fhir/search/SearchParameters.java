package org.openspine.fhir.search;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The search parameters in force, per resource type: every R4 SearchParameter (from HAPI's
 * {@code validation-resources-r4}) plus any the operator adds as SearchParameter resources.
 * Immutable; {@link #plus} makes a new registry. Thread-safe.
 *
 * <p>Definitions with several bases ({@code Patient.name | Practitioner.name}) are split so each
 * type keeps only its own part. {@code Resource} parameters ({@code _id}, {@code _tag}, ...) apply to
 * every type and {@code DomainResource} ones to every type but Bundle, Binary and Parameters; such a
 * parameter's {@link SearchParam#resourceType()} is its base, so all types share its key.
 */
public final class SearchParameters {

    private static final String R4_DEFINITIONS = "/org/hl7/fhir/r4/model/sp/search-parameters.json";
    private static final Set<String> NOT_DOMAIN_RESOURCES = Set.of("Bundle", "Binary", "Parameters");

    private final Set<String> resourceTypes;
    private final Map<String, Map<String, SearchParam>> byType;

    private SearchParameters(Set<String> resourceTypes, Map<String, Map<String, SearchParam>> byType) {
        this.resourceTypes = Set.copyOf(resourceTypes);
        Map<String, Map<String, SearchParam>> copy = new LinkedHashMap<>();
        byType.forEach((type, params) -> copy.put(type, Map.copyOf(params)));
        this.byType = Map.copyOf(copy);
    }

    /**
     * @param resourceTypes every resource type name of the FHIR version (from the HAPI context)
     * @return the R4 base search parameters
     */
    public static SearchParameters r4(Set<String> resourceTypes) {
        JsonNode bundle;
        try (InputStream in = SearchParameters.class.getResourceAsStream(R4_DEFINITIONS)) {
            if (in == null) {
                throw new IllegalStateException("search parameter definitions " + R4_DEFINITIONS + " missing from the classpath");
            }
            bundle = new ObjectMapper().readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + R4_DEFINITIONS, e);
        }
        Map<String, JsonNode> byUrl = new LinkedHashMap<>();
        List<JsonNode> definitions = new ArrayList<>();
        for (JsonNode entry : bundle.path("entry")) {
            JsonNode resource = entry.path("resource");
            byUrl.put(resource.path("url").asText(), resource);
            definitions.add(resource);
        }
        return new SearchParameters(resourceTypes, Map.of()).plus(definitions, byUrl);
    }

    /**
     * @param definitions SearchParameter resources as JSON (status other than retired)
     * @return a registry with these added; a definition replaces one with the same type and code
     * @throws IllegalArgumentException when a definition lacks code, type or base, or names an unknown type
     */
    public SearchParameters plus(Collection<JsonNode> definitions) {
        return definitions.isEmpty() ? this : plus(definitions, Map.of());
    }

    /**
     * @return a registry with the {@code derived} parameters added (see {@link DerivedParam})
     * @throws IllegalArgumentException when one is not a token parameter without an expression, or its type is unknown
     */
    public SearchParameters withDerived(Collection<DerivedParam> derived) {
        Map<String, Map<String, SearchParam>> next = new LinkedHashMap<>();
        byType.forEach((type, params) -> next.put(type, new LinkedHashMap<>(params)));
        for (DerivedParam one : derived) {
            SearchParam param = one.param();
            if (param.type() != SearchParamType.TOKEN || !param.expression().isEmpty()
                    || !resourceTypes.contains(param.resourceType())) {
                throw new IllegalArgumentException("a derived search parameter is a token of a resource type, without an "
                        + "expression: " + param.key());
            }
            next.computeIfAbsent(param.resourceType(), t -> new LinkedHashMap<>()).put(param.code(), param);
        }
        return new SearchParameters(resourceTypes, next);
    }

    private SearchParameters plus(Collection<JsonNode> definitions, Map<String, JsonNode> byUrl) {
        Map<String, Map<String, SearchParam>> next = new LinkedHashMap<>();
        byType.forEach((type, params) -> next.put(type, new LinkedHashMap<>(params)));
        for (JsonNode definition : definitions) {
            String code = definition.path("code").asText("");
            String typeCode = definition.path("type").asText("");
            if (code.isEmpty() || typeCode.isEmpty() || !definition.path("base").isArray()) {
                throw new IllegalArgumentException("SearchParameter " + definition.path("url").asText("(no url)")
                        + " needs code, type and base");
            }
            SearchParamType type = SearchParamType.of(typeCode);
            String expression = definition.path("expression").asText("");
            List<String> targets = new ArrayList<>();
            definition.path("target").forEach(t -> targets.add(t.asText()));
            List<SearchParam.Component> components = new ArrayList<>();
            for (JsonNode component : definition.path("component")) {
                JsonNode part = byUrl.get(component.path("definition").asText());
                SearchParamType partType = part == null ? SearchParamType.SPECIAL : SearchParamType.of(part.path("type").asText());
                components.add(new SearchParam.Component(partType, component.path("expression").asText("")));
            }
            for (JsonNode baseNode : definition.path("base")) {
                String base = baseNode.asText();
                for (String type1 : appliesTo(base)) {
                    String own = Expressions.forType(expression, base, type1);
                    if (!expression.isEmpty() && own.isEmpty()) {
                        continue;
                    }
                    // Resource and DomainResource parameters keep their base as type, so one key
                    // (Resource._tag) serves every type and a system-level search
                    String keyType = base.equals("Resource") || base.equals("DomainResource") ? base : type1;
                    next.computeIfAbsent(type1, t -> new LinkedHashMap<>())
                            .put(code, new SearchParam(keyType, code, type, own, targets, components,
                                    definition.path("url").asText("")));
                }
            }
        }
        return new SearchParameters(resourceTypes, next);
    }

    /** @return the parameter {@code code} of {@code resourceType}, if defined */
    public Optional<SearchParam> find(String resourceType, String code) {
        Map<String, SearchParam> params = byType.get(resourceType);
        return params == null ? Optional.empty() : Optional.ofNullable(params.get(code));
    }

    /** @return every parameter of {@code resourceType} */
    public Collection<SearchParam> of(String resourceType) {
        Map<String, SearchParam> params = byType.get(resourceType);
        return params == null ? List.of() : params.values();
    }

    /** @return every resource type that has parameters */
    public Set<String> resourceTypes() {
        return byType.keySet();
    }

    private List<String> appliesTo(String base) {
        return switch (base) {
            case "Resource" -> resourceTypes.stream().sorted().toList();
            case "DomainResource" -> resourceTypes.stream().filter(t -> !NOT_DOMAIN_RESOURCES.contains(t)).sorted().toList();
            default -> {
                if (!resourceTypes.contains(base)) {
                    throw new IllegalArgumentException("SearchParameter base '" + base + "' is not a resource type");
                }
                yield List.of(base);
            }
        };
    }
}
