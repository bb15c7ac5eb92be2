package org.openspine.exchange.mesh;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A {@code mex-Chunk-Range}: chunk {@code chunk} of {@code total}, both from 1.
 *
 * @param chunk this chunk's number
 * @param total how many chunks the message has
 */
record ChunkRange(int chunk, int total) {

    /** The most chunks a message may have. */
    static final int MAX_CHUNKS = 100_000;
    private static final Pattern RANGE = Pattern.compile("\\s*(\\d{1,6})\\s*:\\s*(\\d{1,6})\\s*");

    /** @return the range, or empty unless it is {@code k:n} with {@code 1 <= k <= n <= MAX_CHUNKS} */
    static Optional<ChunkRange> parse(String header) {
        Matcher range = RANGE.matcher(header);
        if (!range.matches()) {
            return Optional.empty();
        }
        int chunk = Integer.parseInt(range.group(1));
        int total = Integer.parseInt(range.group(2));
        return chunk >= 1 && chunk <= total && total <= MAX_CHUNKS ? Optional.of(new ChunkRange(chunk, total))
                : Optional.empty();
    }

    @Override
    public String toString() {
        return chunk + ":" + total;
    }
}
