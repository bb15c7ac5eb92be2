package org.openspine.platform.http;

/**
 * How many requests each client may make: a token bucket holding {@code burst} requests, refilled
 * at {@code perSecond}. A client that finds it empty gets 429 with {@code Retry-After}.
 *
 * @param perSecond sustained requests per second per client, 1..1,000,000
 * @param burst     requests a client may make at once after being idle, 1..1,000,000
 */
public record RateLimit(int perSecond, int burst) {

    /**
     * The default: 10,000 a second with a burst of 20,000. A backstop against a runaway client, not a
     * quota: well above what one client of the benchmark harness (16 connections, about 6,000
     * requests a second on two cores) sends, so measurements are never throttled.
     */
    public static final RateLimit DEFAULT = new RateLimit(10_000, 20_000);

    private static final int MAX = 1_000_000;

    public RateLimit {
        if (perSecond < 1 || perSecond > MAX) {
            throw new IllegalArgumentException("rate limit must be 1.." + MAX + " requests a second, was " + perSecond);
        }
        if (burst < 1 || burst > MAX) {
            throw new IllegalArgumentException("rate burst must be 1.." + MAX + " requests, was " + burst);
        }
    }

    /** @return {@code perSecond} with a burst of two seconds' worth */
    public static RateLimit perSecond(int perSecond) {
        return new RateLimit(perSecond, (int) Math.min(MAX, 2L * perSecond));
    }
}
