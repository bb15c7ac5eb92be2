package org.openspine.platform.security;

/**
 * What a caller does with the record, the unit roles are granted in. A FHIR interaction needs one
 * activity, decided by {@link AccessPolicy#activity}; a role allows a fixed set of them.
 */
public enum Activity {
    /** Read demographics: Patient, RelatedPerson, Person. */
    VIEW_DEMOGRAPHICS,
    /** Change demographics or register a new patient. */
    UPDATE_DEMOGRAPHICS,
    /** Read the clinical record. */
    VIEW_RECORD,
    /** Add to or correct the clinical record. */
    UPDATE_RECORD,
    /** Issue or change prescriptions (MedicationRequest). */
    PRESCRIBE,
    /** Record dispensing (MedicationDispense). */
    DISPENSE,
    /** Record giving a medicine (MedicationAdministration). */
    ADMINISTER_MEDICATION,
    /** Refer (ServiceRequest). */
    REFER,
    /** See and manage appointments, slots and schedules. */
    BOOK,
    /** Read the audit trail. */
    VIEW_AUDIT,
    /**
     * Change what is not any patient's data: the directory (Organization, Practitioner, Location...),
     * terminology and conformance resources, and server operations such as reindexing.
     */
    CONFIGURE
}
