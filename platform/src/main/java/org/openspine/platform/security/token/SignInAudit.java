package org.openspine.platform.security.token;

import io.javalin.http.Context;
import java.time.Clock;
import org.openspine.platform.audit.AuditOutcome;
import org.openspine.platform.audit.AuditSubtype;
import org.openspine.platform.audit.SecurityEvents;
import org.openspine.platform.http.AuditedRequest;
import org.openspine.platform.security.Access;
import org.openspine.platform.security.Caller;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts the built-in issuer's sign-ins on the audit trail: each token handed out is recorded before it
 * goes (no record, no token: the failure reaches the client as 503), each failed client authentication
 * after its refusal (logged if it cannot be recorded; the refusal stands).
 */
final class SignInAudit {

    private static final Logger LOG = LoggerFactory.getLogger(SignInAudit.class);

    private final SecurityEvents events;
    private final Clock clock;

    SignInAudit(SecurityEvents events, Clock clock) {
        this.events = events;
        this.clock = clock;
    }

    /**
     * Records that {@code caller} signed in.
     *
     * @throws org.openspine.platform.error.OpenSpineException.Unavailable when it could not be recorded
     */
    void signedIn(Context ctx, Caller caller) {
        events.record(AuditedRequest.of(ctx).record(Access.of(caller), AuditSubtype.SIGN_IN).build(clock));
    }

    /** Records a failed sign-in; {@code why} in general terms, never the credentials. */
    void refused(Context ctx, String why) {
        AuditedRequest request = AuditedRequest.of(ctx);
        try {
            events.record(request.unauthenticated(AuditSubtype.SIGN_IN).outcome(AuditOutcome.MINOR_FAILURE, why).build(clock));
        } catch (RuntimeException e) {
            LOG.error("could not record a failed sign-in on the audit trail ({} {})", request.method(), request.target(), e);
        }
    }
}
