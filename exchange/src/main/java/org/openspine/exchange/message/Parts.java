package org.openspine.exchange.message;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;

/**
 * A message's payload in the database: each chunk in parts of at most {@link #PART_BYTES}, so neither
 * storing nor reading a chunk holds more than one part in memory. PostgreSQL compresses each part.
 */
final class Parts {

    /** The largest part: big enough that a 10 kB letter is one row, small enough to stream 100 MB chunks. */
    static final int PART_BYTES = 1 << 20;

    private Parts() {
    }

    /**
     * Stores a chunk read from {@code body}, replacing the chunk if it was stored before (a retried upload) when
     * {@code replace}.
     *
     * @return the chunk's size in bytes
     * @throws Refusal {@link Refusal.Reason#CHUNK_TOO_LARGE} when the body is longer than {@code maxBytes}
     */
    static long store(Connection connection, String messageId, int chunkNo, InputStream body, long maxBytes,
            boolean replace) throws SQLException {
        if (replace) {
            clear(connection, messageId, chunkNo);
        }
        long size = 0;
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO mesh_part (message_id, chunk_no, part_no, data) VALUES (?, ?, ?, ?)")) {
            for (int partNo = 0; ; partNo++) {
                byte[] data = readPart(body);
                int length = data.length;
                if (length == 0 && partNo > 0) {
                    break;
                }
                size += length;
                if (size > maxBytes) {
                    throw new Refusal(Refusal.Reason.CHUNK_TOO_LARGE, "a chunk may be at most " + maxBytes + " bytes");
                }
                insert.setString(1, messageId);
                insert.setInt(2, chunkNo);
                insert.setInt(3, partNo);
                insert.setBytes(4, data);
                insert.executeUpdate();
                if (length < PART_BYTES) {
                    break;
                }
            }
        }
        return size;
    }

    /**
     * @return the next part's bytes from {@code body}: as many as come, up to {@link #PART_BYTES} (a 10 kB
     *         letter costs 10 kB, not a part-sized buffer); fewer only at its end
     */
    static byte[] readPart(InputStream body) {
        try {
            return body.readNBytes(PART_BYTES);
        } catch (IOException e) {
            throw new UncheckedIOException("reading a message's body", e);
        }
    }

    private static void clear(Connection connection, String messageId, int chunkNo) throws SQLException {
        try (PreparedStatement clear = connection.prepareStatement(
                "DELETE FROM mesh_part WHERE message_id = ? AND chunk_no = ?")) {
            clear.setString(1, messageId);
            clear.setInt(2, chunkNo);
            clear.executeUpdate();
        }
    }

    /** @return the part's bytes */
    static Optional<byte[]> read(Connection connection, String messageId, int chunkNo, int partNo) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT data FROM mesh_part WHERE message_id = ? AND chunk_no = ? AND part_no = ?")) {
            select.setString(1, messageId);
            select.setInt(2, chunkNo);
            select.setInt(3, partNo);
            try (ResultSet rows = select.executeQuery()) {
                return rows.next() ? Optional.of(rows.getBytes(1)) : Optional.empty();
            }
        }
    }

    /** @return how many of the message's chunks are stored */
    static int chunksStored(Connection connection, String messageId) throws SQLException {
        return (int) MessageRows.count(connection, "SELECT count(DISTINCT chunk_no) FROM mesh_part WHERE message_id = ?",
                messageId);
    }

    /** Feeds the whole payload, chunk by chunk and part by part, through {@code digest}. */
    static void digest(Connection connection, String messageId, MessageDigest digest) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT data FROM mesh_part WHERE message_id = ? ORDER BY chunk_no, part_no")) {
            select.setString(1, messageId);
            select.setFetchSize(1); // one part in memory at a time (needs the transaction the caller holds)
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    digest.update(rows.getBytes(1));
                }
            }
        }
    }
}
