package org.openspine.platform.audit;

import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.openspine.platform.database.Database;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts audit rows into the hash chain. Each run takes the rows written since the last seal, in
 * (writing transaction, id) order, gives them the next chain positions and links
 * ({@code HMAC(key, position || previous link || row_mac)}), and writes one {@code audit_seal} row listing
 * them with the last link, and moves {@code audit_chain_head} to it, in one transaction. Audit rows
 * themselves are never updated.
 *
 * <p>Order and visibility. Rows are written by concurrent transactions, so a row with a lower id can
 * commit after one with a higher id was sealed. Each row records its transaction ({@code tx}); a run takes
 * only rows whose transaction is older than the oldest transaction still running (the snapshot's xmin),
 * and every such transaction has ended, so all of its rows are visible, and none can appear later below
 * the seal's end. The chain records the order the rows were taken in. A long-running writing transaction
 * therefore holds back the sealing of every row after it until it ends.
 *
 * <p>Each row is sealed once: one sealer runs at a time (a transaction-scoped advisory lock, so server
 * nodes sharing the database take turns; background runs skip rather than wait), each run starts after
 * the previous seal's last row, and seal numbers are a primary key. A head or newest seal whose MAC does
 * not verify stops sealing: extending a tampered chain would hide the tampering.
 *
 * <p>Thread-safe. {@link #start} runs it every interval on a daemon thread until {@link #close}.
 */
public final class AuditSealer implements AutoCloseable {

    /** Most rows one seal lists; a backlog is sealed in several. */
    static final int BATCH = 5_000;
    /** The advisory lock key sealers share ("OSAUDIT1"). */
    private static final long LOCK = 0x4F53_4155_4449_5431L;
    private static final Logger LOG = LoggerFactory.getLogger(AuditSealer.class);

    private final Database database;
    private final AuditMacs macs;
    private final Clock clock;
    private final Optional<AuditAnchor> anchor;
    private ScheduledExecutorService schedule;
    private long lastFailureLogged;
    private long lastAnchorWarning;

    /** A sealer that runs when called, and keeps no anchor; {@link #start} runs it in the background too. */
    public AuditSealer(Database database, AuditKey key, Clock clock) {
        this(database, key, clock, Optional.empty());
    }

    /**
     * A sealer that, after each run that sealed something, anchors the newest seal in {@code dataDir} (see
     * {@link AuditAnchor}), so that {@link AuditVerifier} can tell a trail whose end was cut off.
     */
    public AuditSealer(Database database, AuditKey key, Clock clock, Path dataDir) {
        this(database, key, clock, Optional.of(AuditAnchor.in(dataDir)));
    }

    private AuditSealer(Database database, AuditKey key, Clock clock, Optional<AuditAnchor> anchor) {
        this.database = database;
        this.macs = new AuditMacs(key);
        this.clock = clock;
        this.anchor = anchor;
    }

    /** @return where this sealer anchors the trail's end, if it does */
    Optional<AuditAnchor> anchor() {
        return anchor;
    }

    /**
     * Seals every row whose writing transaction has ended, in seals of up to {@value #BATCH} rows. When
     * another sealer (another node, the background run) holds the lock, waits for it: on return, every
     * row committed before the call is sealed, by this call or by the other.
     *
     * @return how many rows this call sealed
     * @throws IllegalStateException when the chain head or the newest seal fails its MAC, or seals exist
     *         without a head: the trail was tampered with, and extending it would hide that
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

    /** @return the newest seal as the head names it, after checking both MACs; {@link AuditSeal#GENESIS} before any */
    static AuditSeal newestSeal(Connection connection, AuditMacs macs, String lock) throws SQLException {
        Optional<Head> head = readHead(connection, lock);
        if (head.isEmpty()) {
            try (PreparedStatement any = connection.prepareStatement("SELECT EXISTS (SELECT 1 FROM audit_seal)");
                 ResultSet row = any.executeQuery()) {
                row.next();
                if (row.getBoolean(1)) {
                    throw new IllegalStateException("the audit chain head is missing while seals exist: the trail was "
                            + "tampered with; sealing stops until it is investigated (openspine audit verify)");
                }
            }
            return AuditSeal.GENESIS;
        }
        if (!AuditMacs.same(macs.head(head.get().sealSeq(), head.get().sealMac()), head.get().mac())) {
            throw new IllegalStateException("the audit chain head fails its MAC: the trail was tampered with; "
                    + "sealing stops until it is investigated (openspine audit verify)");
        }
        Optional<AuditSeal> seal = readSeal(connection, head.get().sealSeq());
        if (seal.isEmpty() || !AuditMacs.same(seal.get().mac(), head.get().sealMac())
                || !AuditMacs.same(macs.seal(seal.get()), seal.get().mac())) {
            throw new IllegalStateException("the newest audit seal (" + head.get().sealSeq() + ") is missing or fails "
                    + "its MAC: the trail was tampered with; sealing stops until it is investigated (openspine audit verify)");
        }
        return seal.get();
    }

    /** @return the stored head, unchecked */
    static Optional<Head> readHead(Connection connection, String lock) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT seal_seq, seal_mac, mac FROM audit_chain_head WHERE id = 1" + lock);
             ResultSet row = select.executeQuery()) {
            return row.next() ? Optional.of(new Head(row.getLong(1), row.getBytes(2), row.getBytes(3))) : Optional.empty();
        }
    }

    private long sealPending(boolean waitForLock) {
        long total = 0;
        while (true) {
            int sealed = database.inTransaction(connection -> sealBatch(connection, waitForLock));
            total += sealed;
            if (sealed < BATCH) {
                if (total > 0) {
                    anchorHead();
                }
                return total;
            }
        }
    }

    /**
     * Moves the anchor to the newest seal, after the seals committed: an anchor never names a seal the database
     * might not have. Only along the chain it anchored: if the trail no longer holds the anchored seal as it was,
     * the anchor stays where it is, the evidence of that, until someone has looked ({@link AuditVerifier} reports
     * it; moving the file aside anchors afresh).
     */
    private void anchorHead() {
        if (anchor.isEmpty()) {
            return;
        }
        try {
            Optional<AuditAnchor.Anchored> anchored = anchor.get().read();
            database.read(connection -> {
                if (anchored.isPresent() && !holds(connection, anchored.get())) {
                    long now = System.nanoTime();
                    if (lastAnchorWarning == 0 || now - lastAnchorWarning > TimeUnit.MINUTES.toNanos(1)) {
                        lastAnchorWarning = now; // once a minute: every run would say it again
                        LOG.error("the audit trail no longer holds seal {} as this node anchored it in {}: the anchor "
                                + "stays there; run openspine audit verify", anchored.get().seal(), AuditAnchor.FILE);
                    }
                    return null;
                }
                readHead(connection, "")
                        .filter(head -> anchored.map(a -> a.seal() < head.sealSeq()).orElse(true))
                        .ifPresent(head -> anchor.get().reached(head.sealSeq(), head.sealMac()));
                return null;
            });
        } catch (UncheckedIOException | IllegalStateException e) {
            // the seals stand; the anchor lags until a later run can write it
            LOG.warn("audit sealing could not move its anchor: {}", e.getMessage());
        }
    }

    private static boolean holds(Connection connection, AuditAnchor.Anchored anchored) throws SQLException {
        return readSeal(connection, anchored.seal()).filter(seal -> AuditMacs.same(seal.mac(), anchored.mac())).isPresent();
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

    /** @return how many rows it sealed */
    private int sealBatch(Connection connection, boolean waitForLock) throws SQLException {
        try (PreparedStatement lock = connection.prepareStatement(waitForLock
                ? "SELECT true FROM pg_advisory_xact_lock(?)" : "SELECT pg_try_advisory_xact_lock(?)")) {
            lock.setLong(1, LOCK);
            try (ResultSet row = lock.executeQuery()) {
                row.next();
                if (!row.getBoolean(1)) {
                    return 0;
                }
            }
        }
        AuditSeal previous = newestSeal(connection, macs, " FOR UPDATE");
        List<UUID> ids = new ArrayList<>();
        String lastTx = previous.lastTx();
        byte[] link = previous.link();
        // The statement's own snapshot gives the horizon: every transaction below its xmin has ended, so
        // all their committed rows are visible to this very statement. (tx_text, not tx: ORDER BY would take
        // an output column named tx for the table's, and order the transactions as text.)
        try (PreparedStatement select = connection.prepareStatement("SELECT id, tx::text AS tx_text, row_mac FROM audit_event "
                + "WHERE (tx, id) > (?::xid8, ?) AND tx < pg_snapshot_xmin(pg_current_snapshot()) ORDER BY tx, id LIMIT " + BATCH)) {
            select.setString(1, previous.lastTx());
            select.setObject(2, previous.lastId());
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    ids.add(rows.getObject(1, UUID.class));
                    lastTx = rows.getString(2);
                    link = macs.link(previous.nextPos() + ids.size() - 1, link, rows.getBytes(3));
                }
            }
        }
        if (ids.isEmpty()) {
            return 0;
        }
        AuditSeal seal = new AuditSeal(previous.seq() + 1, previous.nextPos(), previous.lastTx(), previous.lastId(),
                lastTx, ids.get(ids.size() - 1), ids, link, clock.instant().truncatedTo(ChronoUnit.MICROS), new byte[0])
                .signed(macs);
        seal.insert(connection);
        try (PreparedStatement upsert = connection.prepareStatement("INSERT INTO audit_chain_head (id, seal_seq, seal_mac, "
                + "mac, sealed_at) VALUES (1, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET seal_seq = excluded.seal_seq, "
                + "seal_mac = excluded.seal_mac, mac = excluded.mac, sealed_at = excluded.sealed_at")) {
            upsert.setLong(1, seal.seq());
            upsert.setBytes(2, seal.mac());
            upsert.setBytes(3, macs.head(seal.seq(), seal.mac()));
            upsert.setObject(4, OffsetDateTime.ofInstant(seal.sealedAt(), ZoneOffset.UTC));
            upsert.executeUpdate();
        }
        return ids.size();
    }

    private static Optional<AuditSeal> readSeal(Connection connection, long seq) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT " + AuditSeal.COLUMNS + " FROM audit_seal WHERE seq = ?")) {
            select.setLong(1, seq);
            try (ResultSet row = select.executeQuery()) {
                return row.next() ? Optional.of(AuditSeal.read(row)) : Optional.empty();
            }
        }
    }

    /** The chain head: which seal is the newest. */
    record Head(long sealSeq, byte[] sealMac, byte[] mac) {
    }
}
