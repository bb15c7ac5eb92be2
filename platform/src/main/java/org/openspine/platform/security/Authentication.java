package org.openspine.platform.security;

import org.openspine.platform.error.OpenSpineException;

/**
 * Establishes who a request comes from. The HTTP layer calls it once per request, before any
 * route runs, for every path that is not deliberately public.
 */
public interface Authentication {

    /**
     * @param authorization the {@code Authorization} header as received (may be null)
     * @param roleProfileId the {@code NHSD-Session-URID} header (may be null): the role profile a
     *                      member of staff acts in for this request; their default one when absent
     * @return the verified caller
     * @throws OpenSpineException.Unauthenticated when there is no token or it is not valid; the
     *         message says why in general terms and never echoes the token
     * @throws OpenSpineException.Forbidden when a valid staff caller names a role profile they do not hold
     * @throws OpenSpineException.Unavailable when what is needed to check the token (an identity
     *         provider's published keys) cannot be had now; the caller may retry
     */
    Caller authenticate(String authorization, String roleProfileId);
}
