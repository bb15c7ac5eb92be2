package org.openspine.platform.database;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.openspine.platform.error.OpenSpineException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one PostgreSQL database all OpenSpine state lives in: started (embedded) or connected to
 * (external), pooled, and migrated to the current schema by Flyway before anything uses it.
 *
 * <p>Every module's migrations sit on the classpath under {@code db/migration}; their versions are
 * dates ({@code V2026_11_21_1__...}) so modules can add migrations independently and they still
 * apply in the order they were written; one that arrives late (a branch merged after a newer
 * migration was applied) is applied then, not skipped.
 *
 * <p>Thread-safe. Close once, at shutdown; closing twice is harmless.
 */
public final class Database implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Database.class);
    private static final int MAX_ATTEMPTS = 5;

    private final EmbeddedServer embedded;
    private final HikariDataSource pool;
    private volatile boolean closed;

    private Database(EmbeddedServer embedded, HikariDataSource pool) {
        this.embedded = embedded;
        this.pool = pool;
    }

    /**
     * Starts or connects to the database, migrates it, and returns it ready for use.
     *
     * @throws IllegalStateException when the database cannot be reached or migrated (start-up stops)
     */
    public static Database open(DatabaseConfig config) {
        long started = System.nanoTime();
        EmbeddedServer embedded = null;
        HikariConfig hikari = new HikariConfig();
        switch (config.location()) {
            case DatabaseConfig.Embedded e -> {
                embedded = EmbeddedServer.start(e.dataDir());
                hikari.setJdbcUrl(embedded.jdbcUrl());
            }
            case DatabaseConfig.External e -> {
                hikari.setJdbcUrl(e.jdbcUrl());
                if (!e.user().isEmpty()) {
                    hikari.setUsername(e.user());
                }
                if (!e.password().isEmpty()) {
                    hikari.setPassword(e.password());
                }
            }
        }
        hikari.setPoolName("openspine");
        hikari.setMaximumPoolSize(config.poolSize());
        hikari.setMinimumIdle(Math.min(4, config.poolSize()));
        hikari.setConnectionTimeout(10_000);
        // Statements are prepared server-side after first use; batched inserts are rewritten to multi-row.
        hikari.addDataSourceProperty("prepareThreshold", "1");
        hikari.addDataSourceProperty("reWriteBatchedInserts", "true");
        hikari.addDataSourceProperty("ApplicationName", "openspine");
        HikariDataSource pool;
        try {
            pool = new HikariDataSource(hikari);
        } catch (RuntimeException e) {
            if (embedded != null) {
                embedded.close();
            }
            throw new IllegalStateException("cannot connect to the database at " + config.location(), e);
        }
        long connected = System.nanoTime();
        Database database = new Database(embedded, pool);
        try {
            // Modules add migrations independently, so one written earlier (a lower version) can arrive
            // after a later one was applied to a database; out-of-order applies it rather than skipping it.
            Flyway.configure().dataSource(pool).locations("classpath:db/migration").validateOnMigrate(false)
                    .outOfOrder(true).load().migrate();
        } catch (RuntimeException e) {
            database.close();
            throw new IllegalStateException("database migration failed", e);
        }
        LOG.info("database ready ({}) in {} ms (server and pool {} ms, migrations {} ms)",
                config.location() instanceof DatabaseConfig.Embedded ? "embedded" : "external",
                (System.nanoTime() - started) / 1_000_000, (connected - started) / 1_000_000,
                (System.nanoTime() - connected) / 1_000_000);
        return database;
    }

    /** @return the pooled data source, for code that manages its own connections */
    public DataSource dataSource() {
        return pool;
    }

    /**
     * Runs {@code work} in one database transaction, committing if it returns and rolling back if it
     * throws. Retried from the start on serialization failure or deadlock, so {@code work} must
     * have no effects outside the database.
     *
     * @throws OpenSpineException whatever {@code work} throws, or the translation of a database error
     */
    public <T> T inTransaction(SqlWork<T> work) {
        for (int attempt = 1; ; attempt++) {
            try (Connection connection = pool.getConnection()) {
                connection.setAutoCommit(false);
                try {
                    T result = work.run(connection);
                    connection.commit();
                    return result;
                } catch (SQLException | RuntimeException | Error e) {
                    rollbackQuietly(connection, e);
                    throw e;
                }
            } catch (SQLException e) {
                if (SqlFailures.isRetryable(e) && attempt < MAX_ATTEMPTS) {
                    continue;
                }
                throw SqlFailures.translate("transaction", e);
            }
        }
    }

    /**
     * Runs read-only {@code work} on an autocommit connection (each statement sees the latest
     * committed data). Cheaper than {@link #inTransaction} for single-statement reads.
     */
    public <T> T read(SqlWork<T> work) {
        return onAutocommit("read", work);
    }

    /**
     * Runs {@code work} on an autocommit connection, where each statement commits on its own: for work whose
     * writes are one statement, which then costs no round trips to begin and commit a transaction. Not
     * retried, unlike {@link #inTransaction}.
     */
    public <T> T autocommit(SqlWork<T> work) {
        return onAutocommit("statement", work);
    }

    private <T> T onAutocommit(String what, SqlWork<T> work) {
        try (Connection connection = pool.getConnection()) {
            return work.run(connection);
        } catch (SQLException e) {
            throw SqlFailures.translate(what, e);
        }
    }

    /** @return whether a connection can be had and answers a trivial query now */
    public boolean isReachable() {
        try (Connection connection = pool.getConnection()) {
            return connection.isValid(2);
        } catch (SQLException e) {
            return false;
        }
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        pool.close();
        if (embedded != null) {
            embedded.close();
        }
    }

    private static void rollbackQuietly(Connection connection, Throwable cause) {
        try {
            connection.rollback();
        } catch (SQLException e) {
            cause.addSuppressed(e); // the original failure matters more; the pool discards a broken connection
        }
    }
}
