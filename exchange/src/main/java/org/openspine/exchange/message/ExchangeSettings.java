package org.openspine.exchange.message;

import java.time.Duration;

/**
 * How long messages live and how big they may be.
 *
 * @param unacknowledgedExpiry how long a message waits in an inbox before it expires and the sender gets a
 *                             non-delivery report (MESH: 5 days)
 * @param retention            how long after it was sent a message, in any state, is kept (MESH: 30 days)
 * @param maxChunkBytes        the largest chunk (MESH: 100 MB a request)
 */
public record ExchangeSettings(Duration unacknowledgedExpiry, Duration retention, long maxChunkBytes) {

    /** MESH's own: 5 days to acknowledge, 30 days kept, 100 MB chunks. */
    public static final ExchangeSettings MESH = new ExchangeSettings(Duration.ofDays(5), Duration.ofDays(30), 100_000_000L);

    public ExchangeSettings {
        if (unacknowledgedExpiry.isNegative() || unacknowledgedExpiry.isZero()) {
            throw new IllegalArgumentException("the unacknowledged expiry must be positive, was " + unacknowledgedExpiry);
        }
        if (retention.compareTo(unacknowledgedExpiry) <= 0) {
            throw new IllegalArgumentException("messages must be kept (" + retention + ") longer than they wait for "
                    + "acknowledgement (" + unacknowledgedExpiry + ")");
        }
        if (maxChunkBytes < 1024) {
            throw new IllegalArgumentException("the largest chunk must be at least 1024 bytes, was " + maxChunkBytes);
        }
    }
}
