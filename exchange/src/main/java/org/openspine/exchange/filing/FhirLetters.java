package org.openspine.exchange.filing;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.hl7.fhir.r4.model.Base;
import org.hl7.fhir.r4.model.BaseDateTimeType;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Composition;
import org.hl7.fhir.r4.model.DiagnosticReport;
import org.hl7.fhir.r4.model.HumanName;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Property;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.StringType;
import org.openspine.fhir.FhirServices;
import org.openspine.fhir.validation.WriteRules;
import org.openspine.platform.error.OpenSpineException;
import org.openspine.platform.identifier.NhsNumber;

/**
 * Reads a FHIR letter: a document Bundle (its Composition's subject, date, type, authors and custodian) or a
 * report Bundle (its DiagnosticReport's), and the coded entries it carries about that patient, ready for the
 * record: copied under new ids, references between them rewritten, anything else they point at named by
 * identifier and display only (the letter's own ids mean nothing in the record, and a relative reference would
 * point at some unrelated resource here), checked by the record's write rules, and marked as awaiting a
 * clinician's review ({@link ReviewMarks}). Entries about someone else, and entries entered in error, are left
 * in the letter. Thread-safe.
 */
final class FhirLetters {

    /** The kinds of entry filed into the record besides the letter itself. */
    static final Set<String> ENTRY_TYPES = Set.of("Condition", "AllergyIntolerance", "MedicationStatement", "Observation",
            "Procedure", "Immunization", "DiagnosticReport");

    private final WriteRules rules;

    FhirLetters(WriteRules rules) {
        this.rules = rules;
    }

    /** @return the letter, identified when its head names a patient and its entries can be stored */
    Letter read(byte[] content, String contentType, Bundle bundle) {
        Map<String, Resource> byUrl = index(bundle);
        Optional<Resource> head = bundle.getEntry().stream().map(Bundle.BundleEntryComponent::getResource)
                .filter(r -> r instanceof Composition).findFirst()
                .or(() -> bundle.getEntry().stream().map(Bundle.BundleEntryComponent::getResource)
                        .filter(r -> r instanceof DiagnosticReport).findFirst());
        if (head.isEmpty()) {
            return new Letter.Unidentified(content, contentType, DocumentFacts.NONE, "a FHIR Bundle of type "
                    + bundle.getTypeElement().getValueAsString() + " with neither a Composition nor a DiagnosticReport");
        }
        DocumentFacts facts = head.get() instanceof Composition composition ? facts(bundle, composition, byUrl)
                : facts(bundle, (DiagnosticReport) head.get(), byUrl);
        Reference subjectReference = head.get() instanceof Composition composition ? composition.getSubject()
                : ((DiagnosticReport) head.get()).getSubject();
        Resource subjectResource = resolve(subjectReference, byUrl);
        LetterSubject subject = subjectResource instanceof Patient patient ? subject(patient)
                : subject(subjectReference.getIdentifier());
        if (!subject.identifies()) {
            return new Letter.Unidentified(content, contentType, facts, "the " + head.get().fhirType()
                    + " names no patient by NHS Number or by name and date of birth");
        }
        try {
            List<Reference> patientReferences = new ArrayList<>();
            List<Resource> entries = entries(bundle, subjectResource, byUrl, facts, patientReferences);
            return new Letter.Identified(content, contentType, subject, facts, entries, patientReferences);
        } catch (OpenSpineException.Invalid | OpenSpineException.Unprocessable e) {
            return new Letter.Unreadable(content, contentType, "its coded entries cannot be stored as they are: "
                    + e.getMessage());
        }
    }

    // ---- the patient -----------------------------------------------------------------------------

    private static LetterSubject subject(Patient patient) {
        Optional<String> nhsNumber = patient.getIdentifier().stream().filter(i -> NhsNumber.SYSTEM.equals(i.getSystem()))
                .map(Identifier::getValue).filter(NhsNumber::isValid).findFirst();
        Optional<HumanName> name = patient.getName().stream().filter(n -> n.getUse() == HumanName.NameUse.OFFICIAL)
                .findFirst().or(() -> patient.getName().stream().filter(n -> n.getUse() != HumanName.NameUse.OLD
                        && !n.getPeriod().hasEnd()).findFirst());
        Optional<LocalDate> born = patient.hasBirthDateElement() && patient.getBirthDateElement().getValueAsString() != null
                && patient.getBirthDateElement().getValueAsString().length() == 10
                ? Optional.of(LocalDate.parse(patient.getBirthDateElement().getValueAsString())) : Optional.empty();
        Optional<String> postcode = patient.getAddress().stream().filter(a -> !a.getPeriod().hasEnd()
                        && a.getUse() != org.hl7.fhir.r4.model.Address.AddressUse.OLD)
                .map(a -> a.getPostalCode()).filter(p -> p != null && !p.isBlank()).findFirst();
        return new LetterSubject(nhsNumber, name.map(HumanName::getFamily).filter(f -> f != null && !f.isBlank()),
                name.map(n -> n.getGiven().stream().map(StringType::getValue).toList()).orElse(List.of()), born,
                Optional.ofNullable(patient.getGender()).map(g -> g.toCode()), postcode);
    }

