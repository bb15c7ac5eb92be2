package org.openspine.platform.audit;

import java.util.List;
import java.util.Set;
import org.openspine.platform.security.Access;
import org.openspine.platform.security.Caller;
import org.openspine.platform.security.ProofingLevel;
import org.openspine.platform.security.RoleProfile;

/**
 * Callers to audit, for tests in this module and (through the test-jar) others.
 */
public final class TestAudit {

    /** A GP at a practice. */
    public static final Caller.Staff GP = new Caller.Staff("555021935107", "Dr Ada Okafor",
            new RoleProfile("555254242105", "R8000", "R0260", "Y12345"),
            List.of(new RoleProfile("555254242105", "R8000", "R0260", "Y12345")));
    /** A citizen with a proofed NHS login. */
    public static final Caller.Citizen CITIZEN = new Caller.Citizen("nhs-login-7f3a", "Sam Patel", "9000000009",
            ProofingLevel.P9);
    /** A system using client credentials. */
    public static final Caller.SystemClient SYSTEM = new Caller.SystemClient("pathology-lab-feed", "Pathology results feed",
            Set.of("system/Observation.write"));

    private TestAudit() {
    }

    /** @return the access of {@code caller} without break-glass */
    public static Access access(Caller caller) {
        return Access.of(caller);
    }
}
