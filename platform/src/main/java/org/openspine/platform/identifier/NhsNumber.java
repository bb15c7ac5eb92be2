package org.openspine.platform.identifier;

import java.util.Optional;

/**
 * An NHS Number: ten digits whose last is a Modulus 11 check digit over the first nine.
 *
 * <p>The check: weight digits 1..9 by 10..2, sum, take {@code 11 - (sum mod 11)}; 11 means check
 * digit 0, and 10 means the number is invalid (no NHS Number is issued with that stem).
 * Instances are always valid; build one with {@link #parse(String)}.
 *
 * @param value the ten digits, without spaces
 */
public record NhsNumber(String value) {

    /** FHIR identifier system for NHS Numbers. */
    public static final String SYSTEM = "https://fhir.nhs.uk/Id/nhs-number";

    /** @throws IllegalArgumentException when {@code value} is not a valid NHS Number */
    public NhsNumber {
        if (!isValid(value)) {
            throw new IllegalArgumentException("not a valid NHS Number: " + value);
        }
    }

    /** @return the NHS Number, if {@code text} (spaces allowed, as in 943 476 5919) is a valid one */
    public static Optional<NhsNumber> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        String digits = text.replace(" ", "");
        return isValid(digits) ? Optional.of(new NhsNumber(digits)) : Optional.empty();
    }

    /** @return whether {@code digits} is exactly ten digits with a correct Modulus 11 check digit */
    public static boolean isValid(String digits) {
        if (digits == null || digits.length() != 10) {
            return false;
        }
        for (int i = 0; i < 10; i++) {
            if (digits.charAt(i) < '0' || digits.charAt(i) > '9') {
                return false;
            }
        }
        int check = checkDigit(digits.substring(0, 9));
        return check >= 0 && check == digits.charAt(9) - '0';
    }

    /**
     * @param stem nine digits
     * @return the check digit for {@code stem}, or -1 when the stem can have none (remainder 10)
     */
    public static int checkDigit(String stem) {
        if (stem.length() != 9) {
            throw new IllegalArgumentException("an NHS Number stem has nine digits: " + stem);
        }
        int sum = 0;
        for (int i = 0; i < 9; i++) {
            sum += (stem.charAt(i) - '0') * (10 - i);
        }
        int check = 11 - (sum % 11);
        if (check == 11) {
            return 0;
        }
        return check == 10 ? -1 : check;
    }

    /** @return the number grouped 3-3-4, as printed on letters and cards (e.g. 943 476 5919) */
    public String formatted() {
        return value.substring(0, 3) + " " + value.substring(3, 6) + " " + value.substring(6);
    }

    @Override
    public String toString() {
        return value;
    }
}
