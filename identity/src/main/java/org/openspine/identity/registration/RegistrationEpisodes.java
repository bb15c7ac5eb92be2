package org.openspine.identity.registration;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.LocalDate;

/**
 * The shape of a GP registration in the record: an EpisodeOfCare of type {@value #TYPE_CODE}
 * ({@value #TYPE_SYSTEM}) for the patient, managed by the practice, over the registration's period;
 * {@code active} while it lasts, {@code finished} with an end date and a reason ({@value #END_REASON})
 * once it has ended. An active episode is also what makes the practice's legitimate relationship with the
 * patient, besides {@code Patient.generalPractitioner}. Stateless.
 */
final class RegistrationEpisodes {

    static final String TYPE_SYSTEM = "https://fhir.openspine.org/CodeSystem/episode-of-care-type";
    static final String TYPE_CODE = "gp-registration";
    static final String END_REASON = "https://fhir.openspine.org/StructureDefinition/gp-registration-end-reason";

    private RegistrationEpisodes() {
    }

    /** @return a new, active registration of the patient at the practice from {@code start} */
    static ObjectNode started(String id, String patientId, Practice practice, LocalDate start) {
        ObjectNode episode = JsonNodeFactory.instance.objectNode().put("resourceType", "EpisodeOfCare").put("id", id);
        episode.put("status", "active");
        ObjectNode type = episode.putArray("type").addObject();
        type.putArray("coding").addObject().put("system", TYPE_SYSTEM).put("code", TYPE_CODE).put("display", "GP registration");
        type.put("text", "GP registration");
        episode.putObject("patient").put("reference", "Patient/" + patientId);
        episode.set("managingOrganization", practice.reference());
        episode.putObject("period").put("start", start.toString());
        return episode;
    }

    /** @return {@code episode} ended on {@code end} (its last day) for {@code reason} */
    static ObjectNode ended(JsonNode episode, LocalDate end, EndReason reason) {
        ObjectNode ended = (ObjectNode) episode.deepCopy();
        ended.put("status", "finished");
        ended.withObjectProperty("period").put("end", end.toString());
        ObjectNode extension = ended.withArrayProperty("extension").addObject().put("url", END_REASON);
        ObjectNode concept = extension.putObject("valueCodeableConcept");
        concept.putArray("coding").addObject().put("system", reason.system()).put("code", reason.code())
                .put("display", reason.display());
        concept.put("text", reason.display());
        return ended;
    }
}
