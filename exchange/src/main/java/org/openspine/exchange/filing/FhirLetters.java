package org.openspine.exchange.filing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.BaseDateTimeType;
import org.hl7.fhir.r4.model.Composition;
import org.hl7.fhir.r4.model.DiagnosticReport;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.StringType;
import org.openspine.fhir.FhirServices;
import org.openspine.fhir.model.FhirCodec;
import org.openspine.fhir.model.MediaType;
import org.openspine.fhir.validation.WriteRules;
import org.openspine.platform.error.OpenSpineException;
import org.openspine.platform.identifier.NhsNumber;

/**
 * Reads a FHIR letter, given as JSON: a document Bundle (its Composition's subject, date, type, authors and
 * custodian), alone or carried in an ITK3 message Bundle, or a report Bundle (its DiagnosticReport's), and the coded
 * entries it carries about that patient,
 * ready for the record: parsed strictly under new ids, references between them rewritten, anything else they point
 * at named by identifier and display only (the letter's own ids mean nothing in the record, and a relative reference
 * would point at some unrelated resource here), checked by the record's write rules, and marked as awaiting a
 * clinician's review ({@link ReviewMarks}). Entries about someone else, and entries entered in error, are left in
 * the letter, which is kept whole as received.
 *
 * <p>Only what is used is parsed as FHIR: the head without its narrative sections, and the entries filed. The rest
 * of the letter (narrative, attachments) is kept as received and never interpreted, which is most of a letter's bytes
 * and most of the cost of parsing it whole. Thread-safe.
 */
final class FhirLetters {

    /** The kinds of entry filed into the record besides the letter itself. */
    static final Set<String> ENTRY_TYPES = Set.of("Condition", "AllergyIntolerance", "MedicationStatement", "Observation",
            "Procedure", "Immunization", "DiagnosticReport");
    /** What of a head is not needed for the facts: narratives, sections, attachments. */
    private static final List<String> HEAD_BULK = List.of("text", "section", "contained", "presentedForm");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final FhirCodec codec;
    private final WriteRules rules;

    FhirLetters(FhirCodec codec, WriteRules rules) {
        this.codec = codec;
        this.rules = rules;
    }

    /**
     * @return the letter, identified when its head names a patient and its entries can be stored; an ITK3 message
     *         Bundle (as Transfer of Care sends its documents) is read as the document Bundle it carries, and kept
     *         whole as received
     */
    Letter read(byte[] content, String contentType, JsonNode bundle) {
        String type = bundle.path("resourceType").asText("");
        if (!type.equals("Bundle")) {
            return new Letter.Unidentified(content, contentType, DocumentFacts.NONE, "a FHIR "
                    + (type.isEmpty() ? "resource without a type" : type) + ", not a document Bundle");
        }
        if (bundle.path("type").asText().equals("message")) {
            Optional<JsonNode> document = resources(bundle).stream()
                    .filter(r -> isA(r, "Bundle") && r.path("type").asText().equals("document")).findFirst();
            if (document.isPresent()) {
                return read(content, contentType, document.get());
            }
        }
        Map<String, JsonNode> byUrl = index(bundle);
        Optional<JsonNode> head = resources(bundle).stream().filter(r -> isA(r, "Composition")).findFirst()
                .or(() -> resources(bundle).stream().filter(r -> isA(r, "DiagnosticReport")).findFirst());
        if (head.isEmpty()) {
            return new Letter.Unidentified(content, contentType, DocumentFacts.NONE, "a FHIR Bundle of type "
                    + bundle.path("type").asText("(none)") + " with neither a Composition nor a DiagnosticReport");
        }
        try {
            DocumentFacts facts = facts(bundle, head.get(), byUrl);
            JsonNode subjectReference = head.get().path("subject");
            JsonNode patient = resolve(subjectReference, byUrl);
            LetterSubject subject = patient != null && isA(patient, "Patient") ? subject(patient)
                    : byIdentifier(subjectReference.path("identifier"));
            if (!subject.identifies()) {
                return new Letter.Unidentified(content, contentType, facts, "the " + head.get().path("resourceType")
                        .asText() + " names no patient by NHS Number or by name and date of birth");
            }
            List<Reference> patientReferences = new ArrayList<>();
            List<Resource> entries = entries(bundle, patient, byUrl, facts, patientReferences);
            return new Letter.Identified(content, contentType, subject, facts, entries, patientReferences);
        } catch (OpenSpineException.Invalid | OpenSpineException.Unprocessable e) {
            return new Letter.Unreadable(content, contentType, "what it says cannot be stored in the record as it is: "
                    + e.getMessage());
        }
    }

    // ---- the patient -----------------------------------------------------------------------------

