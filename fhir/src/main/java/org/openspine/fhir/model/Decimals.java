package org.openspine.fhir.model;

import java.math.BigDecimal;

/**
 * Limits on values that are well-formed JSON but would harm the server: a decimal such as
 * {@code 1e999999999} is tiny in the request and a billion digits once HAPI writes it out plainly,
 * and control characters are outside FHIR's string type (and PostgreSQL text refuses NUL).
 */
public final class Decimals {

    /** More digits before or after the point than any clinical quantity needs, and far below harm. */
    private static final int MAX_DIGITS = 1000;

    private Decimals() {
    }

    /** @return whether {@code value}'s plain form stays within {@value #MAX_DIGITS} digits either side of the point */
    public static boolean isSane(BigDecimal value) {
        return value.scale() <= MAX_DIGITS && value.precision() - value.scale() <= MAX_DIGITS;
    }

    /** @return whether {@code text} has a control character FHIR strings forbid (all below U+0020 except tab, CR, LF) */
    public static boolean hasForbiddenControl(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x20 && c != '\t' && c != '\r' && c != '\n') {
                return true;
            }
        }
        return false;
    }
}
