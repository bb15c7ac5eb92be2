package org.openspine.exchange.lifecycle;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The exchange's background work, each job run on one thread at its own interval: expiring unacknowledged
 * messages with their non-delivery reports, purging old ones, forgetting old nonces, filing letters, watching
 * deliveries. Every node runs them; each job claims its rows with {@code SKIP LOCKED}, so running on several
 * nodes is safe. A job that fails is logged and runs again at its next turn: one failure never stops the others.
 */
public final class ExchangeJobs implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ExchangeJobs.class);

    private final ScheduledExecutorService scheduler;

    private ExchangeJobs(ScheduledExecutorService scheduler) {
        this.scheduler = scheduler;
    }

    /** Starts running the jobs, each first after one interval. */
    public static ExchangeJobs start(List<Job> jobs) {
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "exchange-jobs");
            thread.setDaemon(true);
            return thread;
        });
        for (Job job : jobs) {
            long millis = job.every().toMillis();
            scheduler.scheduleWithFixedDelay(() -> run(job), millis, millis, TimeUnit.MILLISECONDS);
        }
        return new ExchangeJobs(scheduler);
    }

    /** Stops the jobs, letting a run in progress finish (up to 10 s). Idempotent. */
    @Override
    public void close() {
        scheduler.shutdown();
        try {
            if (!scheduler.awaitTermination(10, TimeUnit.SECONDS)) {
                scheduler.shutdownNow();
            }
        } catch (InterruptedException e) {
            scheduler.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    private static void run(Job job) {
        try {
            int done = job.work().run();
            if (done > 0) {
                LOG.info("exchange job {}: {} done", job.name(), done);
            }
        } catch (RuntimeException e) {
            LOG.error("exchange job {} failed; it runs again in {}", job.name(), job.every(), e);
        }
    }

    /**
     * A periodic job.
     *
     * @param name  for the log
     * @param every the pause between the end of one run and the start of the next
     * @param work  one run: does what is due, in its own transactions, and says how much it did
     */
    public record Job(String name, Duration every, Work work) {
        public Job {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(work, "work");
            if (every.isNegative() || every.isZero()) {
                throw new IllegalArgumentException("job " + name + " needs a positive interval, was " + every);
            }
        }
    }

    /** One run of a job. */
    @FunctionalInterface
    public interface Work {
        /** @return how many things it did (messages expired, letters filed, ...) */
        int run();
    }
}
