package org.openspine.platform.http;

import io.javalin.http.Context;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.openspine.platform.error.Issue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Per-client rate limiting: a token bucket per {@link ClientKey}, answering 429 with
 * {@code Retry-After} and an OperationOutcome ({@code throttled}) when a client's bucket is empty.
 *
 * <p>Each bucket is one {@link AtomicLong} holding its "theoretical arrival time" (the generic cell
 * rate algorithm, equivalent to a token bucket): a request is allowed while that time is at most
 * the burst tolerance ahead of now, and moves it on by one emission interval. So the hot path is a
 * map lookup and a compare-and-set, with no lock shared between clients.
 *
 * <p>Memory is bounded twice. A bucket whose arrival time has passed is full, indistinguishable from
 * a new one, so a sweep (at most every {@link #SWEEP_NANOS}, run by whichever request claims it)
 * removes it. And at most {@code maxClients} buckets exist: past that, new clients go unlimited
 * (and a warning is logged) rather than being refused, because refusing would let whoever fills
 * the table lock everyone else out. A request racing the sweep may spend a token in a bucket just
 * removed, giving that client one request extra: harmless.
 *
 * <p>Thread-safe.
 */
final class RateLimiter {

    /** Buckets a server tracks at most: about 100 bytes each. */
    static final int MAX_CLIENTS = 100_000;
    private static final long SWEEP_NANOS = TimeUnit.SECONDS.toNanos(5);
    private static final Logger LOG = LoggerFactory.getLogger(RateLimiter.class);

    private final RateLimit limit;
    private final String counted;
    private final ClientKey key;
    private final Set<String> exempt;
    private final LongSupplier nanoTime;
    private final int maxClients;
    private final long interval;
    private final long tolerance;
    private final ConcurrentHashMap<String, AtomicLong> buckets = new ConcurrentHashMap<>();
    private final AtomicLong nextSweep;

    /**
     * @param exempt     paths never limited (health checks, which load balancers poll)
     * @param nanoTime   a monotonic clock in nanoseconds ({@link System#nanoTime} outside tests):
     *                   wall-clock time could jump and refill or drain every bucket at once
     * @param maxClients buckets tracked at most
     */
    RateLimiter(RateLimit limit, ClientKey key, Set<String> exempt, LongSupplier nanoTime, int maxClients) {
        this(limit, "requests from this client", key, exempt, nanoTime, maxClients);
    }

    /** @param counted what a bucket counts, for the 429's text ("requests from this client") */
    RateLimiter(RateLimit limit, String counted, ClientKey key, Set<String> exempt, LongSupplier nanoTime, int maxClients) {
        this.limit = limit;
        this.counted = counted;
        this.key = key;
        this.exempt = Set.copyOf(exempt);
        this.nanoTime = nanoTime;
        this.maxClients = maxClients;
        this.interval = TimeUnit.SECONDS.toNanos(1) / limit.perSecond();
        this.tolerance = (limit.burst() - 1) * interval;
        this.nextSweep = new AtomicLong(nanoTime.getAsLong() + SWEEP_NANOS);
    }

    /**
     * A before-handler: lets the request on, or answers 429 and skips every later handler.
     *
     * @return whether it answered 429
     */
    boolean handle(Context ctx) {
        if (exempt.contains(ctx.path())) {
            return false;
        }
        long wait = take(key.of(ctx));
        if (wait > 0) {
            long seconds = Math.max(1, (wait + TimeUnit.SECONDS.toNanos(1) - 1) / TimeUnit.SECONDS.toNanos(1));
            ctx.header("Retry-After", Long.toString(seconds));
            OutcomeMapper.respond(ctx, 429, List.of(Issue.error("throttled", "too many " + counted + " (limit "
                    + limit.perSecond() + " a second); retry after " + seconds + " s")));
            ctx.skipRemainingHandlers();
            return true;
        }
        return false;
    }

    /** @return 0 when {@code client} may make a request now (and it is counted), else the nanoseconds until it may */
    long take(String client) {
        long now = nanoTime.getAsLong();
        if (now - nextSweep.get() >= 0) {
            sweep(now);
        }
        AtomicLong bucket = buckets.get(client);
        if (bucket == null) {
            if (buckets.size() >= maxClients) {
                return 0;
            }
            bucket = buckets.computeIfAbsent(client, k -> new AtomicLong(now));
        }
        while (true) {
            long arrival = bucket.get();
            long start = arrival - now > 0 ? arrival : now; // not Math.max: nanoTime values may wrap
            if (start - now > tolerance) {
                return start - now - tolerance;
            }
            if (bucket.compareAndSet(arrival, start + interval)) {
                return 0;
            }
        }
    }

    /** @return the buckets held now */
    int clients() {
        return buckets.size();
    }

    private void sweep(long now) {
        long due = nextSweep.get();
        if (now - due < 0 || !nextSweep.compareAndSet(due, now + SWEEP_NANOS)) {
            return; // another request is sweeping
        }
        buckets.entrySet().removeIf(entry -> entry.getValue().get() - now <= 0);
        int left = buckets.size();
        if (left >= maxClients) {
            LOG.warn("rate limiter tracks {} clients, its maximum: clients beyond it go unlimited until others idle",
                    left);
        }
    }
}
