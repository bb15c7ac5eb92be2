package org.openspine.platform.audit;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.List;
import java.util.Set;
import org.openspine.platform.database.Database;
import org.openspine.platform.security.Access;
import org.openspine.platform.security.Caller;
import org.openspine.platform.security.ProofingLevel;
import org.openspine.platform.security.RoleProfile;

/**
 * The audit trail for tests, in this module and (through the test-jar) others: one fixed key for every
 * test database, so tests sharing a database never disagree about it, and a few callers to audit.
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

    private static final AuditKey KEY = AuditKey.of("openspine test audit key, 32 b..".getBytes(StandardCharsets.US_ASCII));

    private TestAudit() {
    }

    /** @return the audit services on {@code database}, keyed with the test key; close them after use */
    public static AuditServices start(Database database, Clock clock) {
        return AuditServices.start(database, KEY, clock);
    }

    /** @return the test key */
    public static AuditKey key() {
        return KEY;
    }

    /** @return the access of {@code caller} without break-glass */
    public static Access access(Caller caller) {
        return Access.of(caller);
    }

    /** @return how many audit rows involve {@code patientId} (a plain count, no index needed) */
    public static int eventsFor(Connection connection, String patientId) throws SQLException {
        try (PreparedStatement count = connection.prepareStatement("SELECT count(*) FROM audit_event WHERE ? = ANY (patients)")) {
            count.setString(1, patientId);
            try (ResultSet row = count.executeQuery()) {
                row.next();
                return row.getInt(1);
            }
        }
    }
}
