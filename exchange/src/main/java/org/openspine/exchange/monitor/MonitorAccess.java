package org.openspine.exchange.monitor;

import java.util.Set;
import org.openspine.exchange.mesh.MailboxAccess;
import org.openspine.platform.error.OpenSpineException;
import org.openspine.platform.security.Access;
import org.openspine.platform.security.AccessPolicy;
import org.openspine.platform.security.Activity;
import org.openspine.platform.security.Caller;

/**
 * Who may see the delivery monitor: it names every mailbox, its organisation and its backlog (no patient data,
 * but the state of the whole service), so it is for those who run the service or oversee it:
 * <ul>
 * <li>staff whose acting role allows {@link Activity#CONFIGURE} (administrators) or reading the audit trail
 *     ({@link Activity#VIEW_AUDIT}: privacy officers, who oversee that nothing is silently lost);</li>
 * <li>systems holding {@code system/*.read} or {@code system/*.*} (read access to the whole service, e.g. an
 *     operations dashboard), or {@code mailbox/*} (a system acting for every mailbox);</li>
 * <li>never citizens.</li>
 * </ul>
 */
final class MonitorAccess {

    private static final Set<String> SYSTEM_SCOPES = Set.of("system/*.read", "system/*.*", MailboxAccess.ANY_MAILBOX);

    private MonitorAccess() {
    }

    /** @throws OpenSpineException.Forbidden unless the caller may see the monitor */
    static void require(AccessPolicy policy, Access access) {
        boolean allowed = switch (access.caller()) {
            case Caller.Staff staff -> policy.allows(access, "AuditEvent", false, false) || configures(policy, access);
            case Caller.SystemClient system -> system.scopes().stream().anyMatch(SYSTEM_SCOPES::contains);
            case Caller.Citizen citizen -> false;
        };
        if (!allowed) {
            throw new OpenSpineException.Forbidden("the delivery monitor is for administrators, privacy officers and "
                    + "systems with system/*.read or mailbox/*");
        }
    }

    private static boolean configures(AccessPolicy policy, Access access) {
        try {
            policy.require(access, Activity.CONFIGURE);
            return true;
        } catch (OpenSpineException.Forbidden notAnAdministrator) {
            return false; // the policy answers this question only by refusing; the caller may still be a privacy officer
        }
    }
}
