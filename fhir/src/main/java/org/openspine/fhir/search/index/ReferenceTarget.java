package org.openspine.fhir.search.index;

import java.util.Optional;
import java.util.Set;

/**
 * The resource a {@code Reference.reference} names: {@code Type/id} or {@code Type/id/_history/v},
 * alone (relative) or ending an absolute URL ({@code https://host/fhir/Patient/1}).
 *
 * @param type    a known resource type
 * @param id      the logical id
 * @param version the {@code _history} version, or null
 */
record ReferenceTarget(String type, String id, String version) {

    private static final String HISTORY = "/_history/";
    private static final int MAX_ID = 64;

    /**
     * @param resourceTypes the known resource type names; a reference to anything else names no target
     * @return the target, or empty when the reference is not of that shape (a fragment, a URN, a
     *         conditional reference, an unknown type or an id FHIR does not allow)
     */
    static Optional<ReferenceTarget> parse(String reference, Set<String> resourceTypes) {
        int end = reference.length();
        String version = null;
        int history = reference.lastIndexOf(HISTORY);
        if (history >= 0) {
            version = reference.substring(history + HISTORY.length());
            end = history;
            if (!isId(version, 0, version.length())) {
                return Optional.empty();
            }
        }
        int idStart = reference.lastIndexOf('/', end - 1) + 1;
        if (idStart <= 1 || !isId(reference, idStart, end)) {
            return Optional.empty();
        }
        int typeStart = reference.lastIndexOf('/', idStart - 2) + 1;
        if (typeStart > 0 && !reference.contains("://")) {
            return Optional.empty(); // "a/Patient/1" is neither relative nor absolute
        }
        String type = reference.substring(typeStart, idStart - 1);
        if (!resourceTypes.contains(type)) {
            return Optional.empty();
        }
        return Optional.of(new ReferenceTarget(type, reference.substring(idStart, end), version));
    }

    /** FHIR's id: 1 to 64 of {@code [A-Za-z0-9-.]}. */
    private static boolean isId(String text, int start, int end) {
        if (end <= start || end - start > MAX_ID) {
            return false;
        }
        for (int i = start; i < end; i++) {
            char c = text.charAt(i);
            boolean allowed = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '.';
            if (!allowed) {
                return false;
            }
        }
        return true;
    }
}
