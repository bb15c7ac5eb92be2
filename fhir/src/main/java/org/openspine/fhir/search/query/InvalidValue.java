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
     * @return {@code text}, cut to {@value #SHOWN} characters and with control characters written as
     *         a backslash, u and four hex digits, for quoting client text in a message (an OperationOutcome string may not hold them)
     */
    static String shown(String text) {
        String cut = text.length() > SHOWN ? text.substring(0, SHOWN) + "..." : text;
        StringBuilder safe = new StringBuilder(cut.length());
        cut.chars().forEach(c -> safe.append(Character.isISOControl(c) ? String.format("\\u%04x", c) : String.valueOf((char) c)));
        return safe.toString();
    }
}
