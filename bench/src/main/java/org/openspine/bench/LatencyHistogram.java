package org.openspine.bench;

import java.util.concurrent.TimeUnit;

/**
 * Latencies in fixed log-linear buckets, in the manner of HdrHistogram: exact below 128 µs, then 64 buckets per
 * power of two, so a reported percentile is at most 1/64 (about 1.6%) above the true value. Values are kept in
 * microseconds up to one hour; anything slower is counted as one hour, though {@link #maxMicros()} stays exact.
 *
 * <p>Recording is a few arithmetic operations and one array increment, with no allocation. Not thread-safe:
 * each client thread records into its own histogram and the runner {@link #add merges} them afterwards.
 */
final class LatencyHistogram {

    private static final int SUB_BITS = 6;
    private static final int SUB_BUCKETS = 1 << SUB_BITS;
    private static final int EXACT = 2 * SUB_BUCKETS;
    private static final long CEILING_MICROS = TimeUnit.HOURS.toMicros(1);

    private final long[] counts = new long[index(CEILING_MICROS) + 1];
    private long count;
    private long maxMicros;

    /** Records one latency; negative durations (a clock oddity) count as zero. */
    void recordNanos(long nanos) {
        long micros = Math.max(0, (nanos + 500) / 1000);
        maxMicros = Math.max(maxMicros, micros);
        counts[index(Math.min(micros, CEILING_MICROS))]++;
        count++;
    }

    /** Adds every value recorded in {@code other} to this histogram. */
    void add(LatencyHistogram other) {
        for (int i = 0; i < counts.length; i++) {
            counts[i] += other.counts[i];
        }
        count += other.count;
        maxMicros = Math.max(maxMicros, other.maxMicros);
    }

    long count() {
        return count;
    }

    long maxMicros() {
        return maxMicros;
    }

    /**
     * @param percentile in (0, 100]
     * @return the nearest-rank percentile in microseconds: the top of the bucket holding the value ranked
     *     {@code ceil(percentile% * count)}, never above the exact maximum; 0 when nothing was recorded
     */
    long percentileMicros(double percentile) {
        if (percentile <= 0 || percentile > 100) {
            throw new IllegalArgumentException("bench: percentile must be in (0, 100], was " + percentile);
        }
        if (count == 0) {
            return 0;
        }
        long rank = Math.max(1, (long) Math.ceil(percentile / 100 * count));
        long seen = 0;
        for (int i = 0; i < counts.length; i++) {
            seen += counts[i];
            if (seen >= rank) {
                return Math.min(highestIn(i), maxMicros);
            }
        }
        return maxMicros;
    }

    static int index(long micros) {
        if (micros < EXACT) {
            return (int) micros;
        }
        int shift = 63 - Long.numberOfLeadingZeros(micros) - SUB_BITS;
        int sub = (int) (micros >>> shift); // in [SUB_BUCKETS, 2 * SUB_BUCKETS)
        return EXACT + (shift - 1) * SUB_BUCKETS + (sub - SUB_BUCKETS);
    }

    /** @return the largest value that falls in bucket {@code index} */
    static long highestIn(int index) {
        if (index < EXACT) {
            return index;
        }
        int shift = (index - EXACT) / SUB_BUCKETS + 1;
        long sub = (index - EXACT) % SUB_BUCKETS + SUB_BUCKETS;
        return ((sub + 1) << shift) - 1;
    }
}
