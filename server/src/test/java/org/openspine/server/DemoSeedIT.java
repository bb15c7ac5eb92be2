package org.openspine.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openspine.platform.identifier.NhsNumber;
import org.openspine.platform.http.TestHttp;
import org.openspine.platform.database.TestDatabase;

class DemoSeedIT {

    @Test
    void demoSeedsFiftyPatientsWithValidNhsNumbersAndTheirRecordsOnceOnly() throws Exception {
        Path dataDir = TestDatabase.freshDirectory("openspine-demo");
        ServerConfig config = ServerConfig.parse(List.of("--port", "0", "--host", "127.0.0.1", "--demo",
                "--data-dir", dataDir.toString()), Map.of());
        try (OpenSpine openSpine = OpenSpine.start(config, Clock.systemUTC())) {
            DemoSeed.run(openSpine);
            DemoSeed.run(openSpine); // a second start adds nothing
            TestHttp http = ServerTokens.signedIn("http://127.0.0.1:" + openSpine.port(), "integrator");

            JsonNode patients = http.get("/fhir/R4/Patient?_count=100").json();
            assertThat(patients.get("total").asInt()).isEqualTo(DemoSeed.PATIENTS + DemoSeed.SANDBOX_PATIENTS);
            for (JsonNode entry : patients.get("entry")) {
                JsonNode nhs = entry.at("/resource/identifier/0");
                assertThat(nhs.get("system").asText()).isEqualTo(NhsNumber.SYSTEM);
                assertThat(NhsNumber.isValid(nhs.get("value").asText())).isTrue();
            }
            for (String type : List.of("Organization", "Practitioner", "Condition", "AllergyIntolerance",
                    "MedicationRequest", "Observation", "Encounter")) {
                assertThat(http.get("/fhir/R4/" + type + "?_count=1").json().at("/entry/0/resource/resourceType").asText())
                        .as(type).isEqualTo(type);
            }
            int rows = openSpine.database().read(connection -> {
                try (var statement = connection.createStatement();
                     var result = statement.executeQuery("SELECT count(*) FROM resource WHERE res_type = 'Condition' "
                             + "AND patient_id IS NULL")) {
                    result.next();
                    return result.getInt(1);
                }
            });
            assertThat(rows).as("every Condition is in a patient compartment").isZero();
        }
    }
}