    /** A subject named by a logical reference only: its NHS Number, when that is what the identifier is. */
    private static LetterSubject subject(Identifier identifier) {
        if (identifier != null && NhsNumber.SYSTEM.equals(identifier.getSystem()) && NhsNumber.isValid(identifier.getValue())) {
            return new LetterSubject(Optional.of(identifier.getValue()), Optional.empty(), List.of(), Optional.empty(),
                    Optional.empty(), Optional.empty());
        }
        return LetterSubject.NONE;
    }

    // ---- what the letter says of itself ------------------------------------------------------------

    private static DocumentFacts facts(Bundle bundle, Composition composition, Map<String, Resource> byUrl) {
        Optional<String> confidentiality = Optional.ofNullable(composition.getConfidentiality())
                .map(c -> c.toCode()).filter(code -> code.equals("R") || code.equals("V"));
        return new DocumentFacts(instant(composition.getDateElement()),
                composition.hasType() ? Optional.of(composition.getType().copy()) : Optional.empty(),
                composition.getCategory().stream().map(CodeableConcept::copy).toList(),
                Optional.ofNullable(composition.getTitle()).filter(t -> !t.isBlank()),
                composition.getAuthor().stream().map(a -> outside(a, byUrl)).toList(),
                composition.hasCustodian() ? Optional.of(outside(composition.getCustodian(), byUrl)) : Optional.empty(),
                documentId(bundle), confidentiality);
    }

    private static DocumentFacts facts(Bundle bundle, DiagnosticReport report, Map<String, Resource> byUrl) {
        Optional<Instant> date = report.hasIssued() ? instant(report.getIssuedElement())
                : report.hasEffectiveDateTimeType() ? instant(report.getEffectiveDateTimeType()) : Optional.empty();
        return new DocumentFacts(date, report.hasCode() ? Optional.of(report.getCode().copy()) : Optional.empty(),
                report.getCategory().stream().map(CodeableConcept::copy).toList(),
                Optional.ofNullable(report.getCode().getText()).filter(t -> !t.isBlank()),
                report.getPerformer().stream().map(p -> outside(p, byUrl)).toList(), Optional.empty(),
                documentId(bundle), Optional.empty());
    }

    private static Optional<Identifier> documentId(Bundle bundle) {
        return bundle.hasIdentifier() && bundle.getIdentifier().hasValue() ? Optional.of(bundle.getIdentifier().copy())
                : Optional.empty();
    }

    /**
     * @return the moment of a date or dateTime: as written when it has a time, else the start of its day (month,
     *         year) in UK time
     */
    static Optional<Instant> instant(BaseDateTimeType value) {
        String text = value == null ? null : value.getValueAsString();
        if (text == null || text.isBlank()) {
            return Optional.empty();
        }
        try {
            if (text.length() > 10) {
                return Optional.of(OffsetDateTime.parse(text).toInstant());
            }
            String[] parts = text.split("-");
            LocalDate day = LocalDate.of(Integer.parseInt(parts[0]), parts.length > 1 ? Integer.parseInt(parts[1]) : 1,
                    parts.length > 2 ? Integer.parseInt(parts[2]) : 1);
            return Optional.of(day.atStartOfDay(FhirServices.SERVICE_ZONE).toInstant());
        } catch (java.time.DateTimeException | NumberFormatException e) {
            return Optional.empty(); // strict parsing let it through; a date we cannot place is no date
        }
    }

    // ---- the entries ------------------------------------------------------------------------------

