package org.openspine.platform.audit;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The HTTP request behind an event: method, and path with query as received, cut to
 * {@value #MAX_TARGET} characters. An {@code access_token} query parameter (which some clients send
 * instead of a header) is blanked, so no bearer token reaches the audit trail.
 *
 * @param method e.g. {@code GET}
 * @param target path and query, e.g. {@code /fhir/R4/Observation?patient=123}
 */
public record RequestLine(String method, String target) {

    /** Longest path and query kept. */
    public static final int MAX_TARGET = 2000;
    private static final Pattern TOKEN_PARAMETER = Pattern.compile("(?i)([?&]access_token=)[^&#]*");

    public RequestLine {
        method = BoundedText.of(Objects.requireNonNull(method, "method"), 16);
        target = BoundedText.of(TOKEN_PARAMETER.matcher(Objects.requireNonNull(target, "target")).replaceAll("$1***"),
                MAX_TARGET);
    }
}
