package org.openspine.platform.audit;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/**
 * One sealing run's record: the rows it put in the chain, which are exactly the rows whose (tx, id) lies
 * after {@code (afterTx, afterId)} and up to {@code (lastTx, lastId)}, in that order, at chain positions
 * {@code firstPos, firstPos + 1, ...}; and the chain link after the last of them.
 *
 * @param seq       the seal's number, 1, 2, ... without gaps
 * @param afterTx   the writing transaction (xid8, as text) of the previous seal's last row; "0" before the first
 * @param eventIds  the rows, in chain order
 * @param link      the chain link after the last row
 * @param mac       {@link AuditMacs#seal} of the rest
 */
record AuditSeal(long seq, long firstPos, String afterTx, UUID afterId, String lastTx, UUID lastId,
        List<UUID> eventIds, byte[] link, Instant sealedAt, byte[] mac) {

    /** Where the chain starts: before position 1, before any row. */
    static final AuditSeal GENESIS = new AuditSeal(0, 1, "0", new UUID(0, 0), "0", new UUID(0, 0), List.of(),
            AuditMacs.GENESIS, Instant.EPOCH, new byte[0]);

    static final String COLUMNS = "seq, first_pos, after_tx::text, after_id, last_tx::text, last_id, event_ids, link, "
            + "sealed_at, mac";

    AuditSeal {
        eventIds = List.copyOf(eventIds);
    }

    /** @return this seal with its MAC computed */
    AuditSeal signed(AuditMacs macs) {
        return new AuditSeal(seq, firstPos, afterTx, afterId, lastTx, lastId, eventIds, link, sealedAt, macs.seal(this));
    }

    /** @return the chain position after this seal's last row */
    long nextPos() {
        return firstPos + eventIds.size();
    }

    void insert(Connection connection) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO audit_seal (seq, first_pos, after_tx, "
                + "after_id, last_tx, last_id, event_ids, link, sealed_at, mac) VALUES (?, ?, ?::xid8, ?, ?::xid8, ?, ?, ?, ?, ?)")) {
            insert.setLong(1, seq);
            insert.setLong(2, firstPos);
            insert.setString(3, afterTx);
            insert.setObject(4, afterId);
            insert.setString(5, lastTx);
            insert.setObject(6, lastId);
            insert.setArray(7, connection.createArrayOf("uuid", eventIds.toArray()));
            insert.setBytes(8, link);
            insert.setObject(9, OffsetDateTime.ofInstant(sealedAt, ZoneOffset.UTC));
            insert.setBytes(10, mac);
            insert.executeUpdate();
        }
    }

    /** Reads a row selected as {@link #COLUMNS}. */
    static AuditSeal read(ResultSet row) throws SQLException {
        return new AuditSeal(row.getLong(1), row.getLong(2), row.getString(3), row.getObject(4, UUID.class),
                row.getString(5), row.getObject(6, UUID.class), Arrays.asList((UUID[]) row.getArray(7).getArray()),
                row.getBytes(8), row.getObject(9, OffsetDateTime.class).toInstant(), row.getBytes(10));
    }
}
