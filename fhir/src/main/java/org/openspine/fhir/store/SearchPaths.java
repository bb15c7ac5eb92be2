package org.openspine.fhir.store;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.RuntimeResourceDefinition;
import ca.uhn.fhir.context.RuntimeSearchParam;
import ca.uhn.fhir.util.FhirTerser;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import org.hl7.fhir.instance.model.api.IBase;
import org.hl7.fhir.instance.model.api.IBaseResource;

/**
 * The element paths of selected R4 search parameters, per resource type, for extracting values at
 * write time. Each type's paths are worked out once, on first use, and cached.
 *
 * <p>Only plain dotted paths ({@code Observation.subject}) are followed, with HAPI's terser:
 * {@code .where(resolve() is X)} filters are dropped (callers filter the found references by type
 * instead), and more complex FHIRPath expressions are skipped. HAPI's FHIRPath engine would cover
 * those, but it loads every structure definition on first use (seconds and ~100 MB), which the
 * identifier and compartment keys do not need.
 */
final class SearchPaths {

    private static final Pattern SIMPLE = Pattern.compile("[A-Z][A-Za-z]*(\\.[a-z][A-Za-z]*)+");

    private final FhirContext context;
    private final FhirTerser terser;
    private final Predicate<RuntimeSearchParam> selector;
    private final Map<String, List<String>> byType = new ConcurrentHashMap<>();

    /** @param selector which of a type's search parameters to follow, in definition order */
    SearchPaths(FhirContext context, Predicate<RuntimeSearchParam> selector) {
        this.context = context;
        this.terser = context.newTerser();
        this.selector = selector;
    }

    /** @return every value the selected parameters' paths reach in {@code resource}, in parameter order */
    List<IBase> values(IBaseResource resource) {
        String type = context.getResourceType(resource);
        List<String> paths = byType.computeIfAbsent(type, pathsOf());
        if (paths.isEmpty()) {
            return List.of();
        }
        List<IBase> values = new ArrayList<>();
        for (String path : paths) {
            values.addAll(terser.getValues(resource, path));
        }
        return values;
    }

    private Function<String, List<String>> pathsOf() {
        return type -> {
            RuntimeResourceDefinition definition = context.getResourceDefinition(type);
            List<RuntimeSearchParam> params = new ArrayList<>(definition.getSearchParams());
            // patient/subject first: they name the patient when several references could
            params.sort((a, b) -> Integer.compare(rank(a), rank(b)));
            List<String> paths = new ArrayList<>();
            for (RuntimeSearchParam param : params) {
                if (!selector.test(param)) {
                    continue;
                }
                for (String path : param.getPathsSplitForResourceType(type)) {
                    String cleaned = path.replaceAll("\\.where\\(resolve\\(\\) is [A-Za-z]+\\)", "").trim();
                    if (SIMPLE.matcher(cleaned).matches() && cleaned.startsWith(type + ".") && !paths.contains(cleaned)) {
                        paths.add(cleaned);
                    }
                }
            }
            return List.copyOf(paths);
        };
    }

    private static int rank(RuntimeSearchParam param) {
        return switch (param.getName()) {
            case "patient" -> 0;
            case "subject" -> 1;
            default -> 2;
        };
    }
}
