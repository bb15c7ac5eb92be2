package org.openspine.fhir.search.query;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicBoolean;
import org.openspine.platform.database.Database;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the plans of searches fit for the store's size while it grows: the statements that run on a
 * cached generic plan (every {@link Searcher.Plan} but {@code CUSTOM}) carry the store's
 * scale (its size to within a factor of two) in their text, so they are prepared and planned again each
 * time the store doubles; and on each doubling the search tables' statistics are gathered at once,
 * in the background, rather than whenever autovacuum comes to them.
 *
 * <p>Why: a plan made for an almost empty store walks every row. A lookup first planned when the store
 * held no patients walked every Patient in rid order and scanned {@code idx_token} for each; during a
 * bulk load of patients into a new service, lookups took a second at a few hundred patients and a minute
 * at ten thousand, and the conditional creates waiting on them timed out. A connection keeps a
 * statement's generic plan, and the embedded PostgreSQL did not always plan it again when the tables were
 * analysed; and autovacuum, busy vacuuming the growing tables, left their statistics eight minutes old
 * (saying there were no patients) while 130,000 were written. Both are needed: a statement prepared anew
 * is planned with the old statistics, and fresh statistics do not reach a plan that is kept.
 *
 * <p>Costs: the {@code resource} table's size is read at most once every {@value #CHECK_EVERY_MILLIS} ms, on
 * the caller's connection; a doubling costs each connection one plan per statement, and one ANALYZE of
 * the search tables (about twenty over a store's life, the later ones taking seconds), by whichever node
 * takes the advisory lock first. Thread-safe.
 */
final class StoreScale {

    static final long CHECK_EVERY_MILLIS = 2_000;
    private static final Logger LOG = LoggerFactory.getLogger(StoreScale.class);
    private static final long PAGE = 8192;
    /** Taken by the one node that gathers statistics for a doubling; the others skip it. */
    private static final String ANALYSING =
            "SELECT pg_try_advisory_xact_lock(hashtextextended('openspine.search.statistics', 0))";
    private static final String SEARCH_TABLES = "resource, idx_string, idx_token, idx_token_text, idx_date, idx_number,"
            + " idx_quantity, idx_reference, idx_uri, idx_composite";

    private final Database database;
    private final AtomicBoolean analysing = new AtomicBoolean();
    private volatile int scale = -1;
    private volatile long checkedAt;

    /** @param database where statistics are gathered, on a connection of their own */
    StoreScale(Database database) {
        this.database = database;
    }

    /**
     * @return the base-2 logarithm of the {@code resource} table's size in pages, rounded down, as last read;
     *         when it has grown since the last reading, the search tables are analysed in the background
     */
    int current(Connection connection) throws SQLException {
        long now = System.nanoTime();
        int known = scale;
        if (known < 0 || now - checkedAt > CHECK_EVERY_MILLIS * 1_000_000) {
            checkedAt = now;
            int read;
            try (Statement statement = connection.createStatement();
                 ResultSet size = statement.executeQuery("SELECT pg_relation_size('resource')")) {
                size.next();
                read = 63 - Long.numberOfLeadingZeros(Math.max(1, size.getLong(1) / PAGE));
            }
            scale = read;
            if (known >= 0 && read > known) {
                analyse(read);
            }
            return read;
        }
        return known;
    }

    /** @return a comment naming {@code scale}, for the end of a statement's text */
    static String comment(int scale) {
        return " /* store scale " + scale + " */";
    }

    private void analyse(int grownTo) {
        if (!analysing.compareAndSet(false, true)) {
            return; // one at a time; the next doubling brings the next
        }
        Thread.ofVirtual().name("search-statistics").start(() -> {
            long started = System.nanoTime();
            try {
                boolean gathered = database.inTransaction(connection -> {
                    try (Statement statement = connection.createStatement()) {
                        try (ResultSet first = statement.executeQuery(ANALYSING)) {
                            first.next();
                            if (!first.getBoolean(1)) {
                                return false; // another node noticed the same doubling and is gathering them
                            }
                        }
                        statement.execute("ANALYZE " + SEARCH_TABLES);
                        return true;
                    }
                });
                if (gathered) {
                    LOG.info("store grew to scale {} ({} kB of resources): search statistics gathered in {} ms", grownTo,
                            (1L << grownTo) * PAGE / 1024, (System.nanoTime() - started) / 1_000_000);
                }
            } catch (RuntimeException e) {
                LOG.warn("store grew to scale {}: search statistics not gathered ({}); autovacuum will", grownTo,
                        e.getMessage());
            } finally {
                analysing.set(false);
            }
        });
    }
}
