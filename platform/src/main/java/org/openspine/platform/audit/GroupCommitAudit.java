package org.openspine.platform.audit;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.openspine.platform.database.Database;
import org.openspine.platform.error.OpenSpineException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Durable audit for work that has no transaction of its own to join: reads (on autocommit
 * connections) and security events. {@link #record} returns only once the record is committed, so a
 * read whose audit fails is refused rather than served unaudited.
 *
 * <p>Group commit: one writer thread takes whatever is queued (up to {@value #MAX_BATCH} records),
 * writes it with one batched INSERT and commits once; callers that arrived during that commit form the
 * next group. Under load (the last group had several records) the writer lingers up to 200 µs for about
 * as many records as the last group had, then goes: a commit costs PostgreSQL about as much CPU as a
 * dozen rows (its WAL flush), and measured with 16 callers on 2 cores, lingering gave a third less CPU
 * per record, more records per second and shorter waits than committing whatever had arrived. When idle a
 * record is written at once. The queue is bounded ({@value #QUEUE_CAPACITY}): when the database cannot
 * keep up, callers wait a little and are then refused, never queued without limit.
 *
 * <p>Thread-safe; {@link #record} blocks the calling thread (meant for virtual threads). {@link #close}
 * writes what is queued, then stops the writer; idempotent.
 */
public final class GroupCommitAudit implements AutoCloseable {

    static final int QUEUE_CAPACITY = 10_000;
    static final int MAX_BATCH = 500;
    /**
     * Groups being written at once, each on its own connection. One: measured at 64 clients, three writers
     * made smaller groups and more commits, 55% of unaudited read throughput against 73-75% with one; at 16
     * clients both were 47% (the reads wait on the WAL flush either way).
     */
    static final int WRITERS = 1;
    private static final Duration ENQUEUE_WAIT = Duration.ofSeconds(2);
    private static final Duration COMMIT_WAIT = Duration.ofSeconds(30);
    private static final long LINGER_NANOS = 200_000;
    /** The smallest last group that counts as load worth lingering for. */
    private static final int LINGER_AFTER = 4;
    private static final Logger LOG = LoggerFactory.getLogger(GroupCommitAudit.class);

    private final Database database;
    private final AuditTrail trail;
    private final BlockingQueue<Pending> queue = new ArrayBlockingQueue<>(QUEUE_CAPACITY);
    private final List<Thread> writers;
    private volatile boolean closing;
    private volatile boolean stopped;

    /** Starts the writer threads. */
    public GroupCommitAudit(Database database, AuditTrail trail) {
        this.database = database;
        this.trail = trail;
        this.writers = java.util.stream.IntStream.range(0, WRITERS).mapToObj(n -> Thread.ofPlatform()
                .name("audit-group-commit-" + n).daemon().start(this::writeUntilClosed)).toList();
    }

    /**
     * Writes {@code record} durably: blocks until the transaction holding it has committed.
     *
     * @return the audit event's id
     * @throws OpenSpineException.Unavailable when the record could not be committed (database failure,
     *         queue full for {@code 2 s}, no commit within {@code 30 s}, writer closed, thread interrupted);
     *         the caller must then refuse the work it was auditing
     */
    public UUID record(AuditRecord record) {
        if (closing) {
            throw new OpenSpineException.Unavailable("the audit trail is shutting down; the event was not recorded", null);
        }
        Pending pending = new Pending(record, new CompletableFuture<>());
        try {
            if (!queue.offer(pending, ENQUEUE_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new OpenSpineException.Unavailable("the audit trail is not keeping up (" + QUEUE_CAPACITY
                        + " events queued); the event was not recorded", null);
            }
            if (stopped && queue.remove(pending)) {
                // queued after the writer's last look: nobody would ever write it
                throw new OpenSpineException.Unavailable("the audit trail is shutting down; the event was not recorded", null);
            }
            return pending.committed.get(COMMIT_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new OpenSpineException.Unavailable("the audit trail is unavailable; the event was not recorded", e.getCause());
        } catch (TimeoutException e) {
            throw new OpenSpineException.Unavailable("the audit trail did not commit within " + COMMIT_WAIT.toSeconds()
                    + " s; the event may not be recorded", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new OpenSpineException.Unavailable("interrupted while waiting for the audit trail", e);
        }
    }

    /** Writes what is queued, stops the writer and refuses later records. Idempotent; blocks until done. */
    @Override
    public void close() {
        closing = true;
        try {
            for (Thread writer : writers) {
                writer.join();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // the writers are daemons; stragglers are failed below
        }
        stopped = true;
        List<Pending> stragglers = new ArrayList<>();
        queue.drainTo(stragglers);
        stragglers.forEach(p -> p.committed.completeExceptionally(new IllegalStateException("audit writer closed")));
    }

    private void writeUntilClosed() {
        List<Pending> batch = new ArrayList<>(MAX_BATCH);
        int lastGroup = 0;
        while (true) {
            Pending first;
            try {
                first = queue.poll(100, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt(); // nobody interrupts this thread but the JVM at exit
                return;
            }
            if (first == null) {
                if (closing) {
                    return; // closing, and nothing left to write
                }
                continue;
            }
            batch.clear();
            batch.add(first);
            queue.drainTo(batch, MAX_BATCH - 1);
            if (lastGroup >= LINGER_AFTER) {
                linger(batch, Math.min(lastGroup, MAX_BATCH));
            }
            lastGroup = batch.size();
            write(batch);
        }
    }

    /** Waits up to {@link #LINGER_NANOS} for the group to reach {@code expected} records. */
    private void linger(List<Pending> batch, int expected) {
        long deadline = System.nanoTime() + LINGER_NANOS;
        while (batch.size() < expected) {
            long left = deadline - System.nanoTime();
            Pending more;
            try {
                more = left > 0 ? queue.poll(left, TimeUnit.NANOSECONDS) : null;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt(); // write what there is; the loop above then stops
                return;
            }
            if (more == null) {
                return;
            }
            batch.add(more);
            queue.drainTo(batch, MAX_BATCH - batch.size());
        }
    }

    private void write(List<Pending> batch) {
        List<AuditRecord> records = batch.stream().map(Pending::record).toList();
        List<UUID> ids;
        try {
            // One statement is its own transaction, so a group commits in one round trip; a break-glass
            // record's alert is a second statement and needs a transaction to join it.
            boolean alerts = records.stream().anyMatch(r -> r.subtype() == AuditSubtype.BREAK_GLASS);
            ids = alerts ? database.inTransaction(connection -> trail.appendAll(connection, records))
                    : database.autocommit(connection -> trail.appendAll(connection, records));
        } catch (OpenSpineException.Invalid e) {
            if (batch.size() > 1) {
                // a value the database refused fails the whole group: write them one by one, so only its owner is refused
                batch.forEach(p -> write(List.of(p)));
                return;
            }
            LOG.warn("audit event refused by the database; its request is refused: {}", e.getMessage());
            batch.forEach(p -> p.committed.completeExceptionally(e));
            return;
        } catch (RuntimeException e) {
            LOG.warn("audit group commit of {} events failed; their requests are refused: {}", batch.size(), e.getMessage());
            batch.forEach(p -> p.committed.completeExceptionally(e));
            return;
        }
        for (int i = 0; i < batch.size(); i++) {
            batch.get(i).committed.complete(ids.get(i));
        }
    }

    private record Pending(AuditRecord record, CompletableFuture<UUID> committed) {
    }
}
