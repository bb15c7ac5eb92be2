package org.openspine.exchange.mesh;

import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;

/**
 * A chunk's parts as one stream, each part read from the database when the one before is used up, so a
 * download holds one part in memory and no connection between parts (a slow client holds none).
 */
final class PartStream extends InputStream {

    private final int parts;
    private final PartSource source;
    private byte[] current;
    private int position;
    private int next;

    /**
     * @param first the first part, when already read
     * @param parts how many parts the chunk has
     */
    PartStream(Optional<byte[]> first, int parts, PartSource source) {
        this.parts = parts;
        this.source = source;
        this.current = first.orElse(new byte[0]);
        this.next = first.isPresent() ? 1 : 0;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        if (length == 0) {
            return 0;
        }
        while (position == current.length) {
            if (next >= parts) {
                return -1;
            }
            int partNo = next++;
            current = source.part(partNo).orElseThrow(() -> new IOException("part " + partNo
                    + " of the chunk is gone: the message was purged during the download"));
            position = 0;
        }
        int count = Math.min(length, current.length - position);
        System.arraycopy(current, position, buffer, offset, count);
        position += count;
        return count;
    }

    /** Reads part {@code partNo} of the chunk. */
    @FunctionalInterface
    interface PartSource {
        Optional<byte[]> part(int partNo);
    }
}
