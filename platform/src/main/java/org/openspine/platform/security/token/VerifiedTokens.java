package org.openspine.platform.security.token;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.openspine.platform.security.Caller;

/**
 * Tokens already verified, keyed by their exact text, each with the caller it stands for and the
 * instant after which it must not be accepted. A token's text covers its signature, so the same text
 * is the same verified token; a different token for the same person is a different entry.
 *
 * <p>Bounded: when full, expired entries are dropped and, if it is still full, everything is (the
 * next use of each token then pays for one signature check again). Only valid tokens are stored, so
 * filling it takes valid tokens. Thread-safe; lookups take no lock.
 */
final class VerifiedTokens {

    private final Map<String, Entry> entries = new ConcurrentHashMap<>();
    private final int limit;

    VerifiedTokens(int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("the verified-token cache needs room for at least one token, was " + limit);
        }
        this.limit = limit;
    }

    /** @return the caller of {@code token} when it was verified and {@code now} is before its acceptance ends */
    Optional<Caller> find(String token, Instant now) {
        Entry entry = entries.get(token);
        if (entry == null) {
            return Optional.empty();
        }
        if (!now.isBefore(entry.acceptedUntil())) {
            entries.remove(token, entry);
            return Optional.empty();
        }
        return Optional.of(entry.caller());
    }

    /** Remembers a verified token until {@code acceptedUntil}. */
    void put(String token, Caller caller, Instant acceptedUntil, Instant now) {
        if (entries.size() >= limit) {
            entries.values().removeIf(entry -> !now.isBefore(entry.acceptedUntil()));
            if (entries.size() >= limit) {
                entries.clear();
            }
        }
        entries.put(token, new Entry(caller, acceptedUntil));
    }

    /** @return how many tokens are remembered */
    int size() {
        return entries.size();
    }

    private record Entry(Caller caller, Instant acceptedUntil) {
    }
}
