package org.openspine.platform.database;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Where the database is and how many connections to keep.
 *
 * @param location embedded (in a data directory) or external (a JDBC URL)
 * @param poolSize connections in the pool; each serves one request or job at a time
 */
public record DatabaseConfig(Location location, int poolSize) {

    public DatabaseConfig {
        Objects.requireNonNull(location, "location");
        if (poolSize < 1 || poolSize > 500) {
            throw new IllegalArgumentException("database pool size must be 1..500, was " + poolSize);
        }
    }

    /** Where the PostgreSQL server is. */
    public sealed interface Location permits Embedded, External {
    }

    /**
     * A PostgreSQL server OpenSpine starts itself, keeping its files under {@code dataDir}/postgres;
     * the data survives restarts.
     */
    public record Embedded(Path dataDir) implements Location {
        public Embedded {
            Objects.requireNonNull(dataDir, "dataDir");
        }
    }

    /**
     * An existing PostgreSQL server.
     *
     * @param jdbcUrl  e.g. {@code jdbc:postgresql://db:5432/openspine}; a {@code postgresql://} URL is accepted too
     * @param user     may be empty when the URL carries it
     * @param password may be empty when the URL carries it; never logged
     */
    public record External(String jdbcUrl, String user, String password) implements Location {
        public External {
            Objects.requireNonNull(jdbcUrl, "jdbcUrl");
            if (jdbcUrl.startsWith("postgresql://") || jdbcUrl.startsWith("postgres://")) {
                jdbcUrl = "jdbc:postgresql://" + jdbcUrl.substring(jdbcUrl.indexOf("://") + 3);
            }
            if (!jdbcUrl.startsWith("jdbc:postgresql:")) {
                throw new IllegalArgumentException("database URL must be a PostgreSQL URL (jdbc:postgresql://host/db), was "
                        + jdbcUrl.replaceAll("password=[^&]*", "password=***"));
            }
            user = user == null ? "" : user;
            password = password == null ? "" : password;
        }

        @Override
        public String toString() {
            return "External[" + jdbcUrl.replaceAll("password=[^&]*", "password=***") + ", user=" + user + "]";
        }
    }
}