    private static LetterSubject subject(JsonNode patient) {
        Optional<String> nhsNumber = Optional.empty();
        for (JsonNode identifier : patient.path("identifier")) {
            String value = identifier.path("value").asText("");
            if (NhsNumber.SYSTEM.equals(identifier.path("system").asText()) && NhsNumber.isValid(value)) {
                nhsNumber = Optional.of(value);
                break;
            }
        }
        JsonNode name = null;
        for (JsonNode candidate : patient.path("name")) {
            String use = candidate.path("use").asText("");
            if (use.equals("official")) {
                name = candidate;
                break;
            }
            if (name == null && !use.equals("old") && !candidate.path("period").has("end")) {
                name = candidate;
            }
        }
        List<String> given = new ArrayList<>();
        Optional<String> family = Optional.empty();
        if (name != null) {
            name.path("given").forEach(g -> given.add(g.asText()));
            family = text(name.path("family"));
        }
        Optional<LocalDate> born = text(patient.path("birthDate")).filter(d -> d.length() == 10).map(LocalDate::parse);
        Optional<String> postcode = Optional.empty();
        for (JsonNode address : patient.path("address")) {
            if (!address.path("use").asText("").equals("old") && !address.path("period").has("end")
                    && text(address.path("postalCode")).isPresent()) {
                postcode = text(address.path("postalCode"));
                break;
            }
        }
        return new LetterSubject(nhsNumber, family, given, born, text(patient.path("gender")), postcode);
    }

    /** A subject named by a logical reference only: its NHS Number, when that is what the identifier is. */
    private static LetterSubject byIdentifier(JsonNode identifier) {
        String value = identifier.path("value").asText("");
        if (NhsNumber.SYSTEM.equals(identifier.path("system").asText()) && NhsNumber.isValid(value)) {
            return new LetterSubject(Optional.of(value), Optional.empty(), List.of(), Optional.empty(), Optional.empty(),
                    Optional.empty());
        }
        return LetterSubject.NONE;
    }

    // ---- what the letter says of itself ------------------------------------------------------------

