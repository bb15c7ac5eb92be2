package org.openspine.identity.number;

/**
 * The numbers an OpenSpine may allocate: nine-digit stems {@code first..last}, each completed with its
 * Modulus 11 check digit (stems whose check digit would be 10 are skipped). The default is a slice of
 * the 999 range, which the NHS keeps for test data and never issues to a person.
 *
 * @param first the first stem, nine digits
 * @param last  the last stem, nine digits, {@code >= first}
 */
public record NhsNumberRange(long first, long last) {

    /** Stems 999 000 000 to 999 999 999: NHS Numbers 999 000 000x to 999 999 999x, test numbers only. */
    public static final NhsNumberRange TEST = new NhsNumberRange(999_000_000L, 999_999_999L);

    /**
     * @throws IllegalArgumentException unless both are nine-digit stems and {@code first <= last}
     */
    public NhsNumberRange {
        if (first < 100_000_000L || last > 999_999_999L || first > last) {
            throw new IllegalArgumentException("an NHS Number range is two nine-digit stems, first <= last: "
                    + first + "-" + last);
        }
    }

    /**
     * @param text {@code FIRST-LAST}, each nine digits (spaces allowed), e.g. {@code 999000000-999099999}
     * @throws IllegalArgumentException naming the setting when it is not one
     */
    public static NhsNumberRange parse(String text) {
        String[] parts = text.replace(" ", "").split("-");
        try {
            if (parts.length == 2 && parts[0].length() == 9 && parts[1].length() == 9) {
                return new NhsNumberRange(Long.parseLong(parts[0]), Long.parseLong(parts[1]));
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("--nhs-number-range must be FIRST-LAST, two nine-digit stems, was '" + text + "'");
    }
}
