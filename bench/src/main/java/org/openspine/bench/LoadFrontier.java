package org.openspine.bench;

import java.util.BitSet;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.TreeSet;

/**
 * Hands load patients to the load clients in ascending order, skipping those already on the server, until the
 * resources planned reach what is needed.
 *
 * <p>It keeps the promise {@link ResumePoint#find} relies on: no patient at or above L + {@link #WINDOW} is
 * handed out while patient L is unfinished, so wherever a run stops (a crash, Ctrl-C, a failed bundle), the
 * server holds every patient below some L and none from L + WINDOW on. A client that would break the promise
 * waits for the slowest one. The window is a constant, not a setting, because a resumed run must probe at least
 * the window the stopped run used; it is far wider than the client count, so clients rarely wait.
 *
 * <p>Thread-safe; {@link #take} blocks.
 */
final class LoadFrontier {

    /** How far ahead of the lowest unfinished patient a client may start one. */
    static final int WINDOW = 1024;

    private final BitSet present = new BitSet();
    private final int capacity;
    private final int window;
    private final long needed;
    private final TreeSet<Integer> unfinished = new TreeSet<>();
    private int next;
    private long planned;
    private String stopped = "";

    /**
     * @param resume what is on the server already; those patients are skipped
     * @param needed resources still to load; nothing is handed out once the bundles handed out hold that many
     */
    LoadFrontier(ResumePoint resume, int capacity, int window, long needed) {
        resume.scattered().forEach(present::set);
        this.capacity = capacity;
        this.window = window;
        this.needed = needed;
        this.next = resume.contiguous();
    }

    /**
     * Blocks while the next patient is a window ahead of the lowest unfinished one.
     *
     * @return the next patient to load; empty when enough is planned, the patients have run out, or the load
     *     was stopped
     * @throws InterruptedException when interrupted while waiting
     */
    synchronized OptionalInt take() throws InterruptedException {
        while (true) {
            if (!stopped.isEmpty() || planned >= needed) {
                return OptionalInt.empty();
            }
            next = present.nextClearBit(next);
            if (next >= capacity) {
                return OptionalInt.empty();
            }
            if (unfinished.isEmpty() || next < unfinished.first() + window) {
                unfinished.add(next);
                return OptionalInt.of(next++);
            }
            wait();
        }
    }

    /** Counts the resources of a patient just taken towards what is needed. */
    synchronized void planned(int resources) {
        planned += resources;
    }

    /** Patient {@code n}, taken earlier, is on the server. */
    synchronized void done(int n) {
        unfinished.remove(n);
        notifyAll();
    }

    /**
     * Patient {@code n} could not be loaded: nothing more is handed out, since loading on past it would break
     * the promise; the clients finish what they hold.
     */
    synchronized void fail(int n, String reason) {
        if (stopped.isEmpty()) {
            stopped = "patient " + n + " failed: " + reason;
        }
        notifyAll();
    }

    /** @return why the load stopped before enough was planned, if it did */
    synchronized Optional<String> stopped() {
        if (!stopped.isEmpty()) {
            return Optional.of(stopped);
        }
        return planned < needed && next >= capacity
                ? Optional.of("all " + capacity + " load patients of this seed are loaded")
                : Optional.empty();
    }
}
