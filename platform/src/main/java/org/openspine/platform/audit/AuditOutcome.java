package org.openspine.platform.audit;

import java.util.Arrays;

/**
 * FHIR {@code AuditEvent.outcome}. A refused request (401, 403, 404 of something the caller may not
 * know exists) is a {@link #MINOR_FAILURE}: the request failed and nothing was done; a server error
 * that left the action undone is a {@link #SERIOUS_FAILURE}.
 */
public enum AuditOutcome {
    SUCCESS(0),
    MINOR_FAILURE(4),
    SERIOUS_FAILURE(8);

    private final int code;

    AuditOutcome(int code) {
        this.code = code;
    }

    /** @return the FHIR code: 0, 4 or 8 */
    public int code() {
        return code;
    }

    /**
     * @throws IllegalArgumentException for a code that is not 0, 4 or 8
     */
    public static AuditOutcome of(int code) {
        return Arrays.stream(values()).filter(o -> o.code == code).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("audit outcome must be 0, 4 or 8, was " + code));
    }
}
