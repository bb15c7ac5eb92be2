package org.openspine.platform.audit;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * A break-glass for the privacy officer to review: who reached which patients' records, why they said
 * they needed to, and whether someone has reviewed it.
 *
 * @param id              the alert's number, for {@link PrivacyAlerts#acknowledge}
 * @param eventId         the break-glass audit event that raised it
 * @param raised          when
 * @param agentId         who broke the glass (SDS user id for staff)
 * @param agentName       their name
 * @param agentOrg        the ODS code of the organisation they acted for (staff)
 * @param patients        the Patients whose records were opened
 * @param reason          the reason they gave
 * @param acknowledgement the review, once done
 */
public record PrivacyAlert(long id, UUID eventId, Instant raised, String agentId, String agentName,
        Optional<String> agentOrg, List<String> patients, String reason, Optional<Acknowledgement> acknowledgement) {

    public PrivacyAlert {
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(raised, "raised");
        Objects.requireNonNull(agentId, "agentId");
        Objects.requireNonNull(agentName, "agentName");
        Objects.requireNonNull(agentOrg, "agentOrg");
        patients = List.copyOf(patients);
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(acknowledgement, "acknowledgement");
    }

    /**
     * Someone reviewed the alert.
     *
     * @param at     when
     * @param byId   who (their user id)
     * @param byName their name
     * @param note   what they concluded, if they said
     */
    public record Acknowledgement(Instant at, String byId, String byName, Optional<String> note) {
        public Acknowledgement {
            Objects.requireNonNull(at, "at");
            Objects.requireNonNull(byId, "byId");
            Objects.requireNonNull(byName, "byName");
            Objects.requireNonNull(note, "note");
        }
    }
}
