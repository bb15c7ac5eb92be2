package org.openspine.platform.database;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.openspine.platform.error.OpenSpineException;

class DatabaseIT {

    @Test
    void embeddedDataSurvivesARestartAndTheDirectoryCannotBeOpenedTwice() {
        Path dir = TestDatabase.freshDirectory("openspine-db-restart");
        DatabaseConfig config = new DatabaseConfig(new DatabaseConfig.Embedded(dir), 2);
        try (Database first = Database.open(config)) {
            first.inTransaction(c -> {
                try (Statement s = c.createStatement()) {
                    s.execute("CREATE TABLE kept (v text)");
                    s.execute("INSERT INTO kept VALUES ('still here')");
                }
                return null;
            });
            assertThatThrownBy(() -> Database.open(config))
                    .hasMessageContaining("in use by another running OpenSpine");
        }
        try (Database second = Database.open(config)) {
            String value = second.read(c -> {
                try (Statement s = c.createStatement(); ResultSet rows = s.executeQuery("SELECT v FROM kept")) {
                    rows.next();
                    return rows.getString(1);
                }
            });
            assertThat(value).isEqualTo("still here");
        }
    }

    @Test
    void aFailingTransactionLeavesNothingAndAUniqueViolationIsAConflict() {
        Database database = TestDatabase.shared();
        database.inTransaction(c -> {
            try (Statement s = c.createStatement()) {
                s.execute("CREATE TABLE IF NOT EXISTS rollback_probe (k text PRIMARY KEY)");
            }
            return null;
        });

        assertThatThrownBy(() -> database.inTransaction(c -> {
            try (Statement s = c.createStatement()) {
                s.execute("INSERT INTO rollback_probe VALUES ('a')");
                throw new OpenSpineException.Invalid("invalid", "refused after the insert");
            }
        })).isInstanceOf(OpenSpineException.Invalid.class);
        assertThatThrownBy(() -> database.inTransaction(c -> {
            try (Statement s = c.createStatement()) {
                s.execute("INSERT INTO rollback_probe VALUES ('b')");
                s.execute("INSERT INTO rollback_probe VALUES ('b')");
            }
            return null;
        })).isInstanceOf(OpenSpineException.Conflict.class);

        int rows = database.read(c -> {
            try (Statement s = c.createStatement(); ResultSet r = s.executeQuery("SELECT count(*) FROM rollback_probe")) {
                r.next();
                return r.getInt(1);
            }
        });
        assertThat(rows).isZero();
    }

    @Test
    void aBadExternalUrlIsRefusedNamingPostgresqlAndHidingThePassword() {
        assertThatThrownBy(() -> new DatabaseConfig.External("mysql://host/db?password=secret", "", ""))
                .hasMessageContaining("PostgreSQL").hasMessageNotContaining("secret");
        assertThat(new DatabaseConfig.External("postgresql://h:5432/db", null, null).jdbcUrl())
                .isEqualTo("jdbc:postgresql://h:5432/db");
    }
}
