package org.openspine.server.demo;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import org.openspine.server.demo.ClinicalCatalogue.Allergen;
import org.openspine.server.demo.ClinicalCatalogue.Lab;
import org.openspine.server.demo.ClinicalCatalogue.Medicine;
import org.openspine.server.demo.ClinicalCatalogue.Reaction;
import org.openspine.server.demo.ClinicalCatalogue.VitalSign;

/**
 * Writes the clinical resources of a patient record (Condition, AllergyIntolerance, Encounter, Observation,
 * MedicationRequest) as FHIR R4 JSON nodes. Decides nothing: {@link ClinicalHistory} chooses what happened
 * and when.
 *
 * <p>Every resource carries the elements R4 requires and codes from the required bindings (Observation.status
 * {@code final}, Condition clinical status {@code active}/{@code resolved}, and so on). Times are written in
 * UK local time with their offset, as FHIR requires a zone whenever a time is given.
 */
final class ClinicalResources {

    static final ZoneId UK = ZoneId.of("Europe/London");
    private static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssXXX");

    private ClinicalResources() {
    }

    static String dateTime(ZonedDateTime time) {
        return DATE_TIME.format(time);
    }

    /** A long-term problem on the problem list, active since {@code onset}. */
    static ObjectNode longTermCondition(String patientUrl, String snomed, String display, LocalDate onset,
                                        LocalDate recorded) {
        ObjectNode condition = condition(patientUrl, snomed, display, "active", "Active", "problem-list-item",
                "Problem List Item");
        condition.put("onsetDateTime", onset.toString());
        condition.put("recordedDate", recorded.toString());
        return condition;
    }

    /**
     * A diagnosis made at an encounter; {@code resolved} null means it has not resolved by the generation day.
     */
    static ObjectNode encounterDiagnosis(String patientUrl, String encounterUrl, String snomed, String display,
                                         LocalDate onset, LocalDate resolved) {
        ObjectNode condition = resolved == null
                ? condition(patientUrl, snomed, display, "active", "Active", "encounter-diagnosis",
                        "Encounter Diagnosis")
                : condition(patientUrl, snomed, display, "resolved", "Resolved", "encounter-diagnosis",
                        "Encounter Diagnosis");
        condition.set("encounter", Datatypes.reference(encounterUrl));
        condition.put("onsetDateTime", onset.toString());
        if (resolved != null) {
            condition.put("abatementDateTime", resolved.toString());
        }
        condition.put("recordedDate", onset.toString());
        return condition;
    }

    static ObjectNode allergy(String patientUrl, Allergen allergen, Reaction reaction, LocalDate recorded) {
        ObjectNode allergy = Datatypes.NODES.objectNode();
        allergy.put("resourceType", "AllergyIntolerance");
        allergy.set("clinicalStatus", Datatypes.status(Datatypes.ALLERGY_CLINICAL, "active", "Active"));
        allergy.set("verificationStatus",
                Datatypes.status(Datatypes.ALLERGY_VERIFICATION, "confirmed", "Confirmed"));
        allergy.put("type", allergen.type());
        allergy.putArray("category").add(allergen.category());
        allergy.put("criticality", "severe".equals(reaction.severity()) ? "high" : "low");
        allergy.set("code", Datatypes.concept(Datatypes.SNOMED, allergen.snomed(), allergen.display()));
        allergy.set("patient", Datatypes.reference(patientUrl));
        allergy.put("recordedDate", recorded.toString());
        ObjectNode reactionNode = allergy.putArray("reaction").addObject();
        reactionNode.putArray("manifestation").add(
                Datatypes.concept(Datatypes.SNOMED, reaction.snomed(), reaction.display()));
        reactionNode.put("severity", reaction.severity());
        return allergy;
    }

