package org.openspine.platform.audit;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import org.openspine.platform.database.Database;

/**
 * The audit trail's parts wired together, for the composition root and tests: the key, the two ways to
 * write (in a transaction; group-committed), the background sealer, the log and alert readers and the
 * verifier.
 *
 * @param key         the MAC key, from the data directory
 * @param trail       appends in the caller's transaction (writes)
 * @param groupCommit appends durably on its own (reads, security events)
 * @param sealer      chains rows; runs every {@link #SEAL_INTERVAL}
 * @param log         reads events back, as FHIR AuditEvents
 * @param alerts      break-glass alerts for the privacy officer
 * @param verifier    checks the trail for tampering
 */
public record AuditServices(AuditKey key, AuditTrail trail, GroupCommitAudit groupCommit, AuditSealer sealer,
        AuditLog log, PrivacyAlerts alerts, AuditVerifier verifier) implements AutoCloseable {

    /** How often the sealer runs: the longest a row stays outside the chain, give or take a run. */
    public static final Duration SEAL_INTERVAL = Duration.ofSeconds(1);

    /**
     * Opens (on first start: creates) the key in {@code dataDir}, starts the group-commit writer and the
     * background sealer, which anchors the trail's end in {@code dataDir} too ({@link AuditAnchor}).
     *
     * @throws IllegalStateException when the key cannot be used with this database (see {@link AuditKey})
     */
    public static AuditServices start(Database database, Path dataDir, Clock clock) {
        AuditKey key = AuditKey.openOrCreate(dataDir, database);
        return start(database, key, new AuditSealer(database, key, clock, dataDir), clock);
    }

    static AuditServices start(Database database, AuditKey key, Clock clock) {
        return start(database, key, new AuditSealer(database, key, clock), clock);
    }

    private static AuditServices start(Database database, AuditKey key, AuditSealer sealer, Clock clock) {
        AuditTrail trail = new AuditTrail(key);
        GroupCommitAudit groupCommit = new GroupCommitAudit(database, trail);
        sealer.start(SEAL_INTERVAL);
        return new AuditServices(key, trail, groupCommit, sealer, new AuditLog(database), new PrivacyAlerts(database, clock),
                new AuditVerifier(database, key, sealer));
    }

    /** Writes what is queued, then stops sealing (the next start seals what is left). Idempotent. */
    @Override
    public void close() {
        groupCommit.close();
        sealer.close();
    }
}
