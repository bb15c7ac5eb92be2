-- Legitimate relationships between patients and the organisations that care for them, derived at
-- write time from the record itself (registration with a practice, open encounters, episodes,
-- referrals, appointments and record transfers) and written in the same statement as the resource
-- that establishes them. Keyed by that resource's rid, so they change and go with it, exactly as
-- search index rows do. Access control asks one question of this table: "is patient P related to
-- any of the caller's care units?"
CREATE TABLE care_relationship (
    rid        bigint NOT NULL,
    patient_id text   NOT NULL,
    unit       text   NOT NULL,   -- Organization/x, PractitionerRole/x, HealthcareService/x, Location/x, or ods|CODE
    kind       text   NOT NULL    -- registration, encounter, episode, referral, appointment, transfer
);
CREATE INDEX care_relationship_patient ON care_relationship (patient_id, unit) INCLUDE (kind);
CREATE INDEX care_relationship_rid ON care_relationship (rid);

-- Patients whose record is sensitive (Patient.meta.security restricted or very restricted): reached
-- by staff only through registration. Keyed by the Patient resource's rid.
CREATE TABLE restricted_patient (
    rid        bigint NOT NULL,
    patient_id text   NOT NULL
);
CREATE INDEX restricted_patient_id ON restricted_patient (patient_id);
CREATE INDEX restricted_patient_rid ON restricted_patient (rid);

-- Existing records gain their relationships when reindexed (./openspine reindex or POST $reindex).
