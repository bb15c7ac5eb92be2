package org.openspine.fhir.store;

import ca.uhn.fhir.context.FhirContext;
import java.util.Optional;
import org.hl7.fhir.instance.model.api.IBase;
import org.hl7.fhir.instance.model.api.IBaseReference;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.instance.model.api.IIdType;

/**
 * Finds the patient compartment a resource belongs to: a Patient is its own; other resources
 * belong to the patient their compartment-defining references (subject, patient, ...) point to,
 * as the R4 Patient CompartmentDefinition says. A resource pointing at several patients is keyed
 * by the first, in subject/patient-first order.
 */
final class CompartmentKey {

    private final SearchPaths paths;

    CompartmentKey(FhirContext context) {
        this.paths = new SearchPaths(context,
                param -> param.getProvidesMembershipInCompartments() != null
                        && param.getProvidesMembershipInCompartments().contains("Patient"));
    }

    Optional<String> of(String type, String id, IBaseResource resource) {
        if (type.equals("Patient")) {
            return Optional.of(id);
        }
        for (IBase value : paths.values(resource)) {
            if (value instanceof IBaseReference reference) {
                IIdType target = reference.getReferenceElement();
                if (target != null && "Patient".equals(target.getResourceType()) && target.getIdPart() != null) {
                    return Optional.of(target.getIdPart());
                }
            }
        }
        return Optional.empty();
    }
}