    /**
     * A finished encounter.
     *
     * @param inpatient IMP (admitted) when true, AMB (surgery consultation) otherwise
     * @param reason SNOMED concept and display for the reason, or null when the visit was routine
     */
    static ObjectNode encounter(String patientUrl, boolean inpatient, ClinicalCatalogue.Reason type,
                                ClinicalCatalogue.Reason reason, ZonedDateTime start, ZonedDateTime end,
                                String practitioner, String serviceProvider) {
        ObjectNode encounter = Datatypes.NODES.objectNode();
        encounter.put("resourceType", "Encounter");
        encounter.put("status", "finished");
        encounter.set("class", inpatient
                ? Datatypes.coding(Datatypes.ACT_CODE, "IMP", "inpatient encounter")
                : Datatypes.coding(Datatypes.ACT_CODE, "AMB", "ambulatory"));
        encounter.putArray("type").add(Datatypes.concept(Datatypes.SNOMED, type.snomed(), type.display()));
        encounter.set("subject", Datatypes.reference(patientUrl));
        encounter.putArray("participant").addObject().set("individual", Datatypes.reference(practitioner));
        ObjectNode period = encounter.putObject("period");
        period.put("start", dateTime(start));
        period.put("end", dateTime(end));
        if (reason != null) {
            encounter.putArray("reasonCode").add(
                    Datatypes.concept(Datatypes.SNOMED, reason.snomed(), reason.display()));
        }
        encounter.set("serviceProvider", Datatypes.reference(serviceProvider));
        return encounter;
    }

    /** A single-valued vital sign taken at an encounter. */
    static ObjectNode vitalSign(String patientUrl, String encounterUrl, VitalSign sign, BigDecimal value,
                                ZonedDateTime taken, String performer) {
        ObjectNode observation = vitalSignObservation(patientUrl, encounterUrl, sign, taken, performer);
        observation.set("valueQuantity", Datatypes.quantity(value, sign.unit(), sign.ucum()));
        return observation;
    }

    /** A blood pressure panel: no value of its own, systolic and diastolic as components. */
    static ObjectNode bloodPressure(String patientUrl, String encounterUrl, int systolic, int diastolic,
                                    ZonedDateTime taken, String performer) {
        ObjectNode observation = vitalSignObservation(patientUrl, encounterUrl,
                ClinicalCatalogue.BLOOD_PRESSURE, taken, performer);
        ArrayNode components = observation.putArray("component");
        components.add(component(ClinicalCatalogue.SYSTOLIC, systolic));
        components.add(component(ClinicalCatalogue.DIASTOLIC, diastolic));
        return observation;
    }

    /** A laboratory result, issued some hours after the sample was taken. */
    static ObjectNode labResult(String patientUrl, String encounterUrl, Lab lab, BigDecimal value,
                                ZonedDateTime sampled, ZonedDateTime issued, String laboratory) {
        ObjectNode observation = Datatypes.NODES.objectNode();
        observation.put("resourceType", "Observation");
        observation.put("status", "final");
        observation.putArray("category").add(Datatypes.status(
                Datatypes.OBSERVATION_CATEGORY, "laboratory", "Laboratory"));
        observation.set("code", Datatypes.concept(
                Datatypes.coding(Datatypes.LOINC, lab.loinc(), lab.loincDisplay()), lab.text()));
        observation.set("subject", Datatypes.reference(patientUrl));
        observation.set("encounter", Datatypes.reference(encounterUrl));
        observation.put("effectiveDateTime", dateTime(sampled));
        observation.put("issued", dateTime(issued));
        observation.putArray("performer").add(Datatypes.reference(laboratory));
        observation.set("valueQuantity", Datatypes.quantity(value, lab.unit(), lab.ucum()));
        ObjectNode range = observation.putArray("referenceRange").addObject();
        range.set("low", Datatypes.quantity(scaled(lab.normalLow(), lab.decimals()), lab.unit(), lab.ucum()));
        range.set("high", Datatypes.quantity(scaled(lab.normalHigh(), lab.decimals()), lab.unit(), lab.ucum()));
        return observation;
    }

