package org.openspine.bench;

import java.time.LocalDate;
import java.util.Objects;

/**
 * A loaded patient as the search scenarios see it: facts the bench knows from the seed, each of which some
 * resource on the server carries, so a search built from them must match.
 *
 * @param index the load patient number ({@link PatientRecords})
 * @param nhsNumber the Patient's NHS Number
 * @param patientId the server's id for the Patient, found by a search on the NHS Number
 * @param family the Patient's family name
 * @param given the Patient's first given name
 * @param birthDate the Patient's birth date
 * @param codeSystem system of a coding that one of the patient's Observations has
 * @param code that coding's code
 * @param observedOn the day that Observation was taken (its effectiveDateTime, in UK time)
 * @param prescribed whether the patient has at least one MedicationRequest
 */
record SearchSubject(int index, String nhsNumber, String patientId, String family, String given, LocalDate birthDate,
                     String codeSystem, String code, LocalDate observedOn, boolean prescribed) {

    SearchSubject {
        Objects.requireNonNull(nhsNumber, "nhsNumber");
        Objects.requireNonNull(patientId, "patientId");
        Objects.requireNonNull(family, "family");
        Objects.requireNonNull(given, "given");
        Objects.requireNonNull(birthDate, "birthDate");
        Objects.requireNonNull(codeSystem, "codeSystem");
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(observedOn, "observedOn");
    }
}
