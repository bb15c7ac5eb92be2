package org.openspine.identity.matching;

import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.openspine.platform.identifier.NhsNumber;

/**
 * {@link Demographics} normalised once for comparison: names as {@link NormalName}s with their phonetic codes,
 * the postcode split, the gender reduced to a code, and an NHS Number kept only when it passes the Modulus 11
 * check (a mistyped number almost always fails it, and must not veto a match).
 */
record NormalDemographics(Optional<NhsNumber> nhsNumber, Optional<NormalName> family, List<NormalName> given,
                          Optional<LocalDate> birthDate, Optional<Gender> gender, Optional<Postcode> postcode) {

    NormalDemographics {
        given = List.copyOf(given);
    }

    static NormalDemographics of(Demographics demographics) {
        return new NormalDemographics(NhsNumber.parse(demographics.nhsNumber()),
                NormalName.of(demographics.family()), NormalName.givenNames(demographics.given()),
                Optional.ofNullable(demographics.birthDate()), Gender.of(demographics.gender()),
                Postcode.of(demographics.postcode()));
    }

    /** @return the first given name, the one the person is called by */
    Optional<NormalName> firstGiven() {
        return given.isEmpty() ? Optional.empty() : Optional.of(given.getFirst());
    }

    /** Administrative gender as far as matching distinguishes it; unknown is missing. */
    enum Gender {
        MALE, FEMALE, OTHER;

        /** @return the gender {@code code} names (FHIR code or its initial, any case); empty for unknown */
        static Optional<Gender> of(String code) {
            if (code == null || code.isBlank()) {
                return Optional.empty();
            }
            return switch (code.trim().toLowerCase(Locale.ROOT)) {
                case "male", "m" -> Optional.of(MALE);
                case "female", "f" -> Optional.of(FEMALE);
                case "other", "o", "indeterminate", "i" -> Optional.of(OTHER);
                default -> Optional.empty();
            };
        }
    }
}
