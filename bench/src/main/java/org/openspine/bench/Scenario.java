package org.openspine.bench;

import java.io.IOException;
import java.util.List;

/**
 * One kind of load (create, read, ...). The runner calls {@link #prepare} once, then gives each client thread
 * its own {@link Worker} and calls it in a closed loop for the warm-up and the measured period.
 */
interface Scenario {

    /** @return the row label in the results table */
    String name();

    /** @return whether the resources/s column applies (the scenario writes many resources per request) */
    default boolean countsResources() {
        return false;
    }

    /**
     * Runs once before any worker, on the calling thread, e.g. to load reference data.
     *
     * @throws IOException when the server cannot be reached; the scenario is then reported as failed
     */
    default void prepare(HttpConnection http) throws IOException {
    }

    /** @return remarks for below the table, such as retries; read after all workers have finished */
    default List<String> notes() {
        return List.of();
    }

    /**
     * @param client this client's number, 0 to clients - 1
     * @param clients how many clients run at once
     * @return the worker that client thread alone will call
     */
    Worker worker(int client, int clients);

    /** One client's view of a scenario. Thread-confined: called only by the thread that asked for it. */
    interface Worker {

        /**
         * Readies the next operation (e.g. builds its body) outside the timed section; by default nothing.
         *
         * @return false when this client has no more work, which ends it before the period does
         */
        default boolean prepareNext() {
            return true;
        }

        /**
         * Performs one operation (usually one request) on {@code http}.
         *
         * @throws IOException on a network failure, which the runner counts as an error
         */
        Outcome call(HttpConnection http) throws IOException;
    }
}
