package org.openspine.exchange.mesh;

import org.openspine.exchange.mailbox.Mailbox;
import org.openspine.platform.error.OpenSpineException;
import org.openspine.platform.security.Caller;

/**
 * Who may act for a mailbox: a system holding the scope {@code mailbox/ID} (every NHSMESH-signed request holds
 * its own mailbox's) or {@code mailbox/*}, and a member of staff acting for the organisation the mailbox belongs
 * to. Citizens never. Public so that the exchange's other APIs about a mailbox (such as the delivery monitor's
 * sent-letters list) follow the same rule.
 */
public final class MailboxAccess {

    /** The scope of every mailbox. */
    public static final String ANY_MAILBOX = "mailbox/*";

    private MailboxAccess() {
    }

    /** @return the scope that lets a system act for the mailbox */
    public static String scope(String mailboxId) {
        return "mailbox/" + mailboxId;
    }

    /** @throws OpenSpineException.Forbidden unless the caller may act for the mailbox */
    public static void require(Caller caller, Mailbox mailbox) {
        boolean allowed = switch (caller) {
            case Caller.SystemClient system -> system.scopes().contains(scope(mailbox.id()))
                    || system.scopes().contains(ANY_MAILBOX);
            case Caller.Staff staff -> staff.acting().odsCode().equals(mailbox.odsCode());
            case Caller.Citizen citizen -> false;
        };
        if (!allowed) {
            throw new OpenSpineException.Forbidden("Mailbox id does not match token");
        }
    }
}
