package org.openspine.exchange.mesh;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.openspine.exchange.mailbox.Mailbox;
import org.openspine.exchange.mailbox.Mailboxes;
import org.openspine.platform.database.Database;

/**
 * Mailboxes as MESH requests need them on every call (who it is, whether active, the password to check an
 * NHSMESH signature with), read from the database and kept for {@link #FRESHNESS}, so a mailbox's every request
 * does not cost queries; a changed or deactivated mailbox is honoured at once by the node it was changed on
 * ({@link #forget}) and by every other node within that time. Also
 * remembers when this node last wrote a mailbox's collection time, so collecting writes at most every
 * {@link Mailboxes#COLLECTION_RESOLUTION}. Thread-safe.
 */
final class MailboxCache {

    static final Duration FRESHNESS = Duration.ofSeconds(30);
    /** Beyond this many mailboxes cached, the cache starts again: bounded against a flood of unknown ids. */
    private static final int MAX_ENTRIES = 10_000;

    private final Database database;
    private final Mailboxes mailboxes;
    private final Clock clock;
    private final ConcurrentMap<String, Entry> cache = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, Instant> collectionWritten = new ConcurrentHashMap<>();

    MailboxCache(Database database, Mailboxes mailboxes, Clock clock) {
        this.database = database;
        this.mailboxes = mailboxes;
        this.clock = clock;
    }

    /** @return the mailbox when it exists and is active */
    Optional<Mailbox> active(String mailboxId) {
        return entry(mailboxId).mailbox().filter(Mailbox::active);
    }

    /** @return the password of the active mailbox; empty when there is no such active mailbox */
    Optional<String> password(String mailboxId) {
        Entry entry = entry(mailboxId);
        return entry.mailbox().filter(Mailbox::active).isPresent() ? entry.password() : Optional.empty();
    }

    /** Drops the mailbox, so that the next request reads it afresh. */
    void forget(String mailboxId) {
        cache.remove(mailboxId);
    }

    /** Notes that the mailbox collected now, writing it to the database when this node has not lately. */
    void collected(String mailboxId) {
        Instant now = clock.instant();
        Instant written = collectionWritten.get(mailboxId);
        if (written != null && written.plus(Mailboxes.COLLECTION_RESOLUTION).isAfter(now)) {
            return;
        }
        collectionWritten.put(mailboxId, now);
        database.inTransaction(connection -> {
            mailboxes.collected(connection, mailboxId, now);
            return null;
        });
    }

    private Entry entry(String mailboxId) {
        Instant now = clock.instant();
        Entry entry = cache.get(mailboxId);
        if (entry == null || entry.read().plus(FRESHNESS).isBefore(now)) {
            if (cache.size() >= MAX_ENTRIES) {
                cache.clear();
            }
            entry = database.read(connection -> new Entry(mailboxes.find(connection, mailboxId),
                    mailboxes.password(connection, mailboxId), now));
            cache.put(mailboxId, entry);
        }
        return entry;
    }

    private record Entry(Optional<Mailbox> mailbox, Optional<String> password, Instant read) {
    }
}
