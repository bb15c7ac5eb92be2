package org.openspine.identity.matching;

import java.util.Locale;
import java.util.Optional;
import org.openspine.identity.matching.Evidence.Agreement;

/**
 * A UK postcode reduced to letters and digits, split into its outward code (area and district, "LS6") and
 * inward code (sector digit and unit, "3BE"). A value of two to four characters is taken as an outward code on
 * its own; anything else that does not end in digit, letter, letter is kept whole as the outward code, so it
 * still matches itself.
 *
 * @param outward the outward code, never empty
 * @param inward the inward code, three characters, or empty when only the outward code is known
 */
record Postcode(String outward, String inward) {

    private static final int INWARD_LENGTH = 3;

    /** @return the postcode in {@code raw}, or empty when it has no letters or digits */
    static Optional<Postcode> of(String raw) {
        if (raw == null) {
            return Optional.empty();
        }
        StringBuilder text = new StringBuilder(raw.length());
        for (char c : raw.toUpperCase(Locale.ROOT).toCharArray()) {
            if (c >= 'A' && c <= 'Z' || c >= '0' && c <= '9') {
                text.append(c);
            }
        }
        if (text.isEmpty()) {
            return Optional.empty();
        }
        int split = text.length() - INWARD_LENGTH;
        if (split >= 2 && Character.isDigit(text.charAt(split)) && Character.isLetter(text.charAt(split + 1))
                && Character.isLetter(text.charAt(split + 2))) {
            return Optional.of(new Postcode(text.substring(0, split), text.substring(split)));
        }
        return Optional.of(new Postcode(text.toString(), ""));
    }

    /** @return outward and inward code together, without the space ("LS63BE") */
    String text() {
        return outward + inward;
    }

    /** @return whether the inward code is known */
    boolean isFull() {
        return !inward.isEmpty();
    }

    /** @return how this postcode agrees with {@code other}, at the levels of {@link Agreement} */
    Agreement compare(Postcode other) {
        boolean bothFull = isFull() && other.isFull();
        if (bothFull && text().equals(other.text())) {
            return Agreement.EXACT;
        }
        // a slip in the inward code can leave it unrecognisable as one, so slips are looked for in the whole text
        if (Math.min(text().length(), other.text().length()) > INWARD_LENGTH
                && Edits.withinOne(text(), other.text())) {
            return Agreement.CLOSE;
        }
        if (!outward.equals(other.outward)) {
            return Agreement.DIFFERENT;
        }
        return bothFull && inward.charAt(0) == other.inward.charAt(0) ? Agreement.PARTIAL : Agreement.WEAK;
    }
}
