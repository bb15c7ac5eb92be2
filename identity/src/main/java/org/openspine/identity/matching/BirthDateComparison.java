package org.openspine.identity.matching;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import org.openspine.identity.matching.Evidence.Agreement;

/**
 * Compares dates of birth at the levels of {@link Agreement}, looking for the slips made in keying a date:
 * day and month the wrong way round (an American order, or a form read the wrong way), two adjacent digits
 * swapped (1978 for 1987, 21 for 12), one digit wrong, or a day out (a birth around midnight, a time zone).
 */
final class BirthDateComparison {

    private BirthDateComparison() {
    }

    /** @return how two dates of birth agree; MISSING when either is absent */
    static Agreement compare(LocalDate a, LocalDate b) {
        if (a == null || b == null) {
            return Agreement.MISSING;
        }
        if (a.equals(b)) {
            return Agreement.EXACT;
        }
        String first = digits(a);
        String second = digits(b);
        boolean dayMonthSwapped = a.getYear() == b.getYear() && a.getMonthValue() == b.getDayOfMonth()
                && a.getDayOfMonth() == b.getMonthValue();
        if (dayMonthSwapped || Edits.adjacentSwap(first, second)) {
            return Agreement.CLOSE;
        }
        if (Edits.oneSubstitution(first, second) || Math.abs(ChronoUnit.DAYS.between(a, b)) == 1) {
            return Agreement.PARTIAL;
        }
        int same = (a.getYear() == b.getYear() ? 1 : 0) + (a.getMonthValue() == b.getMonthValue() ? 1 : 0)
                + (a.getDayOfMonth() == b.getDayOfMonth() ? 1 : 0);
        return same >= 2 ? Agreement.WEAK : Agreement.DIFFERENT;
    }

    /** @return the date as eight digits, yyyyMMdd, the order in which digit slips are looked for */
    static String digits(LocalDate date) {
        // by hand: String.format costs more than the rest of a comparison
        int number = Math.floorMod(date.getYear(), 10_000) * 10_000 + date.getMonthValue() * 100
                + date.getDayOfMonth();
        char[] digits = new char[8];
        for (int i = 7; i >= 0; i--) {
            digits[i] = (char) ('0' + number % 10);
            number /= 10;
        }
        return new String(digits);
    }
}
