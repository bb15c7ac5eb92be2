package org.openspine.fhir.store;

import java.time.Instant;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A page of history: at system level (no type), type level (type only) or instance level
 * (type and id), newest first.
 *
 * @param type   resource type, or empty for the whole system
 * @param id     logical id, or empty for the whole type
 * @param since  only versions written at or after this instant
 * @param before only versions older than this position (the paging cursor), for stable pages
 *               while new versions are written
 * @param count  page size, 1..1000
 */
public record HistoryQuery(Optional<String> type, Optional<String> id, Optional<Instant> since, OptionalLong before,
        int count) {

    public HistoryQuery {
        if (id.isPresent() && type.isEmpty()) {
            throw new IllegalArgumentException("instance history needs a type");
        }
        if (count < 1 || count > 1000) {
            throw new IllegalArgumentException("history page size must be 1..1000, was " + count);
        }
    }
}
