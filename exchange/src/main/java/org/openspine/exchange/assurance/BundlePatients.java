package org.openspine.exchange.assurance;

import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.DomainResource;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.openspine.platform.identifier.NhsNumber;

/**
 * Whether a reference in a Bundle leads to a Patient with one valid NHS Number: the patient a letter or a
 * report can be filed for. References are followed as FHIR resolves them inside a Bundle: by an entry's
 * {@code fullUrl} (including {@code urn:uuid:}s), by {@code Type/id} against an entry whose {@code fullUrl}
 * is a RESTful URL ending so (a relative reference resolves against the entry's base), or to a
 * resource contained in the referring one ({@code #id}); a reference by identifier alone counts when the
 * identifier is an NHS Number. Stateless apart from its index of the one Bundle; not thread-safe.
 */
final class BundlePatients {

    private final Map<String, Resource> byFullUrl = new HashMap<>();
    private final Map<String, Resource> byTypeAndId = new HashMap<>();

    BundlePatients(Bundle bundle) {
        for (Bundle.BundleEntryComponent entry : bundle.getEntry()) {
            Resource resource = entry.getResource();
            if (resource == null) {
                continue;
            }
            if (entry.hasFullUrl()) {
                byFullUrl.put(entry.getFullUrl(), resource);
            }
            // HAPI gives an entry's resource its fullUrl as id, so Type/id comes from a URL fullUrl's tail
            for (String id : new String[] {entry.getFullUrl(), resource.getIdElement().getValue()}) {
                if (id != null && !id.startsWith("urn:")) {
                    IdType parsed = new IdType(id);
                    if (parsed.hasIdPart()) {
                        String type = parsed.hasResourceType() ? parsed.getResourceType() : resource.fhirType();
                        byTypeAndId.put(type + "/" + parsed.getIdPart(), resource);
                    }
                }
            }
        }
    }

    /**
     * @param owner the resource holding the reference (for {@code #id} references to what it contains)
     * @param what  how a refusal names the reference, e.g. "the Composition's subject"
     * @return what is wrong with the patient the reference leads to; empty when it is a Patient with a
     *         valid NHS Number
     */
    Optional<String> problem(DomainResource owner, Reference reference, String what) {
        if (reference == null || reference.isEmpty()) {
            return Optional.of(what + " is missing");
        }
        if (!reference.hasReference()) {
            return byIdentifier(reference.getIdentifier(), what);
        }
        Optional<Resource> target = resolve(owner, reference.getReference());
        if (target.isEmpty()) {
            return Optional.of(what + " ('" + reference.getReference() + "') is not in the Bundle");
        }
        if (!(target.get() instanceof Patient patient)) {
            return Optional.of(what + " is a " + target.get().fhirType() + ", not a Patient");
        }
        return nhsNumber(patient.getIdentifier(), what + " (a Patient)");
    }

    private Optional<Resource> resolve(DomainResource owner, String reference) {
        if (reference.startsWith("#")) {
            String id = reference.substring(1);
            return owner.getContained().stream().filter(r -> id.equals(r.getIdElement().getIdPart())).findFirst();
        }
        Resource found = byFullUrl.get(reference);
        if (found != null) {
            return Optional.of(found);
        }
        if (reference.startsWith("urn:")) {
            return Optional.empty();
        }
        IdType id = new IdType(reference);
        return Optional.ofNullable(id.hasResourceType() && id.hasIdPart()
                ? byTypeAndId.get(id.getResourceType() + "/" + id.getIdPart()) : null);
    }

    private static Optional<String> byIdentifier(Identifier identifier, String what) {
        if (!NhsNumber.SYSTEM.equals(identifier.getSystem())) {
            return Optional.of(what + " names no Patient: it neither references a resource nor carries an NHS Number "
                    + "identifier (system " + NhsNumber.SYSTEM + ")");
        }
        return nhsNumber(List.of(identifier), what);
    }

    /** @return what is wrong with the NHS Numbers among {@code identifiers}: none, an invalid one, or two */
    static Optional<String> nhsNumber(List<Identifier> identifiers, String what) {
        Set<String> numbers = new LinkedHashSet<>();
        for (Identifier identifier : identifiers) {
            if (NhsNumber.SYSTEM.equals(identifier.getSystem())) {
                if (!NhsNumber.isValid(identifier.getValue())) {
                    return Optional.of(what + " has an NHS Number that is not valid (ten digits with a Modulus 11 "
                            + "check digit)");
                }
                numbers.add(identifier.getValue());
            }
        }
        if (numbers.isEmpty()) {
            return Optional.of(what + " has no NHS Number (an identifier with system " + NhsNumber.SYSTEM + ")");
        }
        if (numbers.size() > 1) {
            return Optional.of(what + " has " + numbers.size() + " different NHS Numbers, so it cannot be filed for "
                    + "one patient");
        }
        return Optional.empty();
    }
}
