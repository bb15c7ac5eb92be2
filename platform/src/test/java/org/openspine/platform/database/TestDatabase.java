package org.openspine.platform.database;

import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real embedded PostgreSQL for tests: one per test JVM, migrated by Flyway, in a fresh temporary
 * directory, stopped when the JVM exits. Tests share it, so each test uses its own ids and
 * identifiers rather than assuming an empty database.
 */
public final class TestDatabase {

    private static final AtomicInteger DATABASES = new AtomicInteger();
    private static Database shared;

    private TestDatabase() {
    }

    /** @return the JVM's shared test database, started on first use */
    public static synchronized Database shared() {
        if (shared == null) {
            Path dir = freshDirectory("openspine-test-db");
            shared = Database.open(new DatabaseConfig(new DatabaseConfig.Embedded(dir), 24));
            Database database = shared;
            Runtime.getRuntime().addShutdownHook(new Thread(database::close, "test-database-stop"));
        }
        return shared;
    }

    /**
     * A new, empty, migrated database of its own on the shared test server, for tests whose assertions
     * cover a whole table (a chain, a count) and so cannot share one. Cheaper than a server of its own.
     * The caller closes it; the database itself is left for the server's end.
     */
    public static Database fresh(String purpose) {
        Database server = shared();
        String name = purpose.toLowerCase().replaceAll("[^a-z0-9]", "_") + "_" + DATABASES.incrementAndGet();
        server.read(connection -> {
            try (Statement statement = connection.createStatement()) {
                statement.execute("CREATE DATABASE " + name);
            }
            return null;
        });
        String url = ((HikariDataSource) server.dataSource()).getJdbcUrl().replaceFirst("/postgres\\?", "/" + name + "?");
        return Database.open(new DatabaseConfig(new DatabaseConfig.External(url, "", ""), 8));
    }

    /** @return a new empty temporary directory */
    public static Path freshDirectory(String prefix) {
        try {
            return Files.createTempDirectory(prefix);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