    /** @throws OpenSpineException.Invalid when the head, without its narrative, is not valid FHIR */
    private DocumentFacts facts(JsonNode bundle, JsonNode headJson, Map<String, JsonNode> byUrl) {
        ObjectNode lean = ((ObjectNode) headJson).deepCopy();
        lean.remove(HEAD_BULK);
        Resource head = parse(lean);
        Optional<Identifier> documentId = bundle.path("identifier").has("value")
                ? Optional.of(new Identifier().setSystem(bundle.path("identifier").path("system").asText(null))
                        .setValue(bundle.path("identifier").path("value").asText())) : Optional.empty();
        if (head instanceof Composition composition) {
            Optional<String> confidentiality = Optional.ofNullable(composition.getConfidentiality())
                    .map(c -> c.toCode()).filter(code -> code.equals("R") || code.equals("V"));
            return new DocumentFacts(instant(composition.getDateElement()),
                    composition.hasType() ? Optional.of(composition.getType()) : Optional.empty(),
                    composition.getCategory(), Optional.ofNullable(composition.getTitle()).filter(t -> !t.isBlank()),
                    composition.getAuthor().stream().map(a -> outside(a, byUrl)).toList(),
                    composition.hasCustodian() ? Optional.of(outside(composition.getCustodian(), byUrl)) : Optional.empty(),
                    documentId, confidentiality);
        }
        DiagnosticReport report = (DiagnosticReport) head;
        Optional<Instant> date = report.hasIssued() ? instant(report.getIssuedElement())
                : report.hasEffectiveDateTimeType() ? instant(report.getEffectiveDateTimeType()) : Optional.empty();
        return new DocumentFacts(date, report.hasCode() ? Optional.of(report.getCode()) : Optional.empty(),
                report.getCategory(), Optional.ofNullable(report.getCode().getText()).filter(t -> !t.isBlank()),
                report.getPerformer().stream().map(p -> outside(p, byUrl)).toList(), Optional.empty(), documentId,
                Optional.empty());
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

    private List<Resource> entries(JsonNode bundle, JsonNode patient, Map<String, JsonNode> byUrl, DocumentFacts facts,
            List<Reference> patientReferences) {
        Map<JsonNode, String> kept = new IdentityHashMap<>();
        for (JsonNode resource : resources(bundle)) {
            String type = resource.path("resourceType").asText();
            if (patient != null && ENTRY_TYPES.contains(type) && resolve(ReviewMarks.subjectOf(resource), byUrl) == patient
                    && !ReviewMarks.enteredInError(resource)) {
                kept.put(resource, type + "/" + UUID.randomUUID());
            }
        }
        List<Resource> entries = new ArrayList<>();
        for (JsonNode original : resources(bundle)) {
            String reference = kept.get(original);
            if (reference == null) {
                continue;
            }
            ObjectNode json = ((ObjectNode) original).deepCopy();
            json.remove("id");
            Resource entry = parse(json);
            entry.setId(reference.substring(reference.indexOf('/') + 1));
            for (Reference ref : rules.check(entry)) {
                String target = ref.getReferenceElement().getValue();
                if (target == null || ref.getReference().startsWith("#")) {
                    continue; // by identifier or display only, or to a contained resource: meaningful as it is
                }
                JsonNode resolved = resolve(target, byUrl);
                if (resolved == patient) {
                    patientReferences.add(ref);
                } else if (resolved != null && kept.containsKey(resolved)) {
                    ref.setReference(kept.get(resolved));
                } else {
                    Reference outside = outside(ref, byUrl);
                    ref.setReferenceElement((StringType) null);
                    ref.setIdentifier(outside.getIdentifier());
                    ref.setDisplay(outside.getDisplay());
                }
            }
            ReviewMarks.awaitingReview(entry, facts.confidentiality());
            entries.add(entry);
        }
        return entries;
    }

    /** @throws OpenSpineException.Invalid when {@code json} is not a valid FHIR resource */
    private Resource parse(ObjectNode json) {
        byte[] bytes;
        try {
            bytes = JSON.writeValueAsBytes(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree could not be written back", e);
        }
        IBaseResource resource = codec.parseStrict(bytes, MediaType.JSON);
        return (Resource) resource;
    }

    // ---- references -------------------------------------------------------------------------------

    private static List<JsonNode> resources(JsonNode bundle) {
        List<JsonNode> resources = new ArrayList<>();
        for (JsonNode entry : bundle.path("entry")) {
            if (entry.path("resource").isObject()) {
                resources.add(entry.path("resource"));
            }
        }
        return resources;
    }

    /** Every entry by its fullUrl, and by type/id for relative references. */
    private static Map<String, JsonNode> index(JsonNode bundle) {
        Map<String, JsonNode> byUrl = new HashMap<>();
        for (JsonNode entry : bundle.path("entry")) {
            JsonNode resource = entry.path("resource");
            if (!resource.isObject()) {
                continue;
            }
            text(entry.path("fullUrl")).ifPresent(url -> byUrl.putIfAbsent(url, resource));
            text(resource.path("id")).ifPresent(id -> byUrl.putIfAbsent(resource.path("resourceType").asText() + "/" + id,
                    resource));
        }
        return byUrl;
    }

    /** @return the entry the JSON reference points at, or null when it points outside the letter */
    private static JsonNode resolve(JsonNode reference, Map<String, JsonNode> byUrl) {
        return reference == null ? null : text(reference.path("reference")).map(url -> resolve(url, byUrl)).orElse(null);
    }

    /** @return the entry {@code url} points at, or null when it points outside the letter */
    private static JsonNode resolve(String url, Map<String, JsonNode> byUrl) {
        JsonNode found = byUrl.get(url);
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
    private static Reference outside(Reference reference, Map<String, JsonNode> byUrl) {
        JsonNode target = reference.getReferenceElement().getValue() == null ? null
                : resolve(reference.getReference(), byUrl);
        Reference outside = new Reference();
        if (reference.hasIdentifier()) {
            outside.setIdentifier(reference.getIdentifier().copy());
        } else if (target != null && target.path("identifier").path(0).has("value")) {
            JsonNode identifier = target.path("identifier").path(0);
            outside.setIdentifier(new Identifier().setSystem(identifier.path("system").asText(null))
                    .setValue(identifier.path("value").asText()));
        }
        if (reference.hasDisplay()) {
            outside.setDisplay(reference.getDisplay());
        } else if (target != null) {
            name(target).ifPresent(outside::setDisplay);
        }
        if (!outside.hasIdentifier() && !outside.hasDisplay()) {
            String type = target != null ? target.path("resourceType").asText(null)
                    : reference.getReferenceElement().getResourceType();
            outside.setDisplay((type == null ? "someone or something" : type.toLowerCase(Locale.ROOT)) + " named in the letter");
        }
        return outside;
    }

    /** @return a person's or organisation's name as written: a HumanName's text or its parts, or a name string */
    private static Optional<String> name(JsonNode resource) {
        JsonNode name = resource.path("name");
        if (name.isTextual()) {
            return text(name);
        }
        JsonNode first = name.path(0);
        if (first.has("text")) {
            return text(first.path("text"));
        }
        List<String> parts = new ArrayList<>();
        first.path("prefix").forEach(p -> parts.add(p.asText()));
        first.path("given").forEach(g -> parts.add(g.asText()));
        text(first.path("family")).ifPresent(parts::add);
        return parts.isEmpty() ? Optional.empty() : Optional.of(String.join(" ", parts));
    }

    private static boolean isA(JsonNode resource, String type) {
        return type.equals(resource.path("resourceType").asText());
    }

    private static Optional<String> text(JsonNode node) {
        return node.isTextual() && !node.asText().isBlank() ? Optional.of(node.asText()) : Optional.empty();
    }
}
