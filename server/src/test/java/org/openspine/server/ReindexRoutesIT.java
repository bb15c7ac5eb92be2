package org.openspine.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.openspine.platform.http.TestHttp;
import org.openspine.platform.database.TestDatabase;

class ReindexRoutesIT {

    @Test
    void postingReindexRebuildsEveryResourcesIndexInTheBackgroundAndGetReportsItsProgress() throws Exception {
        Path dataDir = TestDatabase.freshDirectory("openspine-reindex");
        ServerConfig config = ServerConfig.parse(List.of("--port", "0", "--demo", "--data-dir", dataDir.toString()), Map.of());
        try (OpenSpine openSpine = OpenSpine.start(config, Clock.systemUTC())) {
            DemoSeed.run(openSpine);
            TestHttp http = ServerTokens.signedIn("http://127.0.0.1:" + openSpine.port(), "integrator");
            String byName = "/fhir/R4/Patient?family=campbell";
            int before = http.get(byName).json().get("total").asInt();
            openSpine.database().inTransaction(connection -> {
                try (var statement = connection.createStatement()) {
                    return statement.executeUpdate("DELETE FROM idx_string");
                }
            });
            assertThat(http.get(byName).json().get("total").asInt()).isZero();

            TestHttp.Response started = http.post("/fhir/R4/$reindex", "application/fhir+json", "");
            assertThat(started.status()).isEqualTo(202);
            assertThat(started.json().at("/issue/0/diagnostics").asText()).contains("reindex started");

            JsonNode progress = http.get("/fhir/R4/$reindex").json();
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
            while (!(value(progress, "done") && !value(progress, "running")) && System.nanoTime() < deadline) {
                Thread.sleep(100);
                progress = http.get("/fhir/R4/$reindex").json();
            }
            assertThat(value(progress, "done")).isTrue();
            assertThat(progress.at("/parameter/2/valueInteger").asLong())
                    .isEqualTo(progress.at("/parameter/3/valueInteger").asLong()).isPositive();
            assertThat(before).isPositive();
            assertThat(http.get(byName).json().get("total").asInt()).isEqualTo(before);
        }
    }

    private static boolean value(JsonNode parameters, String name) {
        for (JsonNode parameter : parameters.get("parameter")) {
            if (parameter.get("name").asText().equals(name)) {
                return parameter.get("valueBoolean").asBoolean();
            }
        }
        throw new AssertionError("no parameter " + name + " in " + parameters);
    }
}
