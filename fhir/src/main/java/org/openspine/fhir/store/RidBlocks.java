package org.openspine.fhir.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * Hands out resource surrogate keys (rid) from blocks of {@link #BLOCK} taken from the
 * {@code resource_rid} sequence (which steps by the same amount), so a bundle of a hundred creates
 * costs at most one extra round trip. Unused ids of a block are lost at shutdown; rids are never
 * reused. Thread-safe.
 */
final class RidBlocks {

    /** Must equal the sequence's INCREMENT BY. */
    static final int BLOCK = 100;

    private long next;
    private long end;

    /** @return {@code count} fresh rids, taking new blocks on {@code connection} when needed */
    synchronized long[] take(Connection connection, int count) throws SQLException {
        long[] rids = new long[count];
        for (int i = 0; i < count; i++) {
            if (next == end) {
                next = nextBlock(connection);
                end = next + BLOCK;
            }
            rids[i] = next++;
        }
        return rids;
    }

    private static long nextBlock(Connection connection) throws SQLException {
        // nextval is not transactional: a rollback of the caller's transaction keeps the block taken
        try (PreparedStatement statement = connection.prepareStatement("SELECT nextval('resource_rid')");
             ResultSet rows = statement.executeQuery()) {
            rows.next();
            return rows.getLong(1);
        }
    }
}
