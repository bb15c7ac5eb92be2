package org.openspine.exchange.filing;

import java.util.List;
import java.util.Objects;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;

/**
 * What reading a letter's payload gave. Match exhaustively with {@code switch}: only an {@link Identified}
 * letter can be filed; the others go to the practice's workqueue.
 */
sealed interface Letter {

    /** @return the letter as it is to be kept (decompressed) */
    byte[] content();

    /** @return its content type: the sender's, or what the content showed it to be */
    String contentType();

    /**
     * A letter that names its patient: a FHIR document or report, or a PDF with an NHS Number in its metadata.
     *
     * @param subject     what it says of the patient
     * @param facts       what it says of itself
     * @param entries     its coded entries about the patient (conditions, allergies, medication, observations...),
     *                    copied under new ids, references between them rewritten, ready for the record but for the
     *                    patient, whose references are {@code patientReferences}
     * @param patientReferences the references in {@code entries} to the patient, to point at the record filed into
     */
    record Identified(byte[] content, String contentType, LetterSubject subject, DocumentFacts facts,
                      List<Resource> entries, List<Reference> patientReferences) implements Letter {
        public Identified {
            Objects.requireNonNull(content, "content");
            Objects.requireNonNull(contentType, "contentType");
            Objects.requireNonNull(subject, "subject");
            Objects.requireNonNull(facts, "facts");
            entries = List.copyOf(entries);
            patientReferences = List.copyOf(patientReferences);
        }
    }

    /**
     * A letter that can be read but does not say whose it is (plain text, a PDF without an NHS Number, FHIR
     * content that is not a document).
     *
     * @param facts  what it says of itself, if anything
     * @param reason why it cannot be filed, for the person working the workqueue
     */
    record Unidentified(byte[] content, String contentType, DocumentFacts facts, String reason) implements Letter {
        public Unidentified {
            Objects.requireNonNull(content, "content");
            Objects.requireNonNull(contentType, "contentType");
            Objects.requireNonNull(facts, "facts");
            Objects.requireNonNull(reason, "reason");
        }
    }

    /**
     * A letter whose content is broken: not valid FHIR, not valid gzip, entries the record cannot store.
     *
     * @param reason what is wrong, for the person working the workqueue
     */
    record Unreadable(byte[] content, String contentType, String reason) implements Letter {
        public Unreadable {
            Objects.requireNonNull(content, "content");
            Objects.requireNonNull(contentType, "contentType");
            Objects.requireNonNull(reason, "reason");
        }
    }
}
