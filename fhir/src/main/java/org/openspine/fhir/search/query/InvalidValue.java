package org.openspine.fhir.search.query;

import org.openspine.platform.error.OpenSpineException;

/**
 * Builds the one error every search value and name parser throws, so all of them name the parameter and the
 * offending text the same way. Texts are cut at {@value #SHOWN} characters: the diagnostics go back to the
 * client and into logs, and a megabyte of junk in the URL should not.
 */
final class InvalidValue {

    private static final int SHOWN = 80;

    private InvalidValue() {
    }

    /** @return "search parameter 'p': 'value' why" (or "search value 'value' why" when param is null) as an {@code invalid} issue */
    static OpenSpineException.Invalid of(String param, String value, String why) {
        String subject = param == null ? "search value '" : "search parameter '" + shown(param) + "': '";
        return new OpenSpineException.Invalid("invalid", subject + shown(value) + "' " + why);
    }

    /** @return "search parameter name 'name' why" as an {@code invalid} issue */
    static OpenSpineException.Invalid ofName(String name, String why) {
        return new OpenSpineException.Invalid("invalid", "search parameter name '" + shown(name) + "' " + why);
    }

    /**
     * @return {@code text}, cut to {@value #SHOWN} characters and with each control character written as a
     *         backslash, "u" and four hex digits, for quoting client text in a message (a FHIR string may not
     *         hold control characters, so the OperationOutcome would not be FHIR)
     */
    static String shown(String text) {
        String cut = text.length() > SHOWN ? text.substring(0, SHOWN) + "..." : text;
        StringBuilder out = new StringBuilder(cut.length());
        for (int i = 0; i < cut.length(); i++) {
            char c = cut.charAt(i);
            out.append(c < 0x20 || c == 0x7f ? "\\u%04x".formatted((int) c) : String.valueOf(c));
        }
        return out.toString();
    }
}
