package org.openspine.exchange.mesh;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import org.openspine.exchange.lifecycle.ExchangeJobs;
import org.openspine.platform.database.Database;
import org.openspine.platform.error.OpenSpineException;
import org.openspine.platform.security.Authentication;
import org.openspine.platform.security.Caller;

/**
 * Authentication that also understands MESH's {@code NHSMESH} scheme ({@link NhsMeshToken}); any other
 * {@code Authorization} goes to the bearer-token authentication it wraps. A valid NHSMESH signature makes the
 * caller a system acting for exactly that mailbox ({@link MailboxAccess#scope}), which gives it nothing outside
 * the mailbox API. As MESH requires, each nonce and count is good once, and the signing time must be within
 * {@link #WINDOW} of the server's; every failure is a 403, as on MESH.
 */
public final class MeshAuthentication implements Authentication {

    /** How far a token's timestamp may be from the server's clock. */
    public static final Duration WINDOW = Duration.ofHours(2);

    private final Authentication bearer;
    private final MailboxCache mailboxes;
    private final UsedNonces nonces;
    private final String sharedKey;
    private final Clock clock;

    /**
     * @param bearer    how every other request is authenticated
     * @param sharedKey the environment's MESH shared key (the HMAC key)
     */
    public MeshAuthentication(Authentication bearer, Database database, MeshMailboxes mailboxes, String sharedKey,
            Clock clock) {
        if (sharedKey.isEmpty()) {
            throw new IllegalArgumentException("the MESH shared key must not be empty");
        }
        this.bearer = bearer;
        this.mailboxes = mailboxes.cache();
        this.nonces = new UsedNonces(database);
        this.sharedKey = sharedKey;
        this.clock = clock;
    }

    /**
     * Forgets the nonces used before the window of every token that could still be accepted; they can never
     * be replayed successfully anyway. @return how many were forgotten
     */
    public int forgetOldNonces() {
        return nonces.forgetBefore(clock.instant().minus(WINDOW.multipliedBy(2)));
    }

    /** @return the job that forgets old nonces, every ten minutes */
    public ExchangeJobs.Job job() {
        return new ExchangeJobs.Job("forget-nonces", Duration.ofMinutes(10), this::forgetOldNonces);
    }

    @Override
    public Caller authenticate(String authorization, String roleProfileId) {
        if (authorization == null || !authorization.regionMatches(true, 0, NhsMeshToken.SCHEME, 0,
                NhsMeshToken.SCHEME.length())) {
            return bearer.authenticate(authorization, roleProfileId);
        }
        NhsMeshToken token = NhsMeshToken.parse(authorization.substring(NhsMeshToken.SCHEME.length()).strip())
                .orElseThrow(() -> new OpenSpineException.Forbidden("Error reading from Authorization header"));
        Instant now = clock.instant();
        if (Duration.between(token.timestamp(), now).abs().compareTo(WINDOW) > 0) {
            throw new OpenSpineException.Forbidden("Invalid Authentication Token: its timestamp is more than "
                    + WINDOW.toHours() + " hours from the server's time");
        }
        String password = mailboxes.password(token.mailboxId())
                .orElseThrow(() -> new OpenSpineException.Forbidden("No mailbox matched"));
        if (!token.signedWith(password, sharedKey)) {
            throw new OpenSpineException.Forbidden("Invalid Authentication Token");
        }
        if (!nonces.use(token.mailboxId(), token.nonce(), token.nonceCount(), now)) {
            throw new OpenSpineException.Forbidden("Error Duplicated Authentication Token");
        }
        return new Caller.SystemClient("mailbox:" + token.mailboxId(), "MESH mailbox " + token.mailboxId(),
                Set.of(MailboxAccess.scope(token.mailboxId())));
    }
}
