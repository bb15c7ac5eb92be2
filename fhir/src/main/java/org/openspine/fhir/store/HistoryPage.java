package org.openspine.fhir.store;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * One page of history, newest first.
 *
 * @param entries the versions on this page
 * @param next    cursor for the following (older) page, if there is one
 */
public record HistoryPage(List<Entry> entries, OptionalLong next) {

    public HistoryPage {
        entries = List.copyOf(entries);
    }

    /**
     * One version.
     *
     * @param method POST, PUT or DELETE
     * @param json   the resource, or empty for a deletion
     * @param patientId the patient the version belonged to, if any
     */
    public record Entry(String type, String id, int version, Instant lastUpdated, String method, Optional<String> json,
            Optional<String> patientId) {
    }
}
