package org.openspine.platform.database;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A real embedded PostgreSQL for tests: one per test JVM, migrated by Flyway, in a fresh temporary
 * directory, stopped when the JVM exits. Tests share it, so each test uses its own ids and
 * identifiers rather than assuming an empty database.
 */
public final class TestDatabase {

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

    /** @return a new empty temporary directory */
    public static Path freshDirectory(String prefix) {
        try {
            return Files.createTempDirectory(prefix);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
