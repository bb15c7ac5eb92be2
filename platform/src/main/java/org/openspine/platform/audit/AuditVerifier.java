package org.openspine.platform.audit;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.openspine.platform.audit.AuditVerification.Altered;
import org.openspine.platform.audit.AuditVerification.ChainBroken;
import org.openspine.platform.audit.AuditVerification.Deleted;
import org.openspine.platform.audit.AuditVerification.Finding;
import org.openspine.platform.audit.AuditVerification.Inserted;
import org.openspine.platform.database.Database;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks the whole audit trail for tampering. It reads the seals in order and the rows in (tx, id)
 * order side by side: each seal's rows are the rows between the previous seal's last and its own, so
 * <ul>
 *   <li>a row a seal lists but that is gone was {@link Deleted};</li>
 *   <li>a row among them that no seal lists, or an unsealed row that fails its MAC, was {@link Inserted};</li>
 *   <li>a listed row that fails its MAC was {@link Altered};</li>
 *   <li>a seal that fails its MAC, a missing seal (a gap in seal numbers, or seals after the one the head
 *       names), a seal that does not continue from the one before, links that do not add up to the
 *       seal's, a head that fails its MAC or names an older seal, or a trail that ends before the seal this
 *       node anchored outside the database ({@link AuditAnchor}): {@link ChainBroken}.</li>
 * </ul>
 *
 * <p>Pending rows are sealed first; then everything is read in one repeatable-read snapshot, so servers
 * still writing and sealing meanwhile cause no false findings. Reads the whole table, in order, without
 * holding it in memory (a seal's rows at a time). Thread-safe.
 */
public final class AuditVerifier {

    /** Most findings listed; the rest are counted. */
    static final int MAX_FINDINGS = 1000;
    private static final Logger LOG = LoggerFactory.getLogger(AuditVerifier.class);

    private final Database database;
    private final AuditMacs macs;
    private final AuditSealer sealer;

    /** @param sealer seals pending rows before each verification */
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
        // read before the snapshot: every seal anchored by now committed before it, so the snapshot holds it
        AnchorRead anchor = readAnchor();
        return database.inTransaction(connection -> {
            try (Statement snapshot = connection.createStatement()) {
                snapshot.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY");
            }
            Walk walk = new Walk(anchor.anchored());
            anchor.problem().ifPresent(problem -> walk.report(new ChainBroken(problem)));
            try (PreparedStatement rows = cursor(connection, "SELECT " + AuditRows.ALL
                    + ", tx::text AS tx_text FROM audit_event ORDER BY tx, id");
                 PreparedStatement seals = cursor(connection, "SELECT " + AuditSeal.COLUMNS + " FROM audit_seal ORDER BY seq");
                 ResultSet rowCursor = rows.executeQuery();
                 ResultSet sealCursor = seals.executeQuery()) {
                walk.rows = new RowCursor(rowCursor);
                while (sealCursor.next()) {
                    walk.seal(AuditSeal.read(sealCursor));
                }
                walk.head(AuditSealer.readHead(connection, ""));
                walk.anchor();
                walk.unsealed();
            }
            return new AuditVerification(walk.rows.read, sealed, walk.pending, walk.findings, walk.omitted);
        });
    }

    /** The node's anchor, or why it could not be read: the node's own file changed, a finding, not a failure. */
    private record AnchorRead(Optional<AuditAnchor.Anchored> anchored, Optional<String> problem) {
    }

    private AnchorRead readAnchor() {
        try {
            return new AnchorRead(sealer.anchor().flatMap(AuditAnchor::read), Optional.empty());
        } catch (IllegalStateException | java.io.UncheckedIOException e) {
            return new AnchorRead(Optional.empty(), Optional.of(e.getMessage()));
        }
    }

    private static PreparedStatement cursor(Connection connection, String sql) throws SQLException {
        PreparedStatement statement = connection.prepareStatement(sql);
        statement.setFetchSize(1000); // a cursor: the trail may not fit in memory
        return statement;
    }

    /** The seals and the rows, side by side. */
    private final class Walk {
        final List<Finding> findings = new ArrayList<>();
        long omitted;
        long pending;
        RowCursor rows;
        private AuditSeal previous = AuditSeal.GENESIS;
        private final Optional<AuditAnchor.Anchored> anchored;
        private boolean anchorFound;

        Walk(Optional<AuditAnchor.Anchored> anchored) {
            this.anchored = anchored;
        }

        /** Checks one seal against the rows it covers: those after the previous seal's last, up to its own. */
        void seal(AuditSeal seal) throws SQLException {
            boolean signed = AuditMacs.same(macs.seal(seal), seal.mac());
            if (!signed) {
                report(new ChainBroken("seal " + seal.seq() + " fails its MAC: it was changed or forged"));
            }
            if (anchored.isPresent() && anchored.get().seal() == seal.seq()) {
                anchorFound = true;
                if (!AuditMacs.same(anchored.get().mac(), seal.mac())) {
                    report(new ChainBroken("seal " + seal.seq() + " is not the seal this node anchored ("
                            + AuditAnchor.FILE + "): it was replaced"));
                }
            }
            boolean continues = seal.seq() == previous.seq() + 1;
            if (!continues) {
                int orphans = outsideSeals(seal.afterTx(), seal.afterId());
                report(new ChainBroken("seals " + (previous.seq() + 1) + ".." + (seal.seq() - 1) + " are missing; "
                        + orphans + " rows they sealed are in no seal now"));
            } else if (!seal.afterTx().equals(previous.lastTx()) || !seal.afterId().equals(previous.lastId())
                    || seal.firstPos() != previous.nextPos()) {
                report(new ChainBroken("seal " + seal.seq() + " does not continue where seal " + previous.seq() + " ended"));
                continues = false;
                outsideSeals(seal.afterTx(), seal.afterId());
            }
            Map<UUID, RowCursor.Row> covered = new HashMap<>();
            for (RowCursor.Row row : rows.upTo(seal.lastTx(), seal.lastId())) {
                covered.put(row.stored().id(), row);
            }
            byte[] link = continues ? previous.link() : null;
            boolean reported = false;
            for (int i = 0; i < seal.eventIds().size(); i++) {
                UUID id = seal.eventIds().get(i);
                long position = seal.firstPos() + i;
                RowCursor.Row row = covered.remove(id);
                if (row == null) {
                    report(new Deleted(id, position, seal.seq()));
                    reported = true;
                    link = null; // the deleted row's MAC is gone with it: the link cannot be followed past it
                    continue;
                }
                if (!macVerifies(row.stored())) {
                    report(new Altered(id, position));
                    reported = true;
                }
                if (link != null) {
                    link = macs.link(position, link, row.stored().rowMac());
                }
            }
            for (RowCursor.Row extra : covered.values()) {
                report(new Inserted(extra.stored().id(), false));
                reported = true;
            }
            if (link != null && signed && !reported && !AuditMacs.same(link, seal.link())) {
                report(new ChainBroken("the links of seal " + seal.seq() + "'s rows do not add up to its own"));
            }
            previous = seal;
        }

        /** Checks the head names the newest seal. */
        void head(Optional<AuditSealer.Head> head) {
            if (head.isEmpty()) {
                if (previous.seq() > 0) {
                    report(new ChainBroken("the chain head is missing"));
                }
                return;
            }
            AuditSealer.Head stored = head.get();
            if (!AuditMacs.same(macs.head(stored.sealSeq(), stored.sealMac()), stored.mac())) {
                report(new ChainBroken("the chain head fails its MAC: it was changed or forged"));
            } else if (stored.sealSeq() > previous.seq()) {
                report(new ChainBroken("seals " + (previous.seq() + 1) + ".." + stored.sealSeq() + " are missing from the "
                        + "end of the chain: the newest sealed rows were deleted with them, or are in no seal now"));
            } else if (stored.sealSeq() < previous.seq() || !AuditMacs.same(stored.sealMac(), previous.mac())) {
                report(new ChainBroken("the chain head names seal " + stored.sealSeq() + " while the newest is seal "
                        + previous.seq() + ": it was wound back"));
            }
        }

        /** Checks the trail reaches the seal this node anchored outside the database. */
        void anchor() {
            if (anchored.isPresent() && !anchorFound) {
                report(new ChainBroken("the trail ends at seal " + previous.seq() + ", but this node saw it reach seal "
                        + anchored.get().seal() + " (" + AuditAnchor.FILE + "): the events sealed after seal "
                        + previous.seq() + " were removed, or the database was restored from an earlier backup"));
            }
        }

        /** Rows after the newest seal: written since sealing, or by transactions still running. */
        void unsealed() throws SQLException {
            for (RowCursor.Row row : rows.upTo(null, null)) {
                if (macVerifies(row.stored())) {
                    pending++;
                } else {
                    report(new Inserted(row.stored().id(), true));
                }
            }
        }

        /** Rows before a seal's range that no seal covers; those failing their MAC are reported as inserted. */
        private int outsideSeals(String tx, UUID id) throws SQLException {
            List<RowCursor.Row> outside = rows.upTo(tx, id);
            for (RowCursor.Row row : outside) {
                if (!macVerifies(row.stored())) {
                    report(new Inserted(row.stored().id(), false));
                }
            }
            return outside.size();
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

    /** Audit rows in (tx, id) order, taken a range at a time. */
    private static final class RowCursor {
        private final ResultSet rows;
        private Row next;
        private boolean done;
        long read;

        RowCursor(ResultSet rows) {
            this.rows = rows;
        }

        /** @return the next rows up to and including (tx, id); all that are left when tx is null */
        List<Row> upTo(String tx, UUID id) throws SQLException {
            List<Row> taken = new ArrayList<>();
            long limitTx = tx == null ? 0 : Long.parseUnsignedLong(tx);
            while (peek() != null && (tx == null || compare(next.tx(), next.stored().id(), limitTx, id) <= 0)) {
                taken.add(next);
                next = null;
            }
            return taken;
        }

        private Row peek() throws SQLException {
            if (next == null && !done) {
                if (rows.next()) {
                    read++;
                    next = new Row(AuditRows.read(rows), Long.parseUnsignedLong(rows.getString("tx_text")));
                } else {
                    done = true;
                }
            }
            return next;
        }

        /** PostgreSQL's order: xid8 unsigned, then uuid byte by byte (so its halves unsigned). */
        private static int compare(long tx, UUID id, long otherTx, UUID otherId) {
            int byTx = Long.compareUnsigned(tx, otherTx);
            if (byTx != 0) {
                return byTx;
            }
            int high = Long.compareUnsigned(id.getMostSignificantBits(), otherId.getMostSignificantBits());
            return high != 0 ? high : Long.compareUnsigned(id.getLeastSignificantBits(), otherId.getLeastSignificantBits());
        }

        record Row(AuditRows.Stored stored, long tx) {
        }
    }
}
