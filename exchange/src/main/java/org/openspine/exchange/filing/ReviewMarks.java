package org.openspine.exchange.filing;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;
import org.hl7.fhir.r4.model.AllergyIntolerance;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.DomainResource;
import org.hl7.fhir.r4.model.Meta;
import org.hl7.fhir.r4.model.Resource;

/**
 * How an entry filed from a letter is marked as awaiting a clinician's review, so that nobody mistakes what a
 * sender wrote for what the practice has confirmed:
 * <ul>
 * <li>every entry carries the tag {@value #REVIEW_SYSTEM}|{@value #AWAITING_REVIEW} (searchable with
 *     {@code _tag}), which the reviewing clinician removes;</li>
 * <li>where the resource has a verification status (Condition, AllergyIntolerance) it becomes
 *     {@code unconfirmed}, the sender's own kept in the extension {@value #SENDER_VERIFICATION}; a status the
 *     sender gave as {@code refuted} stays, since unconfirming a refutation would claim more than the letter
 *     did;</li>
 * <li>{@code meta.source} names the message it came in, and the letter's confidentiality ({@code R}, {@code V})
 *     becomes a security label, so a restricted letter's entries are restricted too.</li>
 * </ul>
 * Other statuses (an Observation's {@code final}) are the sender's facts and stay as they are. Stateless.
 */
final class ReviewMarks {

    /** OpenSpine's code system for review states. */
    static final String REVIEW_SYSTEM = "https://openspine.org/CodeSystem/review";
    /** The tag of an entry a clinician has yet to review. */
    static final String AWAITING_REVIEW = "awaiting-clinician-review";
    /** The extension keeping the verification status the sender gave. */
    static final String SENDER_VERIFICATION = "https://openspine.org/StructureDefinition/sender-verification-status";
    /** The code system of confidentiality labels. */
    static final String CONFIDENTIALITY = "http://terminology.hl7.org/CodeSystem/v3-Confidentiality";
    private static final String CONDITION_VERIFICATION = "http://terminology.hl7.org/CodeSystem/condition-ver-status";
    private static final String ALLERGY_VERIFICATION = "http://terminology.hl7.org/CodeSystem/allergyintolerance-verification";

    private ReviewMarks() {
    }

    /** @return the JSON reference naming the patient an entry is about ({@code subject} or {@code patient}) */
    static JsonNode subjectOf(JsonNode entry) {
        return switch (entry.path("resourceType").asText()) {
            case "AllergyIntolerance", "Immunization" -> entry.path("patient");
            default -> entry.path("subject");
        };
    }

    /** @return whether the sender marked the entry as entered in error: such an entry is not filed */
    static boolean enteredInError(JsonNode entry) {
        String status = switch (entry.path("resourceType").asText()) {
            case "Condition", "AllergyIntolerance" -> entry.path("verificationStatus").path("coding").path(0).path("code")
                    .asText("");
            default -> entry.path("status").asText("");
        };
        return status.equals("entered-in-error");
    }

    /** Marks a copied entry as awaiting review (see the class comment); {@code messageId} names its message. */
    static void awaitingReview(Resource entry, Optional<String> confidentiality) {
        Meta meta = new Meta();
        entry.getMeta().getSecurity().forEach(label -> meta.addSecurity(label.copy()));
        confidentiality.filter(code -> meta.getSecurity().stream().noneMatch(label -> CONFIDENTIALITY.equals(label.getSystem())
                && code.equals(label.getCode()))).ifPresent(code -> meta.addSecurity(CONFIDENTIALITY, code, null));
        meta.addTag(REVIEW_SYSTEM, AWAITING_REVIEW, "Awaiting clinician review");
        entry.setMeta(meta);
        switch (entry) {
            case Condition condition -> condition.setVerificationStatus(unconfirmed((DomainResource) entry,
                    condition.getVerificationStatus(), CONDITION_VERIFICATION));
            case AllergyIntolerance allergy -> allergy.setVerificationStatus(unconfirmed((DomainResource) entry,
                    allergy.getVerificationStatus(), ALLERGY_VERIFICATION));
            default -> {
            }
        }
    }

    /** Marks where a filed entry came from (its {@code meta.source}). */
    static void source(Resource entry, String messageId) {
        entry.getMeta().setSource(FiledDocuments.MESSAGE_URN_PREFIX + messageId);
    }

    private static CodeableConcept unconfirmed(DomainResource entry, CodeableConcept given, String system) {
        if ("refuted".equals(verification(given))) {
            return given;
        }
        if (given != null && !given.isEmpty()) {
            entry.addExtension(SENDER_VERIFICATION, given.copy());
        }
        return new CodeableConcept(new Coding(system, "unconfirmed", "Unconfirmed"));
    }

    private static String verification(CodeableConcept status) {
        return status == null ? null : status.getCoding().stream().map(Coding::getCode).findFirst().orElse(null);
    }
}
