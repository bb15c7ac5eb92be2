package org.openspine.platform.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RateLimiterTest {

    private static final long SECOND = TimeUnit.SECONDS.toNanos(1);

    /** Starts near the top of the range, so the limiter must compare times by difference, not by value. */
    private final AtomicLong now = new AtomicLong(Long.MAX_VALUE - 5 * SECOND);

    private RateLimiter limiter(RateLimit limit, int maxClients) {
        return new RateLimiter(limit, ctx -> "unused", Set.of(), now::get, maxClients);
    }

    @Test
    void anIdleClientMayMakeItsBurstAtOnceAndThenWaitsOneInterval() {
        RateLimiter limiter = limiter(new RateLimit(10, 3), 100);

        assertThat(limiter.take("a")).isZero();
        assertThat(limiter.take("a")).isZero();
        assertThat(limiter.take("a")).isZero();
        assertThat(limiter.take("a")).isEqualTo(SECOND / 10);
    }

    @Test
    void tokensRefillAtTheSustainedRate() {
        RateLimiter limiter = limiter(new RateLimit(10, 2), 100);
        limiter.take("a");
        limiter.take("a");

        now.addAndGet(SECOND / 10);
        assertThat(limiter.take("a")).isZero();
        assertThat(limiter.take("a")).isEqualTo(SECOND / 10);

        now.addAndGet(SECOND);
        assertThat(limiter.take("a")).isZero();
        assertThat(limiter.take("a")).isZero();
        assertThat(limiter.take("a")).isPositive();
    }

    @Test
    void aRefusedRequestSpendsNothing() {
        RateLimiter limiter = limiter(new RateLimit(1, 1), 100);
        limiter.take("a");
        for (int i = 0; i < 100; i++) {
            limiter.take("a");
        }

        now.addAndGet(SECOND);
        assertThat(limiter.take("a")).isZero();
    }

    @Test
    void clientsRacingForOneBucketNeverSpendMoreThanItHolds() throws InterruptedException {
        RateLimiter limiter = limiter(new RateLimit(1, 1_000), 100);
        AtomicInteger allowed = new AtomicInteger();
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
            threads.add(Thread.ofPlatform().start(() -> {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
                for (int i = 0; i < 500; i++) {
                    if (limiter.take("shared") == 0) {
                        allowed.incrementAndGet();
                    }
                }
            }));
        }
        go.countDown();
        for (Thread thread : threads) {
            thread.join();
        }

        assertThat(allowed).hasValue(1_000);
    }

    @Test
    void eachClientHasItsOwnBucket() {
        RateLimiter limiter = limiter(new RateLimit(1, 1), 100);

        assertThat(limiter.take("a")).isZero();
        assertThat(limiter.take("a")).isPositive();
        assertThat(limiter.take("b")).isZero();
    }

    @Test
    void bucketsThatHaveRefilledAreEvictedBySweeping() {
        RateLimiter limiter = limiter(new RateLimit(10, 5), 100);
        for (int i = 0; i < 50; i++) {
            limiter.take("client-" + i);
        }
        assertThat(limiter.clients()).isEqualTo(50);

        now.addAndGet(10 * SECOND);
        limiter.take("late");

        assertThat(limiter.clients()).isEqualTo(1);
    }

    @Test
    void aBucketStillRefillingSurvivesTheSweep() {
        RateLimiter limiter = limiter(new RateLimit(1, 20), 100);
        for (int i = 0; i < 20; i++) {
            limiter.take("busy");
        }

        now.addAndGet(10 * SECOND);
        limiter.take("other");

        assertThat(limiter.clients()).isEqualTo(2);
        assertThat(limiter.take("busy")).isZero(); // ten of its twenty refilled
    }

    @Test
    void pastTheMaximumNewClientsGoUnlimitedWhileTrackedOnesStayLimited() {
        RateLimiter limiter = limiter(new RateLimit(1, 1), 2);
        limiter.take("a");
        limiter.take("b");

        for (int i = 0; i < 5; i++) {
            assertThat(limiter.take("c")).isZero();
        }
        assertThat(limiter.take("a")).isPositive();
        assertThat(limiter.clients()).isEqualTo(2);
    }
}
