package org.openspine.fhir.store;

import ca.uhn.fhir.context.FhirContext;
import java.util.Optional;
import org.hl7.fhir.instance.model.api.IBase;
import org.hl7.fhir.instance.model.api.IBaseReference;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.instance.model.api.IIdType;
import org.hl7.fhir.r4.model.Binary;
import org.hl7.fhir.r4.model.Task;

/**
 * Finds the patient compartment a resource belongs to: a Patient is its own; other resources
 * belong to the patient their compartment-defining references (subject, patient, ...) point to,
 * as the R4 Patient CompartmentDefinition says. A resource pointing at several patients is keyed
 * by the first, in subject/patient-first order. Two types R4 leaves out of the compartment belong to
 * a patient here, so that what they say of the patient is as private as the rest of the record: a
 * Binary to the patient its {@code securityContext} names ("treat this binary as if it were that
 * resource for access control"; a filed letter's content), and a Task to the patient it is
 * {@code for} (a practice's review of that patient's letters, a record transfer), which also lets
 * {@link CareRelationships} derive relationships from open Tasks.
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
        if (resource instanceof Binary binary) {
            return patient(binary.getSecurityContext());
        }
        if (resource instanceof Task task) {
            return patient(task.getFor());
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

    private static Optional<String> patient(IBaseReference reference) {
        IIdType target = reference.getReferenceElement();
        return target != null && "Patient".equals(target.getResourceType()) && target.getIdPart() != null
                ? Optional.of(target.getIdPart()) : Optional.empty();
    }
}
