package org.openspine.exchange.mesh;

import java.time.Clock;
import org.openspine.exchange.mailbox.Mailboxes;
import org.openspine.platform.database.Database;

/**
 * The one view of mailboxes that MESH authentication and the MESH API share on a node, so that both answer from
 * the same short-lived cache. Build one per node and hand it to {@link MeshAuthentication} and {@link MeshRoutes}.
 */
public final class MeshMailboxes {

    private final Mailboxes mailboxes;
    private final MailboxCache cache;

    public MeshMailboxes(Database database, Mailboxes mailboxes, Clock clock) {
        this.mailboxes = mailboxes;
        this.cache = new MailboxCache(database, mailboxes, clock);
    }

    /** Drops what this node holds of the mailbox: called once a change to it has committed. */
    public void forget(String mailboxId) {
        cache.forget(mailboxId);
    }

    Mailboxes store() {
        return mailboxes;
    }

    MailboxCache cache() {
        return cache;
    }
}