    /**
     * A prescription: a repeat ({@code active}, continuous) for a long-term medicine, otherwise a finished
     * acute course ({@code completed}).
     *
     * @param encounterUrl the encounter it was issued at, or null for a repeat issued outside a visit
     */
    static ObjectNode medicationRequest(String patientUrl, String encounterUrl, String conditionUrl,
                                        Medicine medicine, ZonedDateTime authored, String prescriber) {
        ObjectNode request = Datatypes.NODES.objectNode();
        request.put("resourceType", "MedicationRequest");
        request.put("status", medicine.longTerm() ? "active" : "completed");
        request.put("intent", "order");
        request.set("courseOfTherapyType", medicine.longTerm()
                ? Datatypes.status(Datatypes.COURSE_OF_THERAPY, "continuous", "Continuous long term therapy")
                : Datatypes.status(Datatypes.COURSE_OF_THERAPY, "acute", "Short course (acute) therapy"));
        request.set("medicationCodeableConcept", Datatypes.concept(Datatypes.DMD, medicine.vmp(), medicine.name()));
        request.set("subject", Datatypes.reference(patientUrl));
        if (encounterUrl != null) {
            request.set("encounter", Datatypes.reference(encounterUrl));
        }
        request.put("authoredOn", dateTime(authored));
        request.set("requester", Datatypes.reference(prescriber));
        request.putArray("reasonReference").add(Datatypes.reference(conditionUrl));
        ObjectNode dosage = request.putArray("dosageInstruction").addObject();
        dosage.put("sequence", 1);
        dosage.put("text", medicine.dosage());
        if (medicine.timesPerDay() > 0) {
            ObjectNode repeat = dosage.putObject("timing").putObject("repeat");
            repeat.put("frequency", medicine.timesPerDay());
            repeat.put("period", 1);
            repeat.put("periodUnit", "d");
        } else {
            dosage.put("asNeededBoolean", true);
        }
        if (medicine.longTerm()) {
            request.putObject("dispenseRequest").put("numberOfRepeatsAllowed", 5);
        }
        return request;
    }

    static BigDecimal scaled(double value, int decimals) {
        return BigDecimal.valueOf(value).setScale(decimals, RoundingMode.HALF_UP);
    }

    private static ObjectNode condition(String patientUrl, String snomed, String display, String clinical,
                                        String clinicalDisplay, String category, String categoryDisplay) {
        ObjectNode condition = Datatypes.NODES.objectNode();
        condition.put("resourceType", "Condition");
        condition.set("clinicalStatus", Datatypes.status(Datatypes.CONDITION_CLINICAL, clinical, clinicalDisplay));
        condition.set("verificationStatus",
                Datatypes.status(Datatypes.CONDITION_VERIFICATION, "confirmed", "Confirmed"));
        condition.putArray("category").add(
                Datatypes.status(Datatypes.CONDITION_CATEGORY, category, categoryDisplay));
        condition.set("code", Datatypes.concept(Datatypes.SNOMED, snomed, display));
        condition.set("subject", Datatypes.reference(patientUrl));
        return condition;
    }

    private static ObjectNode vitalSignObservation(String patientUrl, String encounterUrl, VitalSign sign,
                                                   ZonedDateTime taken, String performer) {
        ObjectNode observation = Datatypes.NODES.objectNode();
        observation.put("resourceType", "Observation");
        observation.put("status", "final");
        observation.putArray("category").add(
                Datatypes.status(Datatypes.OBSERVATION_CATEGORY, "vital-signs", "Vital Signs"));
        observation.set("code", code(sign));
        observation.set("subject", Datatypes.reference(patientUrl));
        observation.set("encounter", Datatypes.reference(encounterUrl));
        observation.put("effectiveDateTime", dateTime(taken));
        observation.put("issued", dateTime(taken));
        observation.putArray("performer").add(Datatypes.reference(performer));
        return observation;
    }

    private static ObjectNode component(VitalSign sign, int value) {
        ObjectNode component = Datatypes.NODES.objectNode();
        component.set("code", code(sign));
        component.set("valueQuantity", Datatypes.quantity(BigDecimal.valueOf(value), sign.unit(), sign.ucum()));
        return component;
    }

    private static ObjectNode code(VitalSign sign) {
        ObjectNode code = Datatypes.NODES.objectNode();
        ArrayNode codings = code.putArray("coding");
        codings.add(Datatypes.coding(Datatypes.LOINC, sign.loinc(), sign.loincDisplay()));
        codings.add(Datatypes.coding(Datatypes.SNOMED, sign.snomed(), sign.snomedDisplay()));
        code.put("text", sign.snomedDisplay());
        return code;
    }
}
