package org.openspine.bench;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Drives one scenario with a fixed number of client threads in a closed loop (each sends its next request as
 * soon as the last one completes): first a warm-up whose results are dropped, then the measured period, which
 * ends after a duration or after a number of requests.
 *
 * <p>Each client owns one {@link HttpConnection} and tallies its own results, merged when all have stopped, so
 * the hot path shares nothing but the optional request budget. A request counts in the period in which it
 * started. Timing uses {@link System#nanoTime()}: latencies need a monotonic clock, not wall-clock time.
 * A client also stops when its worker has no more work ({@link Scenario.Worker#prepareNext}), which is how a
 * scenario with a fixed amount of work (the load) runs to its end under {@link #untilDone}.
 */
final class ScenarioRunner {

    /** Pause after a network failure, so a dead server does not turn the clients into a busy loop. */
    private static final long FAILURE_PAUSE_MILLIS = 20;

    private final Endpoint endpoint;
    private final int clients;
    private final long warmupNanos;
    private final long durationNanos;
    private final long requestBudget;
    private final int timeoutMillis;

    /**
     * @param requestBudget measured operations per scenario; 0 to measure for {@code duration} instead
     */
    ScenarioRunner(Endpoint endpoint, int clients, long warmupSeconds, long durationSeconds, long requestBudget,
                   int timeoutMillis) {
        this.endpoint = endpoint;
        this.clients = clients;
        this.warmupNanos = TimeUnit.SECONDS.toNanos(warmupSeconds);
        this.durationNanos = TimeUnit.SECONDS.toNanos(durationSeconds);
        this.requestBudget = requestBudget;
        this.timeoutMillis = timeoutMillis;
    }

    /** @return a runner that measures everything, with no warm-up, until the scenario's workers run out of work */
    static ScenarioRunner untilDone(Endpoint endpoint, int clients, int timeoutMillis) {
        // An unreachable request budget: the run has no deadline and ends when the last client stops.
        return new ScenarioRunner(endpoint, clients, 0, 0, Long.MAX_VALUE, timeoutMillis);
    }

    /**
     * Runs {@code scenario} to completion. Blocks for the warm-up plus the measured period (plus the slowest
     * in-flight request).
     *
     * @return the measurements, or why the scenario could not be prepared
     * @throws InterruptedException when interrupted while waiting for the clients
     */
    ScenarioReport run(Scenario scenario) throws InterruptedException {
        try (HttpConnection http = new HttpConnection(endpoint, timeoutMillis)) {
            scenario.prepare(http);
        } catch (IOException e) {
            return new ScenarioReport.NotRun(scenario.name(), "setup failed: " + e.getMessage());
        }
        CountDownLatch ready = new CountDownLatch(clients);
        CountDownLatch go = new CountDownLatch(1);
        long[] phase = new long[2]; // measured-period start and deadline, written before go opens
        AtomicLong budget = new AtomicLong(requestBudget > 0 ? requestBudget : Long.MAX_VALUE);
        List<Tally> tallies = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            Tally tally = new Tally();
            tallies.add(tally);
            Scenario.Worker worker = scenario.worker(c, clients);
            threads.add(Thread.ofPlatform().name("bench-" + scenario.name() + "-" + c).start(() -> {
                ready.countDown();
                try {
                    go.await();
                    drive(worker, tally, phase[0], phase[1], budget);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }));
        }
        ready.await();
        long start = System.nanoTime();
        phase[0] = start + warmupNanos;
        phase[1] = requestBudget > 0 ? Long.MAX_VALUE : phase[0] + durationNanos;
        go.countDown(); // the latch publishes phase[] to the clients
        for (Thread thread : threads) {
            thread.join();
        }
        return merge(scenario, tallies, phase[0]);
    }

    private void drive(Scenario.Worker worker, Tally tally, long measureFrom, long deadline, AtomicLong budget)
            throws InterruptedException {
        try (HttpConnection http = new HttpConnection(endpoint, timeoutMillis)) {
            while (true) {
                if (!worker.prepareNext()) {
                    return;
                }
                long begin = System.nanoTime();
                if (deadline != Long.MAX_VALUE && begin - deadline >= 0) {
                    return;
                }
                boolean measured = begin - measureFrom >= 0;
                if (measured && budget.getAndDecrement() <= 0) {
                    return;
                }
                Outcome outcome;
                boolean networkFailure = false;
                try {
                    outcome = worker.call(http);
                } catch (IOException e) {
                    outcome = new Outcome.Failure(e.getClass().getSimpleName());
                    networkFailure = true;
                } catch (RuntimeException e) {
                    // Counted rather than thrown: one odd response must not end the run or hide the count.
                    outcome = new Outcome.Failure(e.getClass().getSimpleName());
                }
                long end = System.nanoTime();
                if (measured) {
                    tally.record(outcome, end - begin, end);
                }
                if (networkFailure) {
                    Thread.sleep(FAILURE_PAUSE_MILLIS);
                }
            }
        }
    }

    private static ScenarioReport merge(Scenario scenario, List<Tally> tallies, long measureFrom) {
        LatencyHistogram latency = new LatencyHistogram();
        Map<String, Long> reasons = new TreeMap<>();
        long requests = 0;
        long errors = 0;
        long resources = 0;
        long lastEnd = measureFrom;
        for (Tally tally : tallies) {
            latency.add(tally.latency);
            tally.reasons.forEach((reason, n) -> reasons.merge(reason, n, Long::sum));
            requests += tally.requests;
            errors += tally.errors;
            resources += tally.resources;
            lastEnd = Math.max(lastEnd, tally.lastEnd);
        }
        double seconds = (lastEnd - measureFrom) / 1e9;
        return new ScenarioReport.Ran(scenario.name(), requests, errors, resources, seconds, latency, reasons,
                scenario.countsResources(), scenario.notes());
    }

    /** One client's results; written by its thread only, read after that thread has been joined. */
    private static final class Tally {
        private final LatencyHistogram latency = new LatencyHistogram();
        private final Map<String, Long> reasons = new TreeMap<>();
        private long requests;
        private long errors;
        private long resources;
        private long lastEnd = Long.MIN_VALUE;

        void record(Outcome outcome, long nanos, long end) {
            requests++;
            lastEnd = end;
            switch (outcome) {
                case Outcome.Success success -> {
                    latency.recordNanos(nanos);
                    resources += success.resources();
                }
                case Outcome.Failure failure -> {
                    errors++;
                    reasons.merge(failure.reason(), 1L, Long::sum);
                }
            }
        }
    }
}
