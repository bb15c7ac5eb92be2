package org.openspine.bench;

import java.util.ArrayList;
import java.util.List;

/**
 * Runs a task for each of a range of indexes on several threads, each thread with a connection of its own,
 * for the set-up work before a measurement (preloading Patients, finding search subjects).
 */
final class ParallelClients {

    /** One index's work; whatever it records must be safe to read after {@link #run} returns. */
    @FunctionalInterface
    interface Task {
        void run(HttpConnection http, int index);
    }

    private ParallelClients() {
    }

    /**
     * Runs {@code task} for indexes {@code 0..count-1}, thread t taking t, t + threads, ... Blocks until all are
     * done; the join publishes the tasks' writes to the caller.
     *
     * @param name prefix of the thread names
     * @throws InterruptedException when interrupted while waiting for the threads
     */
    static void run(String name, Endpoint endpoint, int timeoutMillis, int threads, int count, Task task)
            throws InterruptedException {
        int workers = Math.max(1, Math.min(threads, count));
        List<Thread> started = new ArrayList<>();
        for (int t = 0; t < workers; t++) {
            int first = t;
            started.add(Thread.ofPlatform().name(name + "-" + t).start(() -> {
                try (HttpConnection http = new HttpConnection(endpoint, timeoutMillis)) {
                    for (int i = first; i < count; i += workers) {
                        task.run(http, i);
                    }
                }
            }));
        }
        for (Thread thread : started) {
            thread.join();
        }
    }
}
