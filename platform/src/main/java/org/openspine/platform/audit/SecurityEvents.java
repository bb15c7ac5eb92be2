package org.openspine.platform.audit;

/**
 * Where security events go: sign-ins, rejected tokens, denied accesses. The composition root hands the
 * HTTP server and the built-in issuer {@code groupCommit::record}, so an event is durable when
 * {@link #record} returns; tests may collect them instead.
 */
@FunctionalInterface
public interface SecurityEvents {

    /**
     * Records {@code event}, durably before returning.
     *
     * @throws org.openspine.platform.error.OpenSpineException.Unavailable when it could not be recorded
     */
    void record(AuditRecord event);
}
