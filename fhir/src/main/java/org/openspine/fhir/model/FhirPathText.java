package org.openspine.fhir.model;

import java.util.ArrayList;
import java.util.List;

/** Reading FHIRPath text without evaluating it: the one place that knows how to skip parentheses and quotes. */
public final class FhirPathText {

    private FhirPathText() {
    }

    /**
     * @return the parts of {@code expression} between occurrences of {@code separator} that are at top
     *         level (not inside parentheses or a quoted string), untrimmed
     */
    public static List<String> splitTopLevel(String expression, char separator) {
        List<String> parts = new ArrayList<>();
        int depth = 0;
        boolean quoted = false;
        int start = 0;
        for (int i = 0; i < expression.length(); i++) {
            char c = expression.charAt(i);
            if (c == '\'') {
                quoted = !quoted;
            } else if (!quoted && c == '(') {
                depth++;
            } else if (!quoted && c == ')') {
                depth--;
            } else if (!quoted && depth == 0 && c == separator) {
                parts.add(expression.substring(start, i));
                start = i + 1;
            }
        }
        parts.add(expression.substring(start));
        return parts;
    }
}
