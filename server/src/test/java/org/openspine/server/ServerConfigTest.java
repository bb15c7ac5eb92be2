package org.openspine.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openspine.platform.database.DatabaseConfig;

class ServerConfigTest {

    @Test
    void defaultsArePort8080AnEmbeddedDatabaseInDataAndNoDemo() {
        ServerConfig config = ServerConfig.parse(List.of(), Map.of());

        assertThat(config.http().port()).isEqualTo(8080);
        assertThat(config.demo()).isFalse();
        assertThat(config.database().location()).isEqualTo(new DatabaseConfig.Embedded(Path.of("data").toAbsolutePath()));
    }

    @Test
    void flagsOverrideTheEnvironmentAndAnExternalUrlKeepsCredentialsFromTheEnvironment() {
        ServerConfig config = ServerConfig.parse(List.of("--demo", "--port", "9000", "--data-dir", "/tmp/x",
                "--db-url", "postgresql://db:5432/spine"), Map.of("OPENSPINE_PORT", "7000", "OPENSPINE_DB_USER", "spine",
                "OPENSPINE_DB_PASSWORD", "secret"));

        assertThat(config.http().port()).isEqualTo(9000);
        assertThat(config.demo()).isTrue();
        assertThat(config.dataDir()).isEqualTo(Path.of("/tmp/x"));
        DatabaseConfig.External external = (DatabaseConfig.External) config.database().location();
        assertThat(external.jdbcUrl()).isEqualTo("jdbc:postgresql://db:5432/spine");
        assertThat(external.user()).isEqualTo("spine");
        assertThat(external.toString()).doesNotContain("secret");
    }

    @Test
    void badOrUnknownSettingsAreRefusedNamingTheSetting() {
        assertThatThrownBy(() -> ServerConfig.parse(List.of("--port", "eighty"), Map.of()))
                .hasMessageContaining("--port").hasMessageContaining("eighty");
        assertThatThrownBy(() -> ServerConfig.parse(List.of("--port", "70000"), Map.of()))
                .hasMessageContaining("port");
        assertThatThrownBy(() -> ServerConfig.parse(List.of("--colour", "blue"), Map.of()))
                .hasMessageContaining("unknown option --colour");
        assertThatThrownBy(() -> ServerConfig.parse(List.of("--db-url"), Map.of()))
                .hasMessageContaining("--db-url needs a value");
        assertThatThrownBy(() -> ServerConfig.parse(List.of("--db-url", "mysql://x/y"), Map.of()))
                .hasMessageContaining("PostgreSQL");
    }
}
