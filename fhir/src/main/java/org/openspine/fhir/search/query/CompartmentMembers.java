package org.openspine.fhir.search.query;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.RuntimeSearchParam;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which search parameters of a resource type put it in a compartment ({@code Observation} is in a
 * Patient's compartment through subject and performer), as the R4 CompartmentDefinitions say (HAPI
 * carries them on its search parameter model). Thread-safe; each answer is worked out once.
 */
final class CompartmentMembers {

    private final FhirContext context;
    private final Map<String, List<String>> cache = new ConcurrentHashMap<>();

    CompartmentMembers(FhirContext context) {
        this.context = context;
    }

    /** @return the codes of {@code type}'s parameters that make it a member of a {@code compartment} compartment */
    List<String> of(String compartment, String type) {
        return cache.computeIfAbsent(compartment + "/" + type, key -> context.getResourceDefinition(type)
                .getSearchParams().stream()
                .filter(p -> p.getProvidesMembershipInCompartments() != null
                        && p.getProvidesMembershipInCompartments().contains(compartment))
                .map(RuntimeSearchParam::getName).sorted().toList());
    }
}
