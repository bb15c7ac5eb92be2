package org.openspine.exchange.filing;

import java.time.LocalDate;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.openspine.platform.identifier.NhsNumber;

/**
 * What a letter says about the patient it is about, read from its content only (a FHIR document's subject, a
 * PDF's metadata), never from the message's envelope: {@code mex-Subject} and {@code mex-LocalID} are the
 * sender's own text and references, not patient data. Any part may be missing.
 *
 * @param nhsNumber the NHS Number, only when it passes the Modulus 11 check
 * @param family    the family name
 * @param given     the given names, the one the person is called by first
 * @param birthDate the date of birth
 * @param gender    the FHIR administrative gender ({@code male}, {@code female}, {@code other}, {@code unknown})
 * @param postcode  the postcode of the patient's current address
 */
public record LetterSubject(Optional<String> nhsNumber, Optional<String> family, List<String> given,
                            Optional<LocalDate> birthDate, Optional<String> gender, Optional<String> postcode) {

    /** A letter that says nothing about its patient. */
    public static final LetterSubject NONE = new LetterSubject(Optional.empty(), Optional.empty(), List.of(),
            Optional.empty(), Optional.empty(), Optional.empty());

    /** @throws IllegalArgumentException for an NHS Number that fails its check */
    public LetterSubject {
        Objects.requireNonNull(nhsNumber, "nhsNumber");
        Objects.requireNonNull(family, "family");
        given = List.copyOf(given);
        Objects.requireNonNull(birthDate, "birthDate");
        Objects.requireNonNull(gender, "gender");
        Objects.requireNonNull(postcode, "postcode");
        nhsNumber.ifPresent(number -> {
            if (!NhsNumber.isValid(number)) {
                throw new IllegalArgumentException("not a valid NHS Number: " + number);
            }
        });
    }

    /** @return whether there is anything to find a patient by */
    public boolean identifies() {
        return nhsNumber.isPresent() || family.isPresent() && birthDate.isPresent();
    }
}
