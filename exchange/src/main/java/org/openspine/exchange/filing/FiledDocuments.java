package org.openspine.exchange.filing;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import org.hl7.fhir.r4.model.Attachment;
import org.hl7.fhir.r4.model.Binary;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.DocumentReference;
import org.hl7.fhir.r4.model.Enumerations;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.InstantType;
import org.hl7.fhir.r4.model.Meta;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.Task;
import org.openspine.fhir.validation.WriteRules;

/**
 * Builds what filing a letter writes into the patient's record, checked by the record's write rules before
 * anything is written:
 * <ul>
 * <li>a Binary holding the letter as received (decompressed), with the sender's content type, and
 *     {@code securityContext} the patient, so it is as private as the rest of their record;</li>
 * <li>a DocumentReference: {@code current}, {@code final}, the document's own type (else the workflow's, in
 *     {@value #WORKFLOW_SYSTEM}), the patient, the document's own date (else its arrival), authors and custodian as
 *     the letter names them (else the sending organisation), the attachment pointing at the Binary with its size and
 *     SHA-1, the MESH message id as identifier ({@value #MESSAGE_ID_SYSTEM}), the arrival time in the extension
 *     {@value #RECEIVED}, the tag {@value #FILING_SYSTEM}|{@value #AUTO_FILED} (or {@value #WORKQUEUE_FILED}, see
 *     {@link Route}) and, for a delayed letter, also
 *     {@value #FILING_SYSTEM}|{@value #DELAYED}; its coded entries are listed in {@code context.related};</li>
 * <li>the letter's coded entries (see {@link FhirLetters}), pointed at the patient;</li>
 * <li>for a letter that is not delayed, or is filed from the workqueue, a review Task for the practice
 *     ({@value #TASK_SYSTEM}|{@value #REVIEW}); delayed letters filed on arrival are summarised per patient instead
 *     ({@link DelayedSummaries}).</li>
 * </ul>
 * A letter the sender marked restricted or very restricted ({@code R}, {@code V}) gives that label to the Binary, the
 * DocumentReference, its entries and its review Task alike, so that none of them shows to the patient (confidential
 * to clinicians). Thread-safe.
 */
final class FiledDocuments {

    /** The identifier system of MESH message ids. */
    static final String MESSAGE_ID_SYSTEM = "https://openspine.org/Id/mesh-message-id";
    /** The prefix of {@code meta.source} naming the message an entry came in. */
    static final String MESSAGE_URN_PREFIX = "urn:openspine:mesh-message:";
    /** The code system of MESH workflow ids, the type of a document that does not give its own. */
    static final String WORKFLOW_SYSTEM = "https://openspine.org/CodeSystem/mesh-workflow";
    /** The extension holding when a filed letter arrived. */
    static final String RECEIVED = "https://openspine.org/StructureDefinition/document-received";
    /** OpenSpine's code system of filing marks. */
    static final String FILING_SYSTEM = "https://openspine.org/CodeSystem/filing";
    /** The tag of every document filed automatically. */
    static final String AUTO_FILED = "auto-filed";
    /** The tag of every document a person at the practice filed from its workqueue. */
    static final String WORKQUEUE_FILED = "workqueue-filed";
    /** The tag of a document that arrived long after its own date. */
    static final String DELAYED = "delayed";
    /** The code system of the practice's filing tasks. */
    static final String TASK_SYSTEM = "https://openspine.org/CodeSystem/filing-task";
    /** The task to review one filed letter. */
    static final String REVIEW = "review-document";
    private static final String ODS = PracticeDirectory.ODS;

    private final WriteRules rules;

    FiledDocuments(WriteRules rules) {
        this.rules = rules;
    }

