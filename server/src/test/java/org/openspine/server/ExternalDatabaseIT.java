package org.openspine.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openspine.platform.database.DatabaseConfig;
import org.openspine.platform.http.TestHttp;
import org.openspine.platform.database.TestDatabase;

/**
 * {@code --db-url}: OpenSpine on a PostgreSQL it did not start (here a separate server process),
 * with credentials from the environment, migrating it and serving from it.
 */
class ExternalDatabaseIT {

    @Test
    void withADatabaseUrlOpenSpineMigratesAndUsesThatPostgresql() throws Exception {
        try (EmbeddedPostgres external = EmbeddedPostgres.builder()
                .setDataDirectory(TestDatabase.freshDirectory("openspine-external-pg")).start()) {
            String url = "postgresql://localhost:" + external.getPort() + "/postgres";
            ServerConfig config = ServerConfig.parse(List.of("--port", "0", "--demo", "--db-url", url,
                    "--data-dir", TestDatabase.freshDirectory("openspine-unused").toString()),
                    Map.of("OPENSPINE_DB_USER", "postgres", "OPENSPINE_DB_PASSWORD", "unused-with-trust-auth"));
            assertThat(config.database().location()).isInstanceOf(DatabaseConfig.External.class);

            String id;
            try (OpenSpine openSpine = OpenSpine.start(config, Clock.systemUTC())) {
                TestHttp http = ServerTokens.signedIn("http://127.0.0.1:" + openSpine.port(), "integrator");
                TestHttp.Response created = http.post("/fhir/R4/Patient", "application/fhir+json",
                        "{\"resourceType\":\"Patient\",\"gender\":\"unknown\"}");
                assertThat(created.status()).isEqualTo(201);
                id = created.json().get("id").asText();
            }
            try (var connection = external.getPostgresDatabase().getConnection();
                 var statement = connection.prepareStatement("SELECT json FROM resource WHERE res_type = 'Patient' AND res_id = ?")) {
                statement.setString(1, id);
                try (var rows = statement.executeQuery()) {
                    assertThat(rows.next()).isTrue();
                    assertThat(rows.getString(1)).contains("\"id\":\"" + id + "\"");
                }
            }
        }
    }
}
