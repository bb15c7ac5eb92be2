package org.openspine.identity.demographics;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.openspine.platform.identifier.NhsNumber;

/**
 * The two shapes of one person's demographics: the Patient as the record store keeps it (server id, GP
 * as a reference to an Organization resource) and as the PDS FHIR API shows it (the NHS Number as id,
 * the version in {@code meta}, the GP by ODS code, confidentiality in {@code meta.security}, restricted
 * records without address, telecom, contact and GP). {@link #show} goes one way, {@link #store} the
 * other, for the fields a demographics update may change.
 */
final class PatientView {

    static final String CONFIDENTIALITY = "http://terminology.hl7.org/CodeSystem/v3-Confidentiality";
    static final String ODS = "https://fhir.nhs.uk/Id/ods-organization-code";
    static final String VERIFICATION = "https://fhir.hl7.org.uk/StructureDefinition/Extension-UKCore-NHSNumberVerificationStatus";
    private static final String VERIFICATION_SYSTEM = "https://fhir.hl7.org.uk/CodeSystem/UKCore-NHSNumberVerificationStatus";
    /** What a restricted record never shows. */
    static final List<String> REDACTED = List.of("address", "telecom", "contact", "generalPractitioner");
    /** The demographics a PATCH may change; everything else in the stored Patient is kept as it is. */
    static final List<String> EDITABLE = List.of("extension", "name", "telecom", "gender", "birthDate", "deceasedBoolean",
            "deceasedDateTime", "address", "maritalStatus", "multipleBirthBoolean", "multipleBirthInteger", "contact",
            "communication", "generalPractitioner");
    private static final ObjectMapper JSON = new ObjectMapper();

    private PatientView() {
    }

    /** How much of a record may be shown. */
    enum Confidentiality {
        U("unrestricted"), R("restricted"), V("very restricted");

        final String display;

        Confidentiality(String display) {
            this.display = display;
        }
    }

    /** @return the record's confidentiality, from its {@code meta.security} v3-Confidentiality label */
    static Confidentiality confidentiality(JsonNode stored) {
        for (JsonNode label : stored.path("meta").path("security")) {
            if (CONFIDENTIALITY.equals(label.path("system").asText())) {
                String code = label.path("code").asText();
                if (code.equals("V")) {
                    return Confidentiality.V;
                }
                if (code.equals("R")) {
                    return Confidentiality.R;
                }
            }
        }
        return Confidentiality.U;
    }

    /**
     * @param stored  the Patient as stored
     * @param version its version
     * @param odsOf   the ODS code of an Organization, by resource id
     * @param redact  whether to take out what a restricted record never shows
     * @return the Patient as the PDS API shows it
     */
    static ObjectNode show(JsonNode stored, String nhsNumber, int version, Function<String, Optional<String>> odsOf,
            boolean redact) {
        Confidentiality confidentiality = confidentiality(stored);
        ObjectNode view = JSON.createObjectNode().put("resourceType", "Patient").put("id", nhsNumber);
        ObjectNode meta = view.putObject("meta").put("versionId", Integer.toString(version));
        meta.putArray("security").addObject().put("system", CONFIDENTIALITY).put("code", confidentiality.name())
                .put("display", confidentiality.display);
        ObjectNode identifier = view.putArray("identifier").addObject().put("system", NhsNumber.SYSTEM).put("value", nhsNumber);
        identifier.putArray("extension").addObject().put("url", VERIFICATION).putObject("valueCodeableConcept")
                .putArray("coding").addObject().put("system", VERIFICATION_SYSTEM).put("version", "1.0.0")
                .put("code", "01").put("display", "Number present and verified");
        for (String field : EDITABLE) {
            if (field.equals("generalPractitioner")) {
                ArrayNode practices = practices(stored.path(field), odsOf);
                if (!practices.isEmpty()) {
                    view.set(field, practices);
                }
            } else if (stored.has(field)) {
                view.set(field, stored.get(field).deepCopy());
            }
        }
        if (redact && confidentiality != Confidentiality.U) {
            REDACTED.forEach(view::remove);
            if (confidentiality == Confidentiality.V) {
                view.remove("name");
            }
        }
        return view;
    }

    /**
     * @param stored the Patient as stored, left as it is
     * @param view   the Patient as the PDS API shows it, after the caller's changes
     * @param orgOf  the Organization resource id of an ODS code, when the store has one
     * @return the stored Patient with the editable fields taken from {@code view}
     */
    static ObjectNode store(JsonNode stored, JsonNode view, Function<String, Optional<String>> orgOf) {
        ObjectNode updated = (ObjectNode) stored.deepCopy();
        for (String field : EDITABLE) {
            updated.remove(field);
            if (!view.has(field)) {
                continue;
            }
            if (field.equals("generalPractitioner")) {
                ArrayNode references = updated.putArray(field);
                for (JsonNode practice : view.get(field)) {
                    String ods = practice.path("identifier").path("value").asText();
                    Optional<String> org = ods.isEmpty() ? Optional.empty() : orgOf.apply(ods);
                    if (org.isPresent()) {
                        references.addObject().put("reference", "Organization/" + org.get());
                    } else {
                        ObjectNode logical = references.addObject().put("type", "Organization");
                        logical.putObject("identifier").put("system", ODS).put("value", ods);
                    }
                }
            } else {
                updated.set(field, view.get(field).deepCopy());
            }
        }
        return updated;
    }

    /** The GP practices of a stored Patient as the PDS API names them: by ODS code. */
    private static ArrayNode practices(JsonNode references, Function<String, Optional<String>> odsOf) {
        ArrayNode practices = JSON.createArrayNode();
        for (JsonNode reference : references) {
            Optional<String> ods = reference.path("identifier").path("value").isTextual()
                    ? Optional.of(reference.path("identifier").path("value").asText())
                    : Optional.of(reference.path("reference").asText()).filter(r -> r.startsWith("Organization/"))
                            .flatMap(r -> odsOf.apply(r.substring("Organization/".length())));
            ods.ifPresent(code -> {
                ObjectNode practice = practices.addObject().put("type", "Organization");
                practice.putObject("identifier").put("system", ODS).put("value", code);
            });
        }
        return practices;
    }
}
