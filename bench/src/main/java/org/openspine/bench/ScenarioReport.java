package org.openspine.bench;

import java.util.List;
import java.util.Map;

/** How a scenario went: it ran and was measured, or it could not run at all. */
sealed interface ScenarioReport {

    String name();

    /**
     * A measured scenario.
     *
     * @param requests operations completed in the measured period, errors included
     * @param errors operations that got a non-2xx response or failed on the network
     * @param resources resources written by the successful operations (ingest only)
     * @param seconds length of the measured period, from its start to the last completion
     * @param latency latencies of the successful operations
     * @param errorReasons errors by cause, e.g. {@code HTTP 500 -> 3}
     * @param countsResources whether {@code resources} is meaningful for this scenario
     * @param notes remarks for below the table
     */
    record Ran(String name, long requests, long errors, long resources, double seconds, LatencyHistogram latency,
               Map<String, Long> errorReasons, boolean countsResources, List<String> notes)
            implements ScenarioReport {

        public Ran {
            errorReasons = Map.copyOf(errorReasons);
            notes = List.copyOf(notes);
        }

        double requestsPerSecond() {
            return seconds > 0 ? requests / seconds : 0;
        }

        double resourcesPerSecond() {
            return seconds > 0 ? resources / seconds : 0;
        }
    }

    /** @param reason why it did not run, e.g. no preloaded Patients */
    record NotRun(String name, String reason) implements ScenarioReport {
    }
}
