package org.openspine.platform.audit;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.openspine.platform.database.Database;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gives audit rows their place in the hash chain: each unsealed row, in the order this sealer sees
 * them, gets {@code chain_seq} (the next position: 1, 2, ... without gaps) and
 * {@code chain_hash = HMAC(key, seq || previous chain_hash || row_mac)}; {@code audit_chain_head} moves
 * to the newest link, with its own MAC. Rows and head change in one transaction.
 *
 * <p>Order and visibility: rows are written by concurrent transactions, so a row with a lower id can
 * commit after a higher one was sealed. That is fine: the sealer takes every unsealed row it can see
 * (the partial index {@code audit_event_unsealed} lists exactly those) and the chain records the order
 * it saw them in. A row not yet committed is simply sealed by a later run. Each row is sealed once:
 * only one sealer runs at a time (a transaction-scoped advisory lock, so several server nodes sharing
 * the database take turns; background runs skip rather than wait), the update requires
 * {@code chain_seq IS NULL}, and
 * {@code chain_seq} is unique.
 *
 * <p>A row whose MAC does not verify was not written by OpenSpine: it is never sealed (so it cannot pass
 * for a genuine row) and is left for {@link AuditVerifier} to report. A head whose MAC does not verify
 * stops sealing until someone investigates.
 *
 * <p>Thread-safe. {@link #start} runs it every interval on a daemon thread until {@link #close}.
 */
public final class AuditSealer implements AutoCloseable {

    /** Rows sealed per transaction. */
    static final int BATCH = 2_000;
    /** The advisory lock key sealers share ("OSAUDIT1"). */
    private static final long LOCK = 0x4F53_4155_4449_5431L;
    private static final int MAX_REFUSED_REMEMBERED = 10_000;
    private static final Logger LOG = LoggerFactory.getLogger(AuditSealer.class);

    private final Database database;
    private final AuditMacs macs;
    private final Clock clock;
    /** Rows seen with a bad MAC: skipped from then on, so they neither block sealing nor flood the log. */
    private final Set<UUID> refused = ConcurrentHashMap.newKeySet();
    private ScheduledExecutorService schedule;
    private long lastFailureLogged;

    public AuditSealer(Database database, AuditKey key, Clock clock) {
        this.database = database;
        this.macs = new AuditMacs(key);
        this.clock = clock;
    }

    /**
     * Seals every row that is unsealed and visible now, in transactions of up to {@value #BATCH} rows.
     * When another sealer (another node, the background run) holds the lock, waits for it: on return,
     * every row committed before the call is sealed, by this call or by the other.
     *
     * @return how many rows this call sealed
     * @throws IllegalStateException when the chain head fails its MAC, or rows are sealed but there is no
     *         head: the trail was tampered with, and extending it would hide that
     * @throws org.openspine.platform.error.OpenSpineException when the database fails
     */
    public long sealPending() {
        return sealPending(true);
    }

    /** Runs {@link #sealPending} every {@code interval} on a daemon thread, logging failures, until closed. */
    public synchronized void start(Duration interval) {
        if (schedule != null) {
            throw new IllegalStateException("the audit sealer is running already");
        }
        schedule = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("audit-sealer").daemon().factory());
        schedule.scheduleWithFixedDelay(this::sealInBackground, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Stops the background runs, waiting for one in progress. Idempotent. */
    @Override
    public synchronized void close() {
        if (schedule == null) {
            return;
        }
        schedule.shutdown();
        try {
            if (!schedule.awaitTermination(30, TimeUnit.SECONDS)) {
                LOG.warn("audit sealer still running after 30 s; leaving it to stop with the JVM");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // closing anyway; the thread is a daemon
        }
    }

    private long sealPending(boolean waitForLock) {
        long total = 0;
        while (true) {
            Batch batch = database.inTransaction(connection -> sealBatch(connection, waitForLock));
            total += batch.sealed();
            if (batch.seen() < BATCH) {
                return total;
            }
        }
    }

    private void sealInBackground() {
        try {
            // another node sealing now will have sealed what this run would: skip rather than queue up
            long sealed = sealPending(false);
            if (sealed > 0) {
                LOG.debug("sealed {} audit events", sealed);
            }
        } catch (RuntimeException e) {
            long now = System.nanoTime();
            if (lastFailureLogged == 0 || now - lastFailureLogged > TimeUnit.MINUTES.toNanos(1)) {
                lastFailureLogged = now; // once a minute is enough to be seen, and not a flood while the database is down
                LOG.error("audit sealing failed (retrying every run, logged once a minute): {}", e.getMessage(), e);
            }
        }
    }

    private Batch sealBatch(Connection connection, boolean waitForLock) throws SQLException {
        try (PreparedStatement lock = connection.prepareStatement(waitForLock
                ? "SELECT true FROM pg_advisory_xact_lock(?)" : "SELECT pg_try_advisory_xact_lock(?)")) {
            lock.setLong(1, LOCK);
            try (ResultSet row = lock.executeQuery()) {
                row.next();
                if (!row.getBoolean(1)) {
                    return new Batch(0, 0);
                }
            }
        }
        Head head = head(connection);
        long seq = head.seq();
        byte[] hash = head.hash();
        int seen = 0;
        int sealed = 0;
        try (PreparedStatement select = connection.prepareStatement("SELECT " + AuditRows.ALL
                + " FROM audit_event WHERE chain_seq IS NULL AND NOT (id = ANY (?)) ORDER BY id LIMIT " + BATCH);
             PreparedStatement update = connection.prepareStatement(
                     "UPDATE audit_event SET chain_seq = ?, chain_hash = ? WHERE id = ? AND chain_seq IS NULL")) {
            select.setArray(1, connection.createArrayOf("uuid", refused.toArray()));
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    seen++;
                    AuditRows.Stored row = AuditRows.read(rows);
                    if (!row.record().map(r -> AuditMacs.same(macs.row(row.id(), r), row.rowMac())).orElse(false)) {
                        refuse(row.id());
                        continue;
                    }
                    seq++;
                    hash = macs.link(seq, hash, row.rowMac());
                    update.setLong(1, seq);
                    update.setBytes(2, hash);
                    update.setObject(3, row.id());
                    update.addBatch();
                    sealed++;
                }
            }
            if (sealed == 0) {
                return new Batch(seen, 0);
            }
            for (int count : update.executeBatch()) {
                if (count != 1) {
                    throw new IllegalStateException("an audit row was sealed by someone else while this sealer held the lock");
                }
            }
        }
        try (PreparedStatement upsert = connection.prepareStatement("INSERT INTO audit_chain_head (id, seq, hash, mac, sealed_at) "
                + "VALUES (1, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET seq = excluded.seq, hash = excluded.hash, "
                + "mac = excluded.mac, sealed_at = excluded.sealed_at")) {
            upsert.setLong(1, seq);
            upsert.setBytes(2, hash);
            upsert.setBytes(3, macs.head(seq, hash));
            upsert.setObject(4, OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC));
            upsert.executeUpdate();
        }
        return new Batch(seen, sealed);
    }

    private void refuse(UUID id) {
        if (refused.size() < MAX_REFUSED_REMEMBERED && refused.add(id)) {
            LOG.error("audit event {} fails its MAC: it was not written by OpenSpine (or was changed since); "
                    + "it is left unsealed; run openspine audit verify", id);
        }
    }

    /** Reads and checks the head, locking it for this transaction. */
    private Head head(Connection connection) throws SQLException {
        Optional<Head> stored = readHead(connection, " FOR UPDATE");
        if (stored.isEmpty()) {
            try (PreparedStatement sealed = connection.prepareStatement(
                    "SELECT EXISTS (SELECT 1 FROM audit_event WHERE chain_seq IS NOT NULL)");
                 ResultSet row = sealed.executeQuery()) {
                row.next();
                if (row.getBoolean(1)) {
                    throw new IllegalStateException("the audit chain head is missing while sealed rows exist: the trail was "
                            + "tampered with; sealing stops until it is investigated (openspine audit verify)");
                }
            }
            return new Head(0, AuditMacs.GENESIS, macs.head(0, AuditMacs.GENESIS));
        }
        Head head = stored.get();
        if (!AuditMacs.same(macs.head(head.seq(), head.hash()), head.mac())) {
            throw new IllegalStateException("the audit chain head fails its MAC: the trail was tampered with; "
                    + "sealing stops until it is investigated (openspine audit verify)");
        }
        return head;
    }

    /** @return the stored head, unchecked */
    static Optional<Head> readHead(Connection connection, String lock) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT seq, hash, mac FROM audit_chain_head WHERE id = 1" + lock);
             ResultSet row = select.executeQuery()) {
            return row.next() ? Optional.of(new Head(row.getLong(1), row.getBytes(2), row.getBytes(3))) : Optional.empty();
        }
    }

    /** The newest chain link. */
    record Head(long seq, byte[] hash, byte[] mac) {
    }

    private record Batch(int seen, int sealed) {
    }
}
