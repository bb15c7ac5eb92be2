package org.openspine.bench;

import java.time.LocalDate;
import java.util.Objects;

/**
 * A person on the server as the demographics scenarios see them: what a clerk would type to find them.
 *
 * @param nhsNumber their NHS Number, which is also their id in the demographics API
 * @param given their first given name
 * @param family their family name
 * @param birthDate their birth date
 */
record DemographicsSubject(String nhsNumber, String given, String family, LocalDate birthDate) {

    DemographicsSubject {
        Objects.requireNonNull(nhsNumber, "nhsNumber");
        Objects.requireNonNull(given, "given");
        Objects.requireNonNull(family, "family");
        Objects.requireNonNull(birthDate, "birthDate");
    }

    /** @return the demographics of a search subject (a load patient) */
    static DemographicsSubject of(SearchSubject subject) {
        return new DemographicsSubject(subject.nhsNumber(), subject.given(), subject.family(), subject.birthDate());
    }
}
