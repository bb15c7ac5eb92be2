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

    /**
     * @return {@code count} fresh rids; takes new blocks on {@code connection} when the current one
     *         runs out, outside the lock, so one slow round trip never stalls every writer
     */
    long[] take(Connection connection, int count) throws SQLException {
        long[] rids = new long[count];
        int filled = fromCurrent(rids, 0);
        while (filled < count) {
            long start = nextBlock(connection);
            long stop = start + BLOCK;
            while (filled < count && start < stop) {
                rids[filled++] = start++;
            }
            offer(start, stop); // the rest of this block serves later writers
        }
        return rids;
    }

    private synchronized int fromCurrent(long[] rids, int filled) {
        while (filled < rids.length && next < end) {
            rids[filled++] = next++;
        }
        return filled;
    }

    private synchronized void offer(long start, long stop) {
        if (stop - start > end - next) {
            next = start;
            end = stop;
        }
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
