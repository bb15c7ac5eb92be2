package org.openspine.fhir.search.index;

import ca.uhn.fhir.context.BaseRuntimeElementCompositeDefinition;
import ca.uhn.fhir.context.BaseRuntimeElementDefinition;
import java.util.Objects;

/**
 * The FHIR type of the values a compiled path reaches, known when the path is compiled.
 *
 * @param name       the FHIR type name ({@code CodeableConcept}, {@code dateTime}, {@code Patient}), or
 *                   {@link #ANY_RESOURCE} for a resource whose type only its JSON says
 * @param definition HAPI's definition of the type; null for {@link #ANY_RESOURCE}
 */
record ElementType(String name, BaseRuntimeElementDefinition<?> definition) {

    /** The name of the type of contained and bundled resources, whose {@code resourceType} says what they are. */
    static final String ANY_RESOURCE = "Resource";

    ElementType {
        Objects.requireNonNull(name, "name");
    }

    /** @return a resource of a type known only at run time */
    static ElementType anyResource() {
        return new ElementType(ANY_RESOURCE, null);
    }

    /** @return the definition as one with children, or null for a primitive or a resource of unknown type */
    BaseRuntimeElementCompositeDefinition<?> composite() {
        return definition instanceof BaseRuntimeElementCompositeDefinition<?> composite ? composite : null;
    }
}
