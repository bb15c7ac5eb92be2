package org.openspine.identity.registration;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.LocalDate;
import java.util.Objects;
import java.util.Optional;

/**
 * One GP registration of a patient, as its EpisodeOfCare records it.
 *
 * @param episodeId  the EpisodeOfCare's id
 * @param practiceId the practice's Organization id
 * @param odsCode    the practice's ODS code
 * @param start      the first day of the registration, when known
 * @param end        the last day, once it has ended
 * @param current    whether it is the patient's registration now (its episode is active)
 * @param endReason  why it ended, once it has
 */
public record Registration(String episodeId, String practiceId, String odsCode, Optional<LocalDate> start,
        Optional<LocalDate> end, boolean current, Optional<EndReason> endReason) {

    public Registration {
        Objects.requireNonNull(episodeId, "episodeId");
        Objects.requireNonNull(practiceId, "practiceId");
        Objects.requireNonNull(odsCode, "odsCode");
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(end, "end");
        Objects.requireNonNull(endReason, "endReason");
    }

    /** @return the registration an EpisodeOfCare written by {@link GpRegistrations} records */
    static Registration of(String episodeId, JsonNode episode) {
        JsonNode practice = episode.path("managingOrganization");
        String reference = practice.path("reference").asText();
        Optional<EndReason> reason = Optional.empty();
        for (JsonNode extension : episode.path("extension")) {
            if (RegistrationEpisodes.END_REASON.equals(extension.path("url").asText())) {
                JsonNode coding = extension.path("valueCodeableConcept").path("coding").path(0);
                reason = EndReason.of(coding.path("system").asText(), coding.path("code").asText());
            }
        }
        return new Registration(episodeId, reference.startsWith("Organization/") ? reference.substring(13) : "",
                practice.path("identifier").path("value").asText(), date(episode.path("period").path("start")),
                date(episode.path("period").path("end")), episode.path("status").asText().equals("active"), reason);
    }

    private static Optional<LocalDate> date(JsonNode value) {
        return value.isTextual() ? Optional.of(LocalDate.parse(value.asText())) : Optional.empty();
    }
}
