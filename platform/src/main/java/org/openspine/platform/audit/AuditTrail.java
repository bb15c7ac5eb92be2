package org.openspine.platform.audit;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Writes audit records into the caller's transaction: a write and its audit row commit together or
 * not at all. One INSERT for all the records given (plus one per break-glass alert), no lock beyond the rows' own,
 * so concurrent writers never wait for each other here; the chain is added later by the
 * {@link AuditSealer}.
 *
 * <p>For reads, which run on autocommit connections, use {@link GroupCommitAudit} instead.
 *
 * <p>Thread-safe and stateless apart from the key.
 */
public final class AuditTrail {

    private final AuditMacs macs;

    /** @param key the key every row's MAC is made with */
    public AuditTrail(AuditKey key) {
        this.macs = new AuditMacs(key);
    }

    /**
     * Appends {@code record} in the transaction {@code connection} is in; a break-glass record also
     * raises its {@link PrivacyAlerts privacy alert} there. Nothing is durable until that transaction
     * commits, and a rollback removes the record with everything else.
     *
     * @return the new audit event's id (its {@code AuditEvent.id})
     * @throws SQLException as the driver reports it; the caller's transaction is then to be rolled back
     */
    public UUID append(Connection connection, AuditRecord record) throws SQLException {
        return appendAll(connection, List.of(record)).get(0);
    }

    /** Appends several records with one batched statement; the ids are in the records' order. */
    List<UUID> appendAll(Connection connection, List<AuditRecord> records) throws SQLException {
        List<UUID> ids = new ArrayList<>(records.size());
        List<byte[]> rowMacs = new ArrayList<>(records.size());
        for (AuditRecord record : records) {
            UUID id = timeOrderedId(record.recorded());
            ids.add(id);
            rowMacs.add(macs.row(id, record));
        }
        try (PreparedStatement insert = connection.prepareStatement(AuditRows.INSERT)) {
            AuditRows.bind(insert, ids, records, rowMacs);
            insert.executeUpdate();
        }
        PrivacyAlerts.raise(connection, ids, records);
        return ids;
    }

    /**
     * A UUIDv7: milliseconds since the epoch, then 74 random bits. Ids of rows written close in time sort
     * close together, so the primary key index grows at its end rather than everywhere at random.
     */
    static UUID timeOrderedId(Instant recorded) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long high = (recorded.toEpochMilli() << 16) | 0x7000L | random.nextInt(1 << 12);
        long low = (random.nextLong() & 0x3FFF_FFFF_FFFF_FFFFL) | 0x8000_0000_0000_0000L;
        return new UUID(high, low);
    }
}
