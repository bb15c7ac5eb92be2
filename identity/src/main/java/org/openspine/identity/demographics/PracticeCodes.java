package org.openspine.identity.demographics;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The ODS codes of the organisations Patients name as their GP, by Organization id, as the demographics API
 * shows them. A retrieve read the practice from the store and parsed it for every person shown, 8% of the
 * server's work for a retrieve over a million patients, for a code that practically never changes and that a
 * few thousand practices share between them.
 *
 * <p>Short-lived rather than invalidated: the directory changes by several paths (ODS loads, the FHIR API,
 * the demo seed), so a code is read again once it is {@link #TTL} old, and a changed or new organisation shows
 * within that. A missing organisation is remembered as missing for as long. Bounded: past
 * {@value #MAX_ENTRIES} organisations (England has about 6,500 practices) it starts again empty.
 * Thread-safe; two threads may both read a code that is not yet held, which is harmless.
 */
final class PracticeCodes {

    /** How long a code read from the store is shown before it is read again. */
    static final Duration TTL = Duration.ofSeconds(30);
    static final int MAX_ENTRIES = 10_000;

    private final ConcurrentHashMap<String, Held> codes = new ConcurrentHashMap<>();

    /**
     * @param now the time now, from the caller's clock
     * @param read reads an organisation's ODS code from the store, when it is not held or is stale
     * @return the ODS code of Organization {@code organisationId}; empty when it has none or is not there
     */
    Optional<String> code(String organisationId, Instant now, Function<String, Optional<String>> read) {
        Held held = codes.get(organisationId);
        if (held != null && now.isBefore(held.until())) {
            return held.code();
        }
        Optional<String> code = read.apply(organisationId);
        if (codes.size() >= MAX_ENTRIES) {
            codes.clear();
        }
        codes.put(organisationId, new Held(code, now.plus(TTL)));
        return code;
    }

    /** A code read from the store, shown until {@code until}. */
    private record Held(Optional<String> code, Instant until) {
    }
}