    /**
     * @return the resources filing {@code letter} into {@code patientId}'s record writes, the DocumentReference
     *         first
     * @throws org.openspine.platform.error.OpenSpineException.Invalid or {@code Unprocessable} when what the letter
     *         says breaks the record's write rules
     */
    Filed build(ClaimedLetter claimed, Letter.Identified letter, String patientId, Practice practice, boolean delayed,
            Route route, Instant now) {
        Reference patient = new Reference("Patient/" + patientId);
        letter.patientReferences().forEach(ref -> ref.setReference(patient.getReference()));
        Binary binary = new Binary();
        binary.setId(UUID.randomUUID().toString());
        binary.setContentType(letter.contentType());
        binary.setData(letter.content());
        binary.setSecurityContext(patient.copy());
        letter.facts().confidentiality().ifPresent(code -> binary.getMeta().addSecurity(ReviewMarks.CONFIDENTIALITY, code, null));

        DocumentReference document = new DocumentReference();
        document.setId(UUID.randomUUID().toString());
        Meta meta = document.getMeta();
        meta.addTag(FILING_SYSTEM, route.tag, route.display);
        if (delayed) {
            meta.addTag(FILING_SYSTEM, DELAYED, "Arrived long after its own date");
        }
        letter.facts().confidentiality().ifPresent(code -> meta.addSecurity(ReviewMarks.CONFIDENTIALITY, code, null));
        meta.setSource(MESSAGE_URN_PREFIX + claimed.messageId());
        document.addExtension(RECEIVED, new DateTimeType(claimed.received().truncatedTo(ChronoUnit.MILLIS).toString()));
        letter.facts().documentId().ifPresent(document::setMasterIdentifier);
        document.addIdentifier(new Identifier().setSystem(MESSAGE_ID_SYSTEM).setValue(claimed.messageId()));
        document.setStatus(Enumerations.DocumentReferenceStatus.CURRENT);
        document.setDocStatus(DocumentReference.ReferredDocumentStatus.FINAL);
        document.setType(letter.facts().type().orElseGet(() -> workflowType(claimed)));
        letter.facts().categories().forEach(document::addCategory);
        document.setSubject(patient.copy());
        Instant date = documentDate(letter.facts(), claimed);
        document.setDateElement(new InstantType(date.truncatedTo(ChronoUnit.MILLIS).toString()));
        Reference sender = sender(claimed);
        if (letter.facts().authors().isEmpty()) {
            document.addAuthor(sender.copy());
        } else {
            letter.facts().authors().forEach(document::addAuthor);
        }
        document.setCustodian(letter.facts().custodian().orElse(sender));
        letter.facts().title().or(claimed::fileName).ifPresent(document::setDescription);
        Attachment attachment = new Attachment().setContentType(letter.contentType()).setUrl("Binary/" + binary.getIdPart())
                .setSize(letter.content().length).setHash(sha1(letter.content()));
        letter.facts().title().or(claimed::fileName).ifPresent(attachment::setTitle);
        letter.facts().date().ifPresent(d -> attachment.setCreationElement(new DateTimeType(
                d.truncatedTo(ChronoUnit.MILLIS).toString())));
        document.addContent().setAttachment(attachment);
        for (Resource entry : letter.entries()) {
            ReviewMarks.source(entry, claimed.messageId());
            document.getContext().addRelated(new Reference(entry.fhirType() + "/" + entry.getIdPart()));
        }
        List<Resource> written = new ArrayList<>();
        written.add(document);
        written.add(binary);
        written.addAll(letter.entries());
        if (!delayed || route == Route.FROM_WORKQUEUE) {
            Task review = review(document, patient, practice, letter.facts().title().orElse("letter"), claimed, route, now);
            // its description names the letter: as restricted as the letter is
            letter.facts().confidentiality().ifPresent(code -> review.getMeta().addSecurity(ReviewMarks.CONFIDENTIALITY,
                    code, null));
            written.add(review);
        }
        // the entries were checked as they were read; what is built here carries the letter's words too
        rules.check(document);
        written.stream().filter(resource -> resource instanceof Task).forEach(rules::check);
        return new Filed(document, date, written);
    }

    /** @return the document's own date, else when it arrived */
    static Instant documentDate(DocumentFacts facts, ClaimedLetter claimed) {
        return facts.date().orElse(claimed.received());
    }

    /** @return the practice as a Task's owner: by id, ODS code and name */
    static Reference owner(Practice practice) {
        return new Reference(practice.reference()).setIdentifier(new Identifier().setSystem(ODS).setValue(practice.odsCode()))
                .setDisplay(practice.name());
    }

    private static Task review(DocumentReference document, Reference patient, Practice practice, String title,
            ClaimedLetter claimed, Route route, Instant now) {
        Task task = new Task();
        task.setId(UUID.randomUUID().toString());
        task.setStatus(Task.TaskStatus.REQUESTED);
        task.setIntent(Task.TaskIntent.ORDER);
        task.setPriority(Task.TaskPriority.ROUTINE);
        task.setCode(new CodeableConcept(new Coding(TASK_SYSTEM, REVIEW, "Review a filed document")));
        task.setDescription("Review the " + title + " from " + claimed.senderName() + ", " + route.filed);
        task.setFocus(new Reference("DocumentReference/" + document.getIdPart()));
        task.setFor(patient.copy());
        task.setAuthoredOnElement(new DateTimeType(now.truncatedTo(ChronoUnit.MILLIS).toString()));
        task.setOwner(owner(practice));
        return task;
    }

    private static CodeableConcept workflowType(ClaimedLetter claimed) {
        return new CodeableConcept(new Coding(WORKFLOW_SYSTEM, claimed.workflowId(), claimed.workflowDescription()))
                .setText(claimed.workflowDescription());
    }

    private static Reference sender(ClaimedLetter claimed) {
        return new Reference().setIdentifier(new Identifier().setSystem(ODS).setValue(claimed.senderOdsCode()))
                .setDisplay(claimed.senderName());
    }

    private static byte[] sha1(byte[] content) {
        try {
            return MessageDigest.getInstance("SHA-1").digest(content); // FHIR's Attachment.hash is SHA-1
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java has SHA-1", e);
        }
    }

    /**
     * How a letter came to be filed, which its DocumentReference's tag and its review task say. A delayed letter
     * filed on arrival is summarised per patient instead of getting a review task ({@link DelayedSummaries}); one a
     * person files from the workqueue gets its own, as it is filed on its own.
     */
    enum Route {
        /** By auto-filing, as it arrived. */
        ON_ARRIVAL(AUTO_FILED, "Filed automatically on arrival", "filed on arrival"),
        /** By a person at the practice, from its workqueue. */
        FROM_WORKQUEUE(WORKQUEUE_FILED, "Filed by the practice from its workqueue", "filed from the workqueue");

        private final String tag;
        private final String display;
        private final String filed;

        Route(String tag, String display, String filed) {
            this.tag = tag;
            this.display = display;
            this.filed = filed;
        }
    }

    /**
     * What filing one letter writes.
     *
     * @param document the DocumentReference
     * @param date     the document's own date (else its arrival), by which a patient's letters are ordered
     * @param written  every resource, the DocumentReference first
     */
    record Filed(DocumentReference document, Instant date, List<Resource> written) {
        Filed {
            Objects.requireNonNull(document, "document");
            Objects.requireNonNull(date, "date");
            written = List.copyOf(written);
        }

        /** @return the DocumentReference's reference */
        String reference() {
            return "DocumentReference/" + document.getIdPart();
        }
    }
}
