package org.openspine.exchange.filing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.openspine.platform.identifier.NhsNumber;

/** Letters as hospitals send them: FHIR documents with coded entries, and PDFs with metadata. */
final class TestLetters {

    static final String SNOMED = "http://snomed.info/sct";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ObjectNode bundle = JSON.createObjectNode();
    private final ArrayNode entries;
    private final ObjectNode composition;
    private final ObjectNode patient;
    private final String patientUrl = "urn:uuid:" + UUID.randomUUID();
    private final String authorUrl = "urn:uuid:" + UUID.randomUUID();

    private TestLetters(String date) {
        bundle.put("resourceType", "Bundle").put("type", "document").put("timestamp", date);
        bundle.putObject("identifier").put("system", "https://tools.ietf.org/html/rfc4122").put("value",
                "urn:uuid:" + UUID.randomUUID());
        entries = bundle.putArray("entry");
        composition = entry("urn:uuid:" + UUID.randomUUID()).put("resourceType", "Composition").put("status", "final")
                .put("date", date).put("title", "Discharge summary").put("confidentiality", "N");
        composition.putObject("type").putArray("coding").addObject().put("system", SNOMED).put("code", "373942005")
                .put("display", "Discharge summary");
        composition.putObject("subject").put("reference", patientUrl);
        composition.putArray("author").addObject().put("reference", authorUrl);
        composition.putObject("custodian").put("display", "Leeds Teaching Hospitals NHS Trust").putObject("identifier")
                .put("system", FilingWorld.ODS).put("value", "RR8");
        patient = entry(patientUrl).put("resourceType", "Patient");
        ObjectNode author = entry(authorUrl).put("resourceType", "Practitioner");
        author.putArray("identifier").addObject().put("system", "https://fhir.hl7.org.uk/Id/gmc-number").put("value", "C1234567");
        author.putArray("name").addObject().put("text", "Dr Rosa Lind");
    }

    /** @return a discharge summary dated {@code date} (a FHIR dateTime) */
    static TestLetters document(String date) {
        return new TestLetters(date);
    }

    /** The patient's NHS Number, names, birth date and postcode. */
    TestLetters patient(String nhsNumber, String family, String given, String birthDate, String postcode) {
        if (nhsNumber != null) {
            patient.putArray("identifier").addObject().put("system", NhsNumber.SYSTEM).put("value", nhsNumber);
        }
        ObjectNode name = patient.putArray("name").addObject().put("use", "official").put("family", family);
        name.putArray("given").add(given);
        patient.put("gender", "female").put("birthDate", birthDate);
        patient.putArray("address").addObject().put("use", "home").put("postalCode", postcode);
        return this;
    }

    /** A confirmed condition, the author as its asserter. */
    TestLetters condition(String code, String display) {
        ObjectNode condition = entry("urn:uuid:" + UUID.randomUUID()).put("resourceType", "Condition");
        condition.putObject("clinicalStatus").putArray("coding").addObject()
                .put("system", "http://terminology.hl7.org/CodeSystem/condition-clinical").put("code", "active");
        condition.putObject("verificationStatus").putArray("coding").addObject()
                .put("system", "http://terminology.hl7.org/CodeSystem/condition-ver-status").put("code", "confirmed");
        condition.putObject("code").putArray("coding").addObject().put("system", SNOMED).put("code", code)
                .put("display", display);
        condition.putObject("subject").put("reference", patientUrl);
        condition.putObject("asserter").put("reference", authorUrl);
        return this;
    }

    /** An allergy. */
    TestLetters allergy(String code, String display) {
        ObjectNode allergy = entry("urn:uuid:" + UUID.randomUUID()).put("resourceType", "AllergyIntolerance");
        allergy.putObject("code").putArray("coding").addObject().put("system", SNOMED).put("code", code)
                .put("display", display);
        allergy.putObject("patient").put("reference", patientUrl);
        return this;
    }

    /** A final observation, by the author. */
    TestLetters observation(String code, String display, double value, String unit) {
        ObjectNode observation = entry("urn:uuid:" + UUID.randomUUID()).put("resourceType", "Observation")
                .put("status", "final");
        observation.putObject("code").putArray("coding").addObject().put("system", SNOMED).put("code", code)
                .put("display", display);
        observation.putObject("subject").put("reference", patientUrl);
        observation.putArray("performer").addObject().put("reference", authorUrl);
        observation.putObject("valueQuantity").put("value", value).put("unit", unit)
                .put("system", "http://unitsofmeasure.org").put("code", unit);
        return this;
    }

    /** Marks the document restricted. */
    TestLetters restricted() {
        composition.put("confidentiality", "R");
        return this;
    }

    byte[] json() {
        return bundle.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** @return the document in an ITK3 message Bundle, as Transfer of Care sends it: a MessageHeader, then it */
    byte[] itk3() {
        ObjectNode message = JSON.createObjectNode().put("resourceType", "Bundle").put("type", "message");
        ArrayNode entries = message.putArray("entry");
        ObjectNode header = entries.addObject().put("fullUrl", "urn:uuid:" + UUID.randomUUID()).putObject("resource")
                .put("resourceType", "MessageHeader");
        header.putObject("eventCoding").put("system", "https://fhir.nhs.uk/CodeSystem/message-event")
                .put("code", "transfer-of-care");
        header.putObject("source").put("endpoint", "urn:nhs-uk:addressing:ods:RR8");
        entries.addObject().put("fullUrl", "urn:uuid:" + UUID.randomUUID()).set("resource", bundle);
        return message.toString().getBytes(StandardCharsets.UTF_8);
    }

    private ObjectNode entry(String fullUrl) {
        ObjectNode entry = entries.addObject().put("fullUrl", fullUrl);
        return entry.putObject("resource");
    }

    /**
     * @return a PDF (made by PDFBox, as assurance's tests make them) whose document information carries the NHS
     *         Number, spaced as people write it, and the creation date (a PDF date without its {@code D:}); either
     *         null for none
     */
    static byte[] pdf(String nhsNumber, String creationDate) {
        Map<String, String> information = new HashMap<>();
        if (nhsNumber != null) {
            information.put("NHSNumber", nhsNumber.substring(0, 3) + " " + nhsNumber.substring(3, 6) + " "
                    + nhsNumber.substring(6));
        }
        if (creationDate != null) {
            information.put("CreationDate", "D:" + creationDate);
        }
        return org.openspine.exchange.assurance.TestLetters.pdf(information);
    }
}
