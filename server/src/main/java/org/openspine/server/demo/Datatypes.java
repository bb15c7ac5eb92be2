package org.openspine.server.demo;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;

/**
 * Builds FHIR R4 datatypes (Coding, CodeableConcept, Reference, Quantity) as Jackson nodes, and names the
 * code systems the generator uses.
 *
 * <p>Nodes are built directly rather than through HAPI model classes because the load harness generates
 * hundreds of thousands of resources and HAPI's object model costs several times more per resource.
 */
final class Datatypes {

    static final String SNOMED = "http://snomed.info/sct";
    static final String LOINC = "http://loinc.org";
    static final String UCUM = "http://unitsofmeasure.org";
    static final String DMD = "https://dmd.nhs.uk";
    static final String ODS = "https://fhir.nhs.uk/Id/ods-organization-code";
    static final String SDS_USER = "https://fhir.nhs.uk/Id/sds-user-id";
    static final String SDS_ROLE_PROFILE = "https://fhir.nhs.uk/Id/sds-role-profile-id";
    static final String ACT_CODE = "http://terminology.hl7.org/CodeSystem/v3-ActCode";
    static final String CONDITION_CLINICAL = "http://terminology.hl7.org/CodeSystem/condition-clinical";
    static final String CONDITION_VERIFICATION = "http://terminology.hl7.org/CodeSystem/condition-ver-status";
    static final String CONDITION_CATEGORY = "http://terminology.hl7.org/CodeSystem/condition-category";
    static final String ALLERGY_CLINICAL = "http://terminology.hl7.org/CodeSystem/allergyintolerance-clinical";
    static final String ALLERGY_VERIFICATION =
            "http://terminology.hl7.org/CodeSystem/allergyintolerance-verification";
    static final String OBSERVATION_CATEGORY = "http://terminology.hl7.org/CodeSystem/observation-category";
    static final String COURSE_OF_THERAPY =
            "http://terminology.hl7.org/CodeSystem/medicationrequest-course-of-therapy";
    static final String ORGANIZATION_TYPE = "http://terminology.hl7.org/CodeSystem/organization-type";

    static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private Datatypes() {
    }

    static ObjectNode coding(String system, String code, String display) {
        ObjectNode coding = NODES.objectNode();
        coding.put("system", system);
        coding.put("code", code);
        coding.put("display", display);
        return coding;
    }

    /** @return a CodeableConcept with one coding and {@code display} as its text */
    static ObjectNode concept(String system, String code, String display) {
        return concept(coding(system, code, display), display);
    }

    static ObjectNode concept(ObjectNode coding, String text) {
        ObjectNode concept = NODES.objectNode();
        concept.putArray("coding").add(coding);
        concept.put("text", text);
        return concept;
    }

    /** @return a CodeableConcept without text, as used for status elements */
    static ObjectNode status(String system, String code, String display) {
        ObjectNode concept = NODES.objectNode();
        concept.putArray("coding").add(coding(system, code, display));
        return concept;
    }

    static ObjectNode reference(String reference) {
        ObjectNode node = NODES.objectNode();
        node.put("reference", reference);
        return node;
    }

    static ObjectNode reference(String reference, String display) {
        ObjectNode node = reference(reference);
        node.put("display", display);
        return node;
    }

    /** @return a conditional reference, resolved by the server when the transaction is processed */
    static String byIdentifier(String resourceType, String system, String value) {
        return resourceType + "?identifier=" + system + "|" + value;
    }

    static ObjectNode identifier(String system, String value) {
        ObjectNode node = NODES.objectNode();
        node.put("system", system);
        node.put("value", value);
        return node;
    }

    /** @return a UCUM Quantity; {@code unit} is the human form, {@code code} the UCUM code */
    static ObjectNode quantity(BigDecimal value, String unit, String code) {
        ObjectNode node = NODES.objectNode();
        node.put("value", value);
        node.put("unit", unit);
        node.put("system", UCUM);
        node.put("code", code);
        return node;
    }

    static ObjectNode telecom(String system, String value, String use) {
        ObjectNode node = NODES.objectNode();
        node.put("system", system);
        node.put("value", value);
        node.put("use", use);
        return node;
    }

    static ObjectNode address(String use, String line, String city, String district, String postcode) {
        ObjectNode node = NODES.objectNode();
        node.put("use", use);
        node.put("type", "both");
        ArrayNode lines = node.putArray("line");
        lines.add(line);
        node.put("city", city);
        node.put("district", district);
        node.put("postalCode", postcode);
        node.put("country", "GB");
        return node;
    }

    static ObjectNode humanName(String prefix, String given, String family) {
        ObjectNode name = NODES.objectNode();
        name.put("use", "official");
        name.put("family", family);
        name.putArray("given").add(given);
        name.putArray("prefix").add(prefix);
        return name;
    }
}
