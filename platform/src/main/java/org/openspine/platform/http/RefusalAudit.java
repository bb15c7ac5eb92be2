package org.openspine.platform.http;

import io.javalin.http.Context;
import java.time.Clock;
import org.openspine.platform.audit.AuditOutcome;
import org.openspine.platform.audit.AuditRecord;
import org.openspine.platform.audit.AuditSubtype;
import org.openspine.platform.audit.SecurityEvents;
import org.openspine.platform.error.OpenSpineException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records every refusal on the audit trail as a security event: a request without a valid token
 * ({@link AuditSubtype#TOKEN_REJECTED}, nobody known) and a caller refused an activity or a patient
 * ({@link AuditSubtype#ACCESS_DENIED}, with who they are). The refusal stands whether or not the
 * event could be recorded; a failure to record is logged. The HTTP server records every refusal that
 * reaches its error mapping; a facade that answers its own refusals (in its own error shape) calls this too.
 */
public final class RefusalAudit {

    private static final Logger LOG = LoggerFactory.getLogger(RefusalAudit.class);

    private final SecurityEvents events;
    private final Clock clock;

    /** @param events where the refusals go */
    public RefusalAudit(SecurityEvents events, Clock clock) {
        this.events = events;
        this.clock = clock;
    }

    /** Records {@code refusal} when it is a 401 or 403; other errors are not security events. */
    public void refused(OpenSpineException refusal, Context ctx) {
        AuditedRequest request = AuditedRequest.of(ctx);
        AuditRecord.Builder event;
        switch (refusal) {
            case OpenSpineException.Unauthenticated unauthenticated ->
                    event = request.unauthenticated(AuditSubtype.TOKEN_REJECTED);
            case OpenSpineException.Forbidden forbidden -> event = RequestAccess.find(ctx)
                    .map(access -> request.record(access, AuditSubtype.ACCESS_DENIED))
                    .orElseGet(() -> request.unauthenticated(AuditSubtype.ACCESS_DENIED));
            default -> {
                return;
            }
        }
        try {
            events.record(event.outcome(AuditOutcome.MINOR_FAILURE, refusal.getMessage()).build(clock));
        } catch (RuntimeException e) {
            LOG.error("could not record a refused request on the audit trail ({} {})", request.method(), request.target(), e);
        }
    }
}
