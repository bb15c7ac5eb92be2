package org.openspine.platform.database;

import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Statement;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * A real embedded PostgreSQL for tests: one per test JVM, migrated by Flyway, in a fresh temporary
 * directory, stopped when the JVM exits. Tests share it, so each test uses its own ids and
 * identifiers rather than assuming an empty database.
 *
 * <p>Every directory {@link #freshDirectory} makes is deleted when the JVM exits, after the shared database
 * has stopped: a suite run leaves nothing behind (they once filled the disk of a machine that ran it often).
 */
public final class TestDatabase {

    private static final AtomicInteger DATABASES = new AtomicInteger();
    private static final List<Path> TEMPORARY = new CopyOnWriteArrayList<>();
    private static Database shared;

    static {
        // one hook, so the database stops before its directory goes
        Runtime.getRuntime().addShutdownHook(new Thread(TestDatabase::cleanUp, "test-database-clean-up"));
    }

    private TestDatabase() {
    }

    /** @return the JVM's shared test database, started on first use */
    public static synchronized Database shared() {
        if (shared == null) {
            Path dir = freshDirectory("openspine-test-db");
            shared = Database.open(new DatabaseConfig(new DatabaseConfig.Embedded(dir), 24));
        }
        return shared;
    }

    /**
     * A new, empty, migrated database of its own on the shared test server, for tests whose assertions
     * cover a whole table (a chain, a count) and so cannot share one. Cheaper than a server of its own.
     * The caller closes it; the database itself is left for the server's end.
     */
    public static Database fresh(String purpose) {
        return fresh(purpose, 8);
    }

    /** {@link #fresh(String)} with a pool of {@code poolSize} connections (one, to see a connection's own state) */
    public static Database fresh(String purpose, int poolSize) {
        Database server = shared();
        String name = purpose.toLowerCase().replaceAll("[^a-z0-9]", "_") + "_" + DATABASES.incrementAndGet();
        server.read(connection -> {
            try (Statement statement = connection.createStatement()) {
                statement.execute("CREATE DATABASE " + name);
            }
            return null;
        });
        String url = ((HikariDataSource) server.dataSource()).getJdbcUrl().replaceFirst("/postgres\\?", "/" + name + "?");
        return Database.open(new DatabaseConfig(new DatabaseConfig.External(url, "", ""), poolSize));
    }

    /** @return a new empty temporary directory, deleted with its contents when the JVM exits */
    public static Path freshDirectory(String prefix) {
        try {
            Path dir = Files.createTempDirectory(prefix);
            TEMPORARY.add(dir);
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void cleanUp() {
        Database database;
        synchronized (TestDatabase.class) {
            database = shared;
        }
        if (database != null) {
            database.close();
        }
        // a PostgreSQL that stopped slowly may write its statistics file after the first pass: look again
        for (int pass = 0; pass < 3 && TEMPORARY.stream().anyMatch(Files::exists); pass++) {
            if (pass > 0) {
                try {
                    Thread.sleep(500);
                } catch (InterruptedException e) {
                    return;
                }
            }
            TEMPORARY.forEach(TestDatabase::deleteQuietly);
        }
    }

    private static void deleteQuietly(Path dir) {
        try (Stream<Path> tree = Files.walk(dir)) {
            tree.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            // a leftover temporary directory is no test failure
        }
    }
}
