package org.openspine.exchange.lifecycle;

import java.time.Duration;
import java.util.List;
import org.openspine.exchange.message.Expiry;
import org.openspine.platform.database.Database;

/**
 * The jobs that end messages' lives ({@link Expiry}): expiry with non-delivery reports every minute and
 * purging every ten, each in batches of {@value #BATCH}, one transaction a batch, until nothing is due.
 */
public final class MessageLifecycle {

    static final int BATCH = 500;

    private final Database database;
    private final Expiry expiry;

    public MessageLifecycle(Database database, Expiry expiry) {
        this.database = database;
        this.expiry = expiry;
    }

    /** @return the jobs to run */
    public List<ExchangeJobs.Job> jobs() {
        return List.of(new ExchangeJobs.Job("expire", Duration.ofMinutes(1), this::expireDue),
                new ExchangeJobs.Job("purge", Duration.ofMinutes(10), this::purgeDue));
    }

    /** Expires every overdue message, sending each sender its non-delivery report. @return how many */
    public int expireDue() {
        int total = 0;
        for (int expired = BATCH; expired == BATCH; total += expired) {
            expired = database.inTransaction(connection -> expiry.expire(connection, BATCH)).size();
        }
        return total;
    }

    /** Purges every message past its retention. @return how many */
    public int purgeDue() {
        int total = 0;
        for (int purged = BATCH; purged == BATCH; total += purged) {
            purged = database.inTransaction(connection -> expiry.purge(connection, BATCH));
        }
        return total;
    }
}
