package org.openspine.fhir.search.index;

import ca.uhn.fhir.context.BaseRuntimeChildDefinition;
import ca.uhn.fhir.context.BaseRuntimeElementCompositeDefinition;
import ca.uhn.fhir.context.BaseRuntimeElementDefinition;
import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.RuntimeChildChoiceDefinition;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The FHIR R4 structure as search paths need it, read from HAPI's model definitions: which JSON
 * keys an element name stands for and what type each holds. Used only while compiling, so the
 * per-write path never touches HAPI. Thread-safe (HAPI's definitions are immutable once built).
 */
final class ElementModel {

    private final FhirContext context;
    private final Set<String> resourceTypes;

    ElementModel(FhirContext context) {
        this.context = context;
        this.resourceTypes = Set.copyOf(context.getResourceTypes());
    }

    /** @return every resource type name of the FHIR version */
    Set<String> resourceTypes() {
        return resourceTypes;
    }

    /** @return the type of resource {@code name} */
    ElementType resource(String name) {
        if (!resourceTypes.contains(name)) {
            throw new IllegalArgumentException("'" + name + "' is not a FHIR R4 resource type");
        }
        return new ElementType(name, context.getResourceDefinition(name));
    }

    /** @return the datatype {@code name}, e.g. {@code boolean} */
    ElementType datatype(String name) {
        BaseRuntimeElementDefinition<?> definition = context.getElementDefinition(name);
        if (definition == null) {
            throw new IllegalArgumentException("'" + name + "' is not a FHIR R4 datatype");
        }
        return new ElementType(definition.getName(), definition);
    }

    /**
     * The JSON keys that element {@code name} of {@code parent} is written under, each with the type
     * it holds: one for a plain element, one per allowed type for a choice ({@code value} gives
     * {@code valueQuantity}, {@code valueString}, ...).
     *
     * @return the keys, empty when {@code parent} has no element of that name
     */
    List<JsonKey> keys(ElementType parent, String name) {
        BaseRuntimeElementCompositeDefinition<?> composite = parent.composite();
        if (composite == null) {
            return List.of();
        }
        BaseRuntimeChildDefinition child = composite.getChildByName(name);
        if (child == null) {
            child = composite.getChildByName(name + "[x]");
        }
        if (child == null) {
            return List.of();
        }
        if (!(child instanceof RuntimeChildChoiceDefinition) || child.getValidChildNames().contains(name)) {
            // HAPI also lists an alias ("subjectResource") for references; only the element name is JSON
            String key = child instanceof RuntimeChildChoiceDefinition ? name : child.getElementName();
            return List.of(new JsonKey(key, typeOf(child.getChildByName(key))));
        }
        List<JsonKey> keys = new ArrayList<>();
        for (String key : child.getValidChildNames()) {
            keys.add(new JsonKey(key, typeOf(child.getChildByName(key))));
        }
        return keys;
    }

    /**
     * Whether values of {@code type} pass a FHIRPath {@code as}/{@code ofType} for {@code target}:
     * the same type or a specialisation of it ({@code Age} is a {@code Quantity}, {@code canonical} a
     * {@code uri}), following HAPI's class hierarchy. The type name may be written with either case
     * of first letter ({@code dateTime} or {@code DateTime}: both occur in R4 expressions).
     *
     * @throws UnsupportedExpressionException when {@code target} names no FHIR type
     */
    boolean isA(ElementType type, String target) {
        if (target.equals("Resource") || target.equals("DomainResource")) {
            return type.definition() == null || resourceTypes.contains(type.name());
        }
        if (type.definition() == null) {
            return false; // a resource of unknown type is narrowed by resourceType at run time, not here
        }
        BaseRuntimeElementDefinition<?> wanted = resourceTypes.contains(target)
                ? context.getResourceDefinition(target) : context.getElementDefinition(target);
        if (wanted == null) {
            throw new UnsupportedExpressionException("'" + target + "' is not a FHIR type");
        }
        return wanted.getImplementingClass().isAssignableFrom(type.definition().getImplementingClass());
    }

    private ElementType typeOf(BaseRuntimeElementDefinition<?> definition) {
        return switch (definition.getChildType()) {
            case RESOURCE, CONTAINED_RESOURCE_LIST, CONTAINED_RESOURCES -> ElementType.anyResource();
            default -> new ElementType(definition.getName(), definition);
        };
    }

    /**
     * One JSON key an element is written under.
     *
     * @param key  the key in the parent JSON object, e.g. {@code valueQuantity}
     * @param type what the key holds
     */
    record JsonKey(String key, ElementType type) {
    }
}
