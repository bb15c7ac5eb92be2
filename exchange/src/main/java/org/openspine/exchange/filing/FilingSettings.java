package org.openspine.exchange.filing;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * How auto-filing treats letters.
 *
 * @param delayedAfter a letter whose document is dated more than this before it arrived is <em>delayed</em>: filed
 *                     with its original date, marked delayed, and summarised for the practice in one task per patient
 *                     instead of one task per letter
 * @param burst        a release: at least this many clinical letters waiting in one practice mailbox...
 * @param settle       ...the latest of which arrived less than this ago. Filing leaves such a mailbox until the release
 *                     settles, so that each patient's letters of the release are filed together, in the order of their
 *                     own dates
 * @param maxHold      ...but never holds a letter longer than this after it arrived, so a mailbox that never goes
 *                     quiet is still filed
 * @param maxBytes     the largest payload filed; a larger one stays in the inbox for the practice's MESH client
 * @param retryAfter   how long a letter whose filing failed for a reason other than its content waits before it is
 *                     tried again; doubled on each further failure, up to an hour
 */
public record FilingSettings(Duration delayedAfter, int burst, Duration settle, Duration maxHold, long maxBytes,
                             Duration retryAfter) {

    /** Seven days to count as delayed; releases of 20 letters settle after 5 seconds, held 2 minutes at most; 10 MiB; retry after a minute. */
    public static final FilingSettings DEFAULTS = new FilingSettings(Duration.ofDays(7), 20, Duration.ofSeconds(5),
            Duration.ofMinutes(2), 10L << 20, Duration.ofMinutes(1));

    /** The longest wait between two attempts at a letter whose filing keeps failing. */
    static final Duration MAX_RETRY_AFTER = Duration.ofHours(1);

    /** @throws IllegalArgumentException naming the setting that is out of range */
    public FilingSettings {
        positive(delayedAfter, "delayedAfter");
        if (burst < 2) {
            throw new IllegalArgumentException("burst must be at least 2 letters, was " + burst);
        }
        Objects.requireNonNull(settle, "settle");
        if (settle.isNegative()) {
            throw new IllegalArgumentException("settle must not be negative, was " + settle);
        }
        positive(maxHold, "maxHold");
        if (maxBytes < 1024) {
            throw new IllegalArgumentException("maxBytes must be at least 1024, was " + maxBytes);
        }
        positive(retryAfter, "retryAfter");
    }

    /** @return whether a letter whose document is dated {@code date} (if it says) and that arrived at {@code received} is delayed */
    boolean delayed(Optional<Instant> date, Instant received) {
        return date.filter(d -> d.isBefore(received.minus(delayedAfter))).isPresent();
    }

    /** @return these settings with releases filed as soon as they arrive (no settling), for tests and benchmarks */
    public FilingSettings withoutSettling() {
        return new FilingSettings(delayedAfter, burst, Duration.ZERO, maxHold, maxBytes, retryAfter);
    }

    private static void positive(Duration value, String name) {
        Objects.requireNonNull(value, name);
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(name + " must be positive, was " + value);
        }
    }
}
