package org.openspine.platform.audit;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.openspine.platform.audit.AuditVerification.Altered;
import org.openspine.platform.audit.AuditVerification.Finding;
import org.openspine.platform.audit.AuditVerification.Forged;
import org.openspine.platform.audit.AuditVerification.HeadMismatch;
import org.openspine.platform.audit.AuditVerification.Missing;
import org.openspine.platform.audit.AuditVerification.Part;
import org.openspine.platform.database.Database;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks the whole audit trail for tampering: every row against its MAC, every chain link against the
 * one before, the positions for gaps, and the head against the newest link. What each finding means:
 * <ul>
 *   <li>content fails its MAC, link verifies: the row was genuine when sealed and was {@link Altered} since;</li>
 *   <li>content and link both fail, or the row is unsealed with a bad MAC: it was {@link Forged} (inserted);</li>
 *   <li>a gap in positions, or a head beyond the newest row: rows were deleted ({@link Missing});</li>
 *   <li>a head that fails its MAC, is missing, or lags the chain: {@link HeadMismatch}.</li>
 * </ul>
 * After a gap or a broken link the next link cannot be checked (its predecessor is gone); the walk
 * resumes from the next row's stored link. Every row's MAC is checked regardless.
 *
 * <p>Pending rows are sealed first; then everything is read in one repeatable-read snapshot, so a server
 * still writing and sealing meanwhile causes no false findings. Reads the whole table: minutes for
 * tens of millions of rows. Thread-safe.
 */
public final class AuditVerifier {

    /** Most findings listed; the rest are counted. */
    static final int MAX_FINDINGS = 1000;
    private static final Logger LOG = LoggerFactory.getLogger(AuditVerifier.class);

    private final Database database;
    private final AuditMacs macs;
    private final AuditSealer sealer;

    public AuditVerifier(Database database, AuditKey key, AuditSealer sealer) {
        this.database = database;
        this.macs = new AuditMacs(key);
        this.sealer = sealer;
    }

    /**
     * Seals pending rows, then checks the trail.
     *
     * @return the findings; {@link AuditVerification#intact()} when there are none
     * @throws org.openspine.platform.error.OpenSpineException when the database fails
     */
    public AuditVerification verify() {
        long sealedFirst = 0;
        try {
            sealedFirst = sealer.sealPending();
        } catch (IllegalStateException e) {
            LOG.warn("sealing before verification refused: {}", e.getMessage()); // the walk reports what is wrong
        }
        long sealed = sealedFirst;
        return database.inTransaction(connection -> {
            try (Statement snapshot = connection.createStatement()) {
                snapshot.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY");
            }
            Walk walk = new Walk(AuditSealer.readHead(connection, ""));
            scan(connection, "chain_seq IS NOT NULL ORDER BY chain_seq, id", walk::sealed);
            walk.endOfChain();
            scan(connection, "chain_seq IS NULL ORDER BY id", walk::unsealed);
            return new AuditVerification(walk.rows, sealed, walk.pending, walk.findings, walk.omitted);
        });
    }