    private List<Resource> entries(Bundle bundle, Resource patient, Map<String, Resource> byUrl, DocumentFacts facts,
            List<Reference> patientReferences) {
        Map<Resource, String> kept = new IdentityHashMap<>();
        for (Bundle.BundleEntryComponent entry : bundle.getEntry()) {
            Resource resource = entry.getResource();
            if (resource != null && ENTRY_TYPES.contains(resource.fhirType()) && patient != null
                    && resolve(ReviewMarks.subjectOf(resource), byUrl) == patient && !ReviewMarks.enteredInError(resource)) {
                kept.put(resource, resource.fhirType() + "/" + UUID.randomUUID());
            }
        }
        List<Resource> copies = new ArrayList<>();
        for (Bundle.BundleEntryComponent entry : bundle.getEntry()) {
            Resource original = entry.getResource();
            String reference = kept.get(original);
            if (reference == null) {
                continue;
            }
            Resource copy = original.copy();
            copy.setId(reference.substring(reference.indexOf('/') + 1));
            for (Reference ref : rules.check(copy)) {
                if (ref.getReferenceElement().getValue() == null || ref.getReference().startsWith("#")) {
                    continue; // by identifier or display only, or to a contained resource: meaningful as it is
                }
                Resource target = resolve(ref, byUrl);
                if (target == patient) {
                    ref.setResource(null);
                    patientReferences.add(ref);
                } else if (target != null && kept.containsKey(target)) {
                    ref.setReference(kept.get(target));
                    ref.setResource(null);
                } else {
                    Reference outside = outside(ref, byUrl);
                    ref.setReferenceElement((StringType) null);
                    ref.setResource(null); // HAPI links bundle references to their targets, and would write the link
                    ref.setIdentifier(outside.getIdentifier());
                    ref.setDisplay(outside.getDisplay());
                }
            }
            ReviewMarks.awaitingReview(copy, facts.confidentiality());
            copies.add(copy);
        }
        return copies;
    }

    // ---- references -------------------------------------------------------------------------------

    /** Every entry by its fullUrl, and by type/id for relative references. */
    private static Map<String, Resource> index(Bundle bundle) {
        Map<String, Resource> byUrl = new HashMap<>();
        for (Bundle.BundleEntryComponent entry : bundle.getEntry()) {
            Resource resource = entry.getResource();
            if (resource == null) {
                continue;
            }
            if (entry.hasFullUrl()) {
                byUrl.putIfAbsent(entry.getFullUrl(), resource);
            }
            if (resource.getIdElement().hasIdPart()) {
                byUrl.putIfAbsent(resource.fhirType() + "/" + resource.getIdElement().getIdPart(), resource);
            }
        }
        return byUrl;
    }

    /** @return the entry {@code reference} points at, or null when it points outside the letter */
    private static Resource resolve(Reference reference, Map<String, Resource> byUrl) {
        if (reference == null || reference.getReferenceElement().getValue() == null) {
            return null;
        }
        String url = reference.getReference();
        Resource found = byUrl.get(url);
        if (found != null || url.startsWith("urn:")) {
            return found;
        }
        String[] segments = url.split("/");
        int history = segments.length >= 4 && segments[segments.length - 2].equals("_history") ? 2 : 0;
        return segments.length >= 2 + history ? byUrl.get(segments[segments.length - 2 - history] + "/"
                + segments[segments.length - 1 - history]) : null;
    }

    /**
     * @return a reference to what {@code reference} points at by identifier and display only: the reference's own,
     *         else those of the entry it resolves to; a bare description when there are neither
     */
    private static Reference outside(Reference reference, Map<String, Resource> byUrl) {
        Resource target = resolve(reference, byUrl);
        Reference outside = new Reference();
        if (reference.hasIdentifier()) {
            outside.setIdentifier(reference.getIdentifier().copy());
        } else if (target != null) {
            first(target, "identifier").filter(Identifier.class::isInstance).map(i -> ((Identifier) i).copy())
                    .filter(Identifier::hasValue).ifPresent(outside::setIdentifier);
        }
        if (reference.hasDisplay()) {
            outside.setDisplay(reference.getDisplay());
        } else if (target != null) {
            first(target, "name").map(FhirLetters::nameText).filter(n -> !n.isBlank()).ifPresent(outside::setDisplay);
        }
        if (!outside.hasIdentifier() && !outside.hasDisplay()) {
            String type = target != null ? target.fhirType() : reference.getReferenceElement().getResourceType();
            outside.setDisplay((type == null ? "someone or something" : type.toLowerCase(Locale.ROOT)) + " named in the letter");
        }
        return outside;
    }

    private static Optional<Base> first(Resource resource, String property) {
        Property found = resource.getNamedProperty(property);
        return found == null || !found.hasValues() ? Optional.empty() : Optional.of(found.getValues().get(0));
    }

    private static String nameText(Base name) {
        return switch (name) {
            case HumanName human -> human.hasText() ? human.getText() : human.getNameAsSingleString();
            case StringType text -> text.getValue();
            default -> "";
        };
    }
}
