package org.openspine.exchange.filing;

import java.time.Duration;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.openspine.exchange.message.ArrivalListener;
import org.openspine.platform.error.OpenSpineException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs {@link LetterFiling} on one thread of its own, once {@link #start started}: every {@code every} (so a release
 * left to settle is filed once it has, and a letter whose filing failed is tried again), and soon after each
 * {@link #nudge} (so a letter sent now is filed within a moment). Nudges coalesce: however many arrive while a drain
 * waits or runs, one more drain follows, so a send path may nudge after every message at little cost
 * ({@link #arrivals}). A drain files runs of {@code batch} letters until one finds nothing. One worker a node is
 * enough; nodes never file one letter twice ({@link LetterFiling}). A failed run is logged and the worker carries
 * on. Close it before the audit trail and the database, whose transactions its runs are.
 */
public final class FilingWorker implements AutoCloseable {

    /**
     * How long a nudge waits before its drain: the nudges of that time share one drain, so a stream of sends on any
     * workflow (most of them nothing to file) costs at most about ten drains a second, however fast it comes.
     */
    static final Duration NUDGE_DELAY = Duration.ofMillis(100);
    private static final Logger LOG = LoggerFactory.getLogger(FilingWorker.class);

    private final LetterFiling filing;
    private final int batch;
    private final Duration every;
    private final ScheduledExecutorService thread;
    private final AtomicBoolean started = new AtomicBoolean();
    private final AtomicBoolean nudged = new AtomicBoolean();
    private final AtomicBoolean closed = new AtomicBoolean();

    /**
     * Makes the worker; nothing runs until {@link #start}.
     *
     * @param batch the most letters a run takes (see {@link LetterFiling#fileBatch}); a thousand suits a release
     * @param every how often it runs unasked; at most {@link FilingSettings#settle} or so, so that settled releases
     *              wait little
     */
    public FilingWorker(LetterFiling filing, int batch, Duration every) {
        if (batch < 1 || batch > LetterFiling.MAX_RUN) {
            throw new IllegalArgumentException("a filing run takes 1 to " + LetterFiling.MAX_RUN + " letters, not " + batch);
        }
        if (every.isNegative() || every.isZero()) {
            throw new IllegalArgumentException("the filing interval must be positive, was " + every);
        }
        this.filing = filing;
        this.batch = batch;
        this.every = every;
        // the thread itself is made with the first task, at start
        ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, runnable -> {
            Thread worker = new Thread(runnable, "letter-filing");
            worker.setDaemon(true);
            return worker;
        });
        executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false); // a nudge pending at close is dropped
        this.thread = executor;
    }

    /**
     * Starts the worker's thread: its first run is one {@code every} from now, or at the first nudge. Starting again,
     * or after {@link #close}, does nothing.
     */
    public void start() {
        if (!closed.get() && started.compareAndSet(false, true)) {
            thread.scheduleWithFixedDelay(this::drain, every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /**
     * Asks for a drain soon (a letter may have arrived); returns at once, never blocks. Before {@link #start} and
     * after {@link #close} it does nothing: the first scheduled run finds whatever arrived meanwhile. Thread-safe.
     */
    public void nudge() {
        if (started.get() && !closed.get() && nudged.compareAndSet(false, true)) {
            try {
                thread.schedule(this::drain, NUDGE_DELAY.toMillis(), TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException e) {
                nudged.set(false); // closed meanwhile: nothing will run, and nothing needs to
            }
        }
    }

    /** @return the exchange's arrival listener that nudges this worker: a letter sent is filed at once */
    public ArrivalListener arrivals() {
        return messageId -> nudge();
    }

    /** Stops the worker, waiting for a run in progress to finish (its transaction commits or rolls back). Idempotent. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        thread.shutdown(); // no interrupt: a run checks closed between runs, and a transaction is left to finish
        try {
            if (!thread.awaitTermination(1, TimeUnit.MINUTES)) {
                LOG.warn("letter filing did not stop within a minute; its run rolls back when the database closes");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void drain() {
        nudged.set(false); // a nudge from now on asks for another drain after this one
        try {
            int filed = 0;
            for (int n; !closed.get() && (n = filing.fileBatch(batch)) > 0; ) {
                filed += n;
            }
            if (filed > 0) {
                LOG.info("filed or queued {} letters", filed);
            }
        } catch (OpenSpineException.Unavailable e) {
            LOG.warn("letter filing paused: the database is unavailable ({})", e.getMessage());
        } catch (RuntimeException e) {
            // the next drain tries again; a letter that keeps failing waits out its backoff (LetterFiling)
            LOG.error("a letter filing run failed", e);
        }
    }
}
