package org.openspine.fhir.store;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
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
 * @param visibility which versions the caller may see
 * @param readableTypes at system level, the only types the caller may read (empty: every type)
 */
public record HistoryQuery(Optional<String> type, Optional<String> id, Optional<Instant> since, OptionalLong before,
        int count, Visibility visibility, List<String> readableTypes) {

    /** A query that sees everything (OpenSpine's own work and tests). */
    public HistoryQuery(Optional<String> type, Optional<String> id, Optional<Instant> since, OptionalLong before,
            int count) {
        this(type, id, since, before, count, Visibility.EVERYTHING, List.of());
    }

    public HistoryQuery {
        Objects.requireNonNull(visibility, "visibility");
        readableTypes = List.copyOf(readableTypes);
        if (id.isPresent() && type.isEmpty()) {
            throw new IllegalArgumentException("instance history needs a type");
        }
        if (count < 1 || count > 1000) {
            throw new IllegalArgumentException("history page size must be 1..1000, was " + count);
        }
    }
}
