package org.openspine.fhir.search.query;

import java.util.Locale;

/**
 * A number, date or quantity value split into its comparison prefix and the rest. Two ASCII letters at the
 * start are always read as a prefix: no date or number starts with a letter, so {@code xx2020} is an unknown
 * prefix rather than a malformed date, and the message can say so. Prefixes are lower case, as the
 * specification writes them. What a prefix means (notably {@code ap}'s tolerance) is the caller's to apply.
 *
 * @param prefix the prefix written, {@link Prefix#EQ} when none
 * @param rest   the value after the prefix
 */
record Prefixed(Prefix prefix, String rest) {

    /** @throws org.openspine.platform.error.OpenSpineException.Invalid when two letters lead but are no prefix */
    static Prefixed split(String param, String raw) {
        if (raw.length() < 2 || !isLetter(raw.charAt(0)) || !isLetter(raw.charAt(1))) {
            return new Prefixed(Prefix.EQ, raw);
        }
        String code = raw.substring(0, 2);
        for (Prefix prefix : Prefix.values()) {
            if (prefix.name().toLowerCase(Locale.ROOT).equals(code)) {
                return new Prefixed(prefix, raw.substring(2));
            }
        }
        throw InvalidValue.of(param, raw, "has an unknown prefix '" + code
                + "' (expected eq, ne, gt, lt, ge, le, sa, eb or ap)");
    }

    private static boolean isLetter(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }
}
