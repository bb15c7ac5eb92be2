package org.openspine.exchange.filing;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Reference;

/**
 * What a letter says about itself, for its DocumentReference. References point outside the letter only by
 * identifier and display: nothing the letter contains is in the record under the letter's own ids.
 *
 * @param date            the document's own date (a Composition's date, a report's issue, a PDF's creation)
 * @param type            what kind of document it is
 * @param categories      its categories
 * @param title           its title
 * @param authors         who wrote it
 * @param custodian       the organisation responsible for it
 * @param documentId      the document's own identifier (a document Bundle's {@code identifier})
 * @param confidentiality {@code R} or {@code V} when the document is restricted or very restricted
 */
record DocumentFacts(Optional<Instant> date, Optional<CodeableConcept> type, List<CodeableConcept> categories,
                     Optional<String> title, List<Reference> authors, Optional<Reference> custodian,
                     Optional<Identifier> documentId, Optional<String> confidentiality) {

    /** Nothing known. */
    static final DocumentFacts NONE = new DocumentFacts(Optional.empty(), Optional.empty(), List.of(), Optional.empty(),
            List.of(), Optional.empty(), Optional.empty(), Optional.empty());

    DocumentFacts {
        Objects.requireNonNull(date, "date");
        Objects.requireNonNull(type, "type");
        categories = List.copyOf(categories);
        Objects.requireNonNull(title, "title");
        authors = List.copyOf(authors);
        Objects.requireNonNull(custodian, "custodian");
        Objects.requireNonNull(documentId, "documentId");
        Objects.requireNonNull(confidentiality, "confidentiality");
    }
}
