package org.openspine.exchange.message;

import java.util.Optional;

/**
 * MESH's {@code workflow_filter}: {@code WF} (equals), {@code WF*} (begins with), {@code *WF*} (contains),
 * each negated by a leading {@code !}.
 *
 * @param negated     whether matching workflows are left out
 * @param likePattern the SQL LIKE pattern (backslash escapes) that matches
 */
public record WorkflowFilter(boolean negated, String likePattern) {

    /** @return the filter, or empty when {@code filter} is not one of MESH's forms (blank, or stars elsewhere) */
    public static Optional<WorkflowFilter> parse(String filter) {
        boolean negated = filter.startsWith("!");
        String rest = negated ? filter.substring(1) : filter;
        boolean contains = rest.length() > 2 && rest.startsWith("*") && rest.endsWith("*");
        String core = contains ? rest.substring(1, rest.length() - 1) : rest.endsWith("*") ? rest.substring(0, rest.length() - 1) : rest;
        if (core.isEmpty() || core.contains("*")) {
            return Optional.empty();
        }
        String escaped = core.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
        String pattern = contains ? "%" + escaped + "%" : rest.endsWith("*") ? escaped + "%" : escaped;
        return Optional.of(new WorkflowFilter(negated, pattern));
    }
}
