package org.openspine.fhir.search;

import java.util.ArrayList;
import java.util.List;
import org.openspine.fhir.model.FhirPathText;

/** Splits multi-base FHIRPath search expressions into the part for one resource type. */
final class Expressions {

    private Expressions() {
    }

    /**
     * @return the union parts of {@code expression} rooted at {@code type} (or at {@code base} when the
     *         base is Resource or DomainResource), joined with {@code " | "}; empty when none is
     */
    static String forType(String expression, String base, String type) {
        if (expression.isEmpty()) {
            return "";
        }
        List<String> own = new ArrayList<>();
        for (String part : splitUnion(expression)) {
            String root = root(part);
            if (root.equals(type) || (root.equals(base) && (base.equals("Resource") || base.equals("DomainResource")))) {
                own.add(part);
            } else if (!root.isEmpty() && Character.isLowerCase(root.charAt(0)) && base.equals(type)) {
                own.add(type + "." + part); // a few R4 definitions (InsurancePlan.name) omit the root
            }
        }
        return String.join(" | ", own);
    }

    /** @return the top-level parts of a {@code |} union, trimmed */
    static List<String> splitUnion(String expression) {
        return FhirPathText.splitTopLevel(expression, '|').stream().map(String::trim).toList();
    }

    /** @return the leading identifier of a path, ignoring opening parentheses */
    private static String root(String part) {
        int i = 0;
        while (i < part.length() && (part.charAt(i) == '(' || part.charAt(i) == ' ')) {
            i++;
        }
        int start = i;
        while (i < part.length() && Character.isLetterOrDigit(part.charAt(i))) {
            i++;
        }
        return part.substring(start, i);
    }
}
