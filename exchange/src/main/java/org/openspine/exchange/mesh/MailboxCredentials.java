package org.openspine.exchange.mesh;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.openspine.exchange.mailbox.Mailboxes;
import org.openspine.platform.database.Database;

/**
 * Mailbox passwords for checking NHSMESH signatures, read from the database and kept for
 * {@link #FRESHNESS}, so a mailbox's every request does not cost a query; a changed or deactivated mailbox
 * is honoured by every node within that time. Thread-safe.
 */
final class MailboxCredentials {

    static final Duration FRESHNESS = Duration.ofSeconds(30);
    /** Beyond this many mailboxes cached, the cache starts again: bounded against a flood of unknown ids. */
    private static final int MAX_ENTRIES = 10_000;

    private final Database database;
    private final Mailboxes mailboxes;
    private final Clock clock;
    private final ConcurrentMap<String, Entry> cache = new ConcurrentHashMap<>();

    MailboxCredentials(Database database, Mailboxes mailboxes, Clock clock) {
        this.database = database;
        this.mailboxes = mailboxes;
        this.clock = clock;
    }

    /** @return the password of the active mailbox; empty when there is no such active mailbox */
    Optional<String> password(String mailboxId) {
        Instant now = clock.instant();
        Entry entry = cache.get(mailboxId);
        if (entry == null || entry.read().plus(FRESHNESS).isBefore(now)) {
            if (cache.size() >= MAX_ENTRIES) {
                cache.clear();
            }
            entry = new Entry(database.read(connection -> mailboxes.password(connection, mailboxId)), now);
            cache.put(mailboxId, entry);
        }
        return entry.password();
    }

    private record Entry(Optional<String> password, Instant read) {
    }
}
