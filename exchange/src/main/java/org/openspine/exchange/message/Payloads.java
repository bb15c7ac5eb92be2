package org.openspine.exchange.message;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Objects;
import java.util.Optional;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * A message's payload read whole, as its recipient will have it: each chunk sent gzip-encoded
 * ({@link Envelope#gzipped}) decoded on its own, the chunks joined, and a payload the sender compressed
 * ({@link Envelope#compressed}, MESH's {@code mex-Content-Compressed}) uncompressed when it is gzip. For
 * checking content (message assurance, filing), never for download, which streams.
 *
 * <p>At most {@code maxBytes} are ever held, however the payload is compressed: a small gzip bomb is
 * {@link Payload.TooLarge}, not an exhausted heap. Reads the stored parts one at a time in the caller's
 * transaction (which must not be in autocommit mode).
 */
public final class Payloads {

    private static final int GZIP_MAGIC_1 = 0x1f;
    private static final int GZIP_MAGIC_2 = 0x8b;

    private Payloads() {
    }

    /**
     * @param maxBytes the most bytes of decoded payload to hold
     * @return the payload; {@link Payload.TooLarge} past {@code maxBytes}; {@link Payload.Unreadable} when a
     *         part said to be gzip is not
     */
    public static Payload read(Connection connection, Message message, long maxBytes) throws SQLException {
        Envelope envelope = message.envelope();
        Bounded joined = new Bounded(maxBytes);
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT chunk_no, data FROM mesh_part WHERE message_id = ? ORDER BY chunk_no, part_no")) {
            select.setString(1, message.id());
            select.setFetchSize(1); // one part in memory at a time besides what is kept
            try (ResultSet rows = select.executeQuery()) {
                ChunkStream chunk = new ChunkStream(rows);
                while (chunk.next()) {
                    try (InputStream decoded = envelope.gzipped() ? new GZIPInputStream(chunk) : chunk) {
                        decoded.transferTo(joined);
                    }
                }
            }
            return uncompressed(joined.toByteArray(), envelope.compressed(), maxBytes);
        } catch (IOException e) {
            return unreadable(e).orElseThrow(() -> new UncheckedIOException(
                    "reading the payload of message " + message.id(), e));
        } catch (Bounded.Exceeded e) {
            return new Payload.TooLarge(maxBytes);
        } catch (ChunkStream.RowFailure e) {
            throw e.getCause();
        }
    }

    /**
     * Decodes a payload already read as stored, every chunk's parts joined in order (as auto-filing reads many at
     * once): the same result as {@link #read}, since the chunks of a gzip-encoded message joined are one gzip
     * stream of several members. Pure.
     *
     * @param gzipped    each chunk was sent gzip-encoded ({@link Envelope#gzipped})
     * @param compressed the sender compressed the content ({@link Envelope#compressed})
     * @param maxBytes   the most bytes of decoded payload to hold
     */
    public static Payload decode(byte[] stored, boolean gzipped, boolean compressed, long maxBytes) {
        try {
            if (!gzipped) {
                if (stored.length > maxBytes) {
                    return new Payload.TooLarge(maxBytes);
                }
                return uncompressed(stored, compressed, maxBytes);
            }
            return uncompressed(gunzip(stored, maxBytes), compressed, maxBytes);
        } catch (IOException e) {
            return unreadable(e).orElseThrow(() -> new UncheckedIOException("decoding a payload in memory", e));
        } catch (Bounded.Exceeded e) {
            return new Payload.TooLarge(maxBytes);
        }
    }

    /** @return the payload, gunzipped when the sender compressed it and it is gzip */
    private static Payload uncompressed(byte[] payload, boolean compressed, long maxBytes) throws IOException {
        return new Payload.Content(compressed && isGzip(payload) ? gunzip(payload, maxBytes) : payload);
    }

    private static byte[] gunzip(byte[] gzip, long maxBytes) throws IOException {
        Bounded out = new Bounded(maxBytes);
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(gzip))) {
            in.transferTo(out);
        }
        return out.toByteArray();
    }

    /** @return what a failure to decode says of the payload; empty for a failure that is not the payload's */
    private static Optional<Payload> unreadable(IOException failure) {
        return switch (failure) {
            case ZipException e -> Optional.of(new Payload.Unreadable(
                    "the payload is marked gzip-compressed but is not valid gzip"));
            case EOFException e -> Optional.of(new Payload.Unreadable(
                    "the payload is marked gzip-compressed but its gzip data is cut short"));
            default -> Optional.empty();
        };
    }

    private static boolean isGzip(byte[] payload) {
        return payload.length > 2 && (payload[0] & 0xff) == GZIP_MAGIC_1 && (payload[1] & 0xff) == GZIP_MAGIC_2;
    }

    /** A payload as read. */
    public sealed interface Payload {

        /** The whole payload, decoded. */
        record Content(byte[] bytes) implements Payload {
            public Content {
                Objects.requireNonNull(bytes, "bytes");
            }
        }

        /** Longer than the limit once decoded. */
        record TooLarge(long limit) implements Payload {
        }

        /** Its encoding is broken; {@code problem} says how (never content). */
        record Unreadable(String problem) implements Payload {
            public Unreadable {
                Objects.requireNonNull(problem, "problem");
            }
        }
    }

    /** A byte sink that refuses to grow past its limit. */
    private static final class Bounded extends ByteArrayOutputStream {
        private final long limit;

        Bounded(long limit) {
            this.limit = limit;
        }

        @Override
        public void write(int b) {
            ensure(1);
            super.write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) {
            ensure(len);
            super.write(b, off, len);
        }

        private void ensure(int more) {
            if (count + (long) more > limit) {
                throw new Exceeded();
            }
        }

        /** Thrown through the decoding streams, which know nothing of limits. */
        static final class Exceeded extends RuntimeException {
            Exceeded() {
                super("payload limit exceeded", null, false, false);
            }
        }
    }

    /**
     * The parts of one chunk after another as streams: {@link #next} moves to the next chunk, and reading
     * ends at the chunk's last part, so that each chunk can be gzip-decoded on its own.
     */
    private static final class ChunkStream extends InputStream {
        private final ResultSet rows;
        private boolean pending;      // the row under the cursor is not yet read
        private boolean exhausted;
        private int chunkNo = -1;
        private byte[] part = new byte[0];
        private int position;

        ChunkStream(ResultSet rows) {
            this.rows = rows;
        }

        /** @return whether another chunk follows; reading now reads it */
        boolean next() {
            while (!exhausted) { // skip whatever a reader left unread of the chunk before
                if (!pending) {
                    advance();
                }
                if (exhausted || row("chunk_no") != chunkNo) {
                    break;
                }
                pending = false;
            }
            if (exhausted) {
                return false;
            }
            chunkNo = row("chunk_no");
            part = new byte[0];
            position = 0;
            return true;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) {
            while (position == part.length) {
                if (!pending) {
                    advance();
                }
                if (exhausted || row("chunk_no") != chunkNo) {
                    return -1;
                }
                part = bytes();
                position = 0;
                pending = false;
            }
            int n = Math.min(length, part.length - position);
            System.arraycopy(part, position, buffer, offset, n);
            position += n;
            return n;
        }

        @Override
        public void close() {
            // the result set belongs to the reader of all chunks
        }

        private void advance() {
            try {
                pending = rows.next();
                exhausted = !pending;
            } catch (SQLException e) {
                throw new RowFailure(e);
            }
        }

        private int row(String column) {
            try {
                return rows.getInt(column);
            } catch (SQLException e) {
                throw new RowFailure(e);
            }
        }

        private byte[] bytes() {
            try {
                return rows.getBytes("data");
            } catch (SQLException e) {
                throw new RowFailure(e);
            }
        }

        /** A database failure carried out of the stream, rethrown as itself by {@link Payloads#read}. */
        static final class RowFailure extends RuntimeException {
            RowFailure(SQLException cause) {
                super(cause);
            }

            @Override
            public synchronized SQLException getCause() {
                return (SQLException) super.getCause();
            }
        }
    }
}
