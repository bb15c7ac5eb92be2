package org.openspine.platform.security;

import java.util.Objects;
import java.util.Optional;

/**
 * One request's standing: who the caller is and, when a member of staff "breaks the glass" to
 * reach a patient they have no legitimate relationship with, the reason they gave.
 *
 * @param caller           the authenticated caller
 * @param breakGlassReason the stated reason, from the {@code X-Break-Glass-Reason} header
 */
public record Access(Caller caller, Optional<String> breakGlassReason) {

    /** The request header in which staff state a break-glass reason. */
    public static final String BREAK_GLASS_HEADER = "X-Break-Glass-Reason";

    public Access {
        Objects.requireNonNull(caller, "caller");
        breakGlassReason = breakGlassReason.map(String::strip).filter(r -> !r.isEmpty());
    }

    /** @return the access of a caller who states no break-glass reason */
    public static Access of(Caller caller) {
        return new Access(caller, Optional.empty());
    }
}
