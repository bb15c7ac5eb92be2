package org.openspine.bench;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

/**
 * How far a load has got on the server: load patients {@code [0, contiguous)} are all there, of
 * {@code [contiguous, end)} only those in {@code scattered}, and none from {@code end} on.
 *
 * <p>{@link #find} relies on the promise {@link LoadFrontier} keeps while it loads: everything below the lowest
 * unfinished patient L is loaded, nothing from L + window on is. A binary search on "is patient n there?" then
 * lands within a window of L, and probing the window on either side of it finds L and every patient loaded
 * above it, whatever order the clients finished in and wherever the last run stopped.
 *
 * @param contiguous how many patients from 0 are all loaded
 * @param scattered loaded patients above {@code contiguous}, ascending
 * @param end one past the highest loaded patient; {@code contiguous} when none is scattered
 */
record ResumePoint(int contiguous, List<Integer> scattered, int end) {

    /** Whether load patient {@code n} is on the server. */
    @FunctionalInterface
    interface Probe {
        /** @throws IOException when the server cannot say */
        boolean loaded(int n) throws IOException;
    }

    ResumePoint {
        scattered = List.copyOf(scattered);
        if (contiguous < 0 || end < contiguous) {
            throw new IllegalArgumentException("bench: bad resume point " + contiguous + ".." + end);
        }
        int previous = contiguous;
        for (int n : scattered) {
            if (n <= previous || n >= end) {
                throw new IllegalArgumentException("bench: scattered patient " + n + " out of order or range");
            }
            previous = n;
        }
    }

    /**
     * Finds the resume point with about log2(capacity) + 2 * window probes, one at a time.
     *
     * @param capacity how many load patients there can be
     * @param window the loader's window ({@link LoadFrontier#WINDOW}); a smaller one than the loader used can
     *     miss scattered patients
     * @throws IOException when a probe fails
     */
    static ResumePoint find(Probe probe, int capacity, int window) throws IOException {
        int low = 0;
        int high = capacity;
        while (low < high) {
            int middle = (low + high) >>> 1;
            if (probe.loaded(middle)) {
                low = middle + 1;
            } else {
                high = middle;
            }
        }
        // low is missing (or the capacity), so it lies in [L, L + window) and L within a window below it.
        int from = Math.max(0, low - window);
        int to = Math.min(capacity, low + window);
        int contiguous = -1;
        int end = from;
        List<Integer> scattered = new ArrayList<>();
        for (int n = from; n < to; n++) {
            if (n != low && probe.loaded(n)) {
                end = n + 1;
                if (contiguous >= 0) {
                    scattered.add(n);
                }
            } else if (contiguous < 0) {
                contiguous = n;
            }
        }
        contiguous = contiguous < 0 ? to : contiguous;
        return new ResumePoint(contiguous, scattered, Math.max(end, contiguous));
    }

    /** @return how many load patients are on the server */
    int loaded() {
        return contiguous + scattered.size();
    }

    /** @return the loaded patients, ascending */
    IntStream patients() {
        return IntStream.concat(IntStream.range(0, contiguous), scattered.stream().mapToInt(Integer::intValue));
    }
}
