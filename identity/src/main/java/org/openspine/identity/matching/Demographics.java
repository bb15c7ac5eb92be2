package org.openspine.identity.matching;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * What is known about a person for matching: any field may be missing ({@code null} or blank), and a missing
 * field is neither evidence for nor against a match. Values are kept as given; the matcher and
 * {@link MatchKeys} normalise case, accents, spacing and punctuation themselves.
 *
 * @param nhsNumber the NHS Number, with or without spaces; one that fails the Modulus 11 check is ignored
 * @param family the family name (surname), double-barrelled names as written
 * @param given the given names, first the one the person is called by; an entry holding several words
 *     ("Mary Anne") counts as that many given names
 * @param birthDate the date of birth
 * @param gender the FHIR administrative gender ({@code male}, {@code female}, {@code other}); {@code unknown}
 *     counts as missing, and {@code M}/{@code F} are understood
 * @param postcode the UK postcode, spacing and case free, or only its outward code ("LS6")
 */
public record Demographics(String nhsNumber, String family, List<String> given, LocalDate birthDate, String gender,
                           String postcode) {

    /** The given names are copied without null or blank entries; a {@code null} list is empty. */
    public Demographics {
        List<String> names = new ArrayList<>();
        if (given != null) {
            for (String name : given) {
                if (name != null && !name.isBlank()) {
                    names.add(name);
                }
            }
        }
        given = List.copyOf(names);
    }

    /** @return these demographics without the NHS Number, as a search by demographics alone would see them */
    public Demographics withoutNhsNumber() {
        return new Demographics(null, family, given, birthDate, gender, postcode);
    }
}
