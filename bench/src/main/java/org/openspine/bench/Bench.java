package org.openspine.bench;

import java.time.Clock;
import java.util.List;
import java.util.Optional;

/**
 * The OpenSpine load harness: drives any FHIR R4 server over plain HTTP/1.1 with a fixed number of keep-alive
 * clients and prints a table of throughput and latency per scenario (create, read, vread, update, history,
 * transaction ingest of synthetic UK patients, a resumable load of a search dataset, and searches of it). Run
 * with {@code --help} for the options.
 *
 * <p>Exit status: 0 when the scenarios ran (their errors are in the table), 1 when the server could not be
 * reached, 2 for bad options.
 */
public final class Bench {

    private Bench() {
    }

    /**
     * Runs the harness with command-line {@code args}; prints the table on standard output and progress on
     * standard error, then exits the JVM.
     */
    public static void main(String[] args) {
        Optional<BenchOptions> parsed = CommandLine.options(args, BenchOptions.USAGE, BenchOptions::parse);
        if (parsed.isEmpty()) {
            return;
        }
        BenchOptions options = parsed.get();
        try {
            List<ScenarioReport> reports = new BenchRun(options, System.out, System.err, Clock.systemUTC()).run();
            System.exit(reports.isEmpty() ? 1 : 0);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            System.err.println("bench: interrupted");
            System.exit(130);
        }
    }
}
