package org.openspine.exchange.assurance;

import java.util.List;
import java.util.Optional;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Composition;
import org.hl7.fhir.r4.model.DocumentReference;
import org.hl7.fhir.r4.model.Resource;
import org.openspine.exchange.mailbox.Assurance;
import org.openspine.fhir.model.FhirCodec;

/**
 * {@link Assurance#CLINICAL_DOCUMENT}: a letter a GP system can file against one patient without a person
 * reading it first. Accepted are
 * <ul>
 * <li>a FHIR document Bundle: type {@code document}, its first entry a Composition whose subject is a Patient
 *     with a valid NHS Number;</li>
 * <li>a FHIR message Bundle (ITK3, as Transfer of Care and GP Connect Send Document wrap their content)
 *     carrying such a document Bundle, or DocumentReferences whose subjects are such Patients;</li>
 * <li>a PDF whose metadata carries one valid NHS Number ({@link PdfMetadata}).</li>
 * </ul>
 * Thread-safe.
 */
final class ClinicalDocumentCheck {

    /** What the workflow needs, as every refusal starts. */
    static final String REQUIREMENT = "a clinical-document workflow needs a FHIR document Bundle or a PDF with an NHS "
            + "Number in its metadata";

    private final FhirCodec codec;

    ClinicalDocumentCheck(FhirCodec codec) {
        this.codec = codec;
    }

    /** @return what is wrong with the payload, to follow {@link #REQUIREMENT}; empty when it is a clinical document */
    Optional<String> problem(byte[] payload) {
        PayloadFormat format = PayloadFormat.of(payload);
        return switch (format) {
            case PDF -> pdf(payload);
            case FHIR_JSON, FHIR_XML -> switch (FhirPayload.bundle(codec, payload, format)) {
                case FhirPayload.Read.Problem problem -> Optional.of(problem.problem());
                case FhirPayload.Read.Parsed parsed -> bundle(parsed.bundle());
            };
            case OTHER -> Optional.of("this payload is neither FHIR (JSON or XML) nor a PDF");
        };
    }

    private static Optional<String> pdf(byte[] payload) {
        return PdfMetadata.nhsNumber(payload).problem();
    }

    private static Optional<String> bundle(Bundle bundle) {
        if (!bundle.hasType()) {
            return Optional.of("this Bundle has no type");
        }
        return switch (bundle.getType()) {
            case DOCUMENT -> document(bundle, "this document Bundle");
            case MESSAGE -> message(bundle);
            default -> Optional.of("this Bundle has type '" + bundle.getType().toCode() + "'");
        };
    }

    private static Optional<String> document(Bundle bundle, String name) {
        List<Bundle.BundleEntryComponent> entries = bundle.getEntry();
        if (entries.isEmpty() || entries.get(0).getResource() == null) {
            return Optional.of(name + " has no first entry with a resource (a Composition)");
        }
        Resource first = entries.get(0).getResource();
        if (!(first instanceof Composition composition)) {
            return Optional.of(name + "'s first entry is a " + first.fhirType() + ", not a Composition");
        }
        if (!composition.hasSubject()) {
            return Optional.of(name + "'s Composition has no subject");
        }
        return new BundlePatients(bundle).problem(composition, composition.getSubject(),
                name + "'s Composition subject");
    }

    /** An ITK3 message: its document Bundle if it carries one, else its DocumentReferences. */
    private static Optional<String> message(Bundle bundle) {
        BundlePatients patients = new BundlePatients(bundle);
        int references = 0;
        for (int i = 0; i < bundle.getEntry().size(); i++) {
            Resource resource = bundle.getEntry().get(i).getResource();
            if (resource instanceof Bundle nested && nested.getType() == Bundle.BundleType.DOCUMENT) {
                return document(nested, "the document Bundle in this message");
            }
            if (resource instanceof DocumentReference reference) {
                references++;
                Optional<String> problem = reference.hasSubject()
                        ? patients.problem(reference, reference.getSubject(), "the subject of the DocumentReference in "
                                + "entry " + (i + 1) + " of this message")
                        : Optional.of("the DocumentReference in entry " + (i + 1) + " of this message has no subject");
                if (problem.isPresent()) {
                    return problem;
                }
            }
        }
        return references > 0 ? Optional.empty()
                : Optional.of("this message Bundle carries neither a document Bundle nor a DocumentReference");
    }
}
