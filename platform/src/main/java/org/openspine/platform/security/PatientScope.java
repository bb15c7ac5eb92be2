package org.openspine.platform.security;

import java.util.Objects;

/**
 * Which patients' data a caller may reach: the answer {@link AccessPolicy#scope} gives, which the
 * record store turns into a filter on every path into data (read, search and its includes, chains
 * and {@code _has}, history, writes). Data that belongs to no patient (the directory, terminology)
 * is outside every scope's concern.
 */
public sealed interface PatientScope {

    /**
     * Every patient: trusted systems, and staff who broke the glass (each such access is audited
     * and alerts the privacy officer).
     *
     * @param brokeGlass whether this is a break-glass access
     */
    record AnyPatient(boolean brokeGlass) implements PatientScope {
    }

    /**
     * A citizen's own record and those of the people they are a proxy for, without the entries a
     * clinician marked confidential.
     *
     * @param nhsNumber the citizen's NHS Number
     */
    record OwnRecords(String nhsNumber) implements PatientScope {
        public OwnRecords {
            Objects.requireNonNull(nhsNumber, "nhsNumber");
        }
    }

    /**
     * Patients with a legitimate relationship with an organisation: registered there, or an open
     * encounter, episode, referral, appointment or record transfer involving it. A patient with a
     * sensitive record is reached only through registration.
     *
     * @param odsCode the organisation of the caller's acting role
     */
    record CareRelationship(String odsCode) implements PatientScope {
        public CareRelationship {
            Objects.requireNonNull(odsCode, "odsCode");
        }
    }
}