    private static void scan(Connection connection, String where, RowVisitor visitor) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT " + AuditRows.ALL + " FROM audit_event WHERE " + where)) {
            select.setFetchSize(1000); // a cursor: the table may not fit in memory
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    visitor.visit(AuditRows.read(rows));
                }
            }
        }
    }

    @FunctionalInterface
    private interface RowVisitor {
        void visit(AuditRows.Stored row);
    }

    /** The walk along the chain: rows arrive by position, rows sharing a position together. */
    private final class Walk {
        final List<Finding> findings = new ArrayList<>();
        long omitted;
        long rows;
        long pending;
        private final Optional<AuditSealer.Head> head;
        private final List<AuditRows.Stored> group = new ArrayList<>();
        private long expected = 1;
        private byte[] previous = AuditMacs.GENESIS;
        private boolean linkKnown = true;
        private long genuineSeq;
        private byte[] genuineHash = AuditMacs.GENESIS;
        private Optional<UUID> genuineId = Optional.empty();

        Walk(Optional<AuditSealer.Head> head) {
            this.head = head;
        }

        void sealed(AuditRows.Stored row) {
            rows++;
            if (!group.isEmpty() && !group.get(0).chainSeq().equals(row.chainSeq())) {
                position();
            }
            group.add(row);
        }

        void unsealed(AuditRows.Stored row) {
            rows++;
            if (macVerifies(row)) {
                pending++; // written after the sealing above; the next sealing takes it
            } else {
                report(new Forged(row.id(), Optional.empty()));
            }
        }

        void endOfChain() {
            if (!group.isEmpty()) {
                position();
            }
            if (head.isEmpty()) {
                if (genuineSeq > 0 || expected > 1) {
                    report(new HeadMismatch("missing, while " + (expected - 1) + " positions are sealed"));
                }
                return;
            }
            AuditSealer.Head stored = head.get();
            if (!AuditMacs.same(macs.head(stored.seq(), stored.hash()), stored.mac())) {
                report(new HeadMismatch("fails its MAC: it was changed or forged"));
            } else if (stored.seq() > genuineSeq) {
                report(new Missing(genuineSeq + 1, stored.seq(), genuineId, Optional.empty()));
            } else if (stored.seq() < genuineSeq) {
                report(new HeadMismatch("at position " + stored.seq() + " while rows are sealed up to " + genuineSeq
                        + ": it was wound back"));
            } else if (!AuditMacs.same(stored.hash(), genuineHash)) {
                report(new HeadMismatch("its link does not match the newest row's at position " + genuineSeq));
            }
        }

        /** Checks the rows at one position; normally one, more only if rows were inserted there. */
        private void position() {
            long seq = group.get(0).chainSeq().orElseThrow();
            if (seq > expected) {
                report(new Missing(expected, seq - 1, genuineId, Optional.of(group.get(0).id())));
                linkKnown = false;
            }
            AuditRows.Stored chosen = null;
            boolean chosenLinks = false;
            boolean chosenMac = false;
            for (AuditRows.Stored row : group) {
                boolean links = linkKnown && row.chainHash() != null
                        && AuditMacs.same(macs.link(seq, previous, row.rowMac()), row.chainHash());
                boolean mac = macVerifies(row);
                if (chosen == null || (links && !chosenLinks) || (links == chosenLinks && mac && !chosenMac)) {
                    chosen = row;
                    chosenLinks = links;
                    chosenMac = mac;
                }
            }
            for (AuditRows.Stored row : group) {
                if (row != chosen) {
                    report(new Forged(row.id(), Optional.of(seq)));
                }
            }
            boolean forged = false;
            if (linkKnown && !chosenLinks) {
                if (chosenMac) {
                    report(new Altered(chosen.id(), seq, Part.CHAIN));
                } else {
                    report(new Forged(chosen.id(), Optional.of(seq)));
                    forged = true;
                    if (head.isPresent() && seq <= head.get().seq()) {
                        // the position is within the sealed chain, so a genuine row held it: that one was deleted
                        report(new Missing(seq, seq, genuineId, Optional.empty()));
                    }
                }
            } else if (!chosenMac) {
                report(new Altered(chosen.id(), seq, Part.CONTENT));
            }
            // After a broken link the true predecessor of the next row is unknown: resume from this row's link.
            linkKnown = (chosenLinks || !linkKnown) && chosen.chainHash() != null;
            previous = chosen.chainHash() == null ? AuditMacs.GENESIS : chosen.chainHash();
            if (!forged) {
                genuineSeq = seq;
                genuineHash = chosen.chainHash();
                genuineId = Optional.of(chosen.id());
            }
            expected = seq + 1;
            group.clear();
        }

        private boolean macVerifies(AuditRows.Stored row) {
            return row.record().map(r -> AuditMacs.same(macs.row(row.id(), r), row.rowMac())).orElse(false);
        }

        private void report(Finding finding) {
            if (findings.size() < MAX_FINDINGS) {
                findings.add(finding);
            } else {
                omitted++;
            }
        }
    }
}
