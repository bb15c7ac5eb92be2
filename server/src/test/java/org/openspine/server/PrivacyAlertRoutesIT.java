package org.openspine.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.openspine.platform.http.TestHttp;
import org.openspine.platform.database.TestDatabase;

class PrivacyAlertRoutesIT {

    @Test
    void aBreakGlassReadReachesThePrivacyOfficerWhoAcknowledgesItOnce() throws Exception {
        Path dataDir = TestDatabase.freshDirectory("openspine-alerts");
        ServerConfig config = ServerConfig.parse(List.of("--port", "0", "--demo", "--data-dir", dataDir.toString()), Map.of());
        try (OpenSpine openSpine = OpenSpine.start(config, Clock.systemUTC())) {
            DemoSeed.run(openSpine);
            String base = "http://127.0.0.1:" + openSpine.port();
            String patient = ServerTokens.signedIn(base, "integrator")
                    .get("/fhir/R4/Patient?_count=1").json()
                    .at("/entry/0/resource/id").asText();
            TestHttp consultant = ServerTokens.signedIn(base, "consultant");
            TestHttp.Response read = consultant.request("GET", "/fhir/R4/Patient/" + patient)
                    .header("X-Break-Glass-Reason", "collapsed in clinic, no GP record available").send();
            assertThat(read.status()).isEqualTo(200);

            TestHttp officer = ServerTokens.signedIn(base, "privacy-officer");
            JsonNode alert = StreamSupport.stream(officer.get(PrivacyAlertRoutes.PATH).json().get("alerts").spliterator(), false)
                    .filter(a -> a.get("patients").toString().contains("Patient/" + patient)).findFirst().orElseThrow();
            assertThat(alert.get("reason").asText()).isEqualTo("collapsed in clinic, no GP record available");
            assertThat(alert.at("/agent/name").asText()).isNotBlank();
            assertThat(officer.get("/fhir/R4/" + alert.get("auditEvent").asText()).status()).isEqualTo(200);

            String acknowledge = PrivacyAlertRoutes.PATH + "/" + alert.get("id").asLong() + "/acknowledge";
            TestHttp.Response acknowledged = officer.post(acknowledge, "application/json", "{\"note\":\"justified: emergency\"}");
            assertThat(acknowledged.status()).isEqualTo(200);
            assertThat(acknowledged.json().at("/acknowledged/note").asText()).isEqualTo("justified: emergency");
            assertThat(officer.post(acknowledge, "application/json", "{}").status()).isEqualTo(409);
            assertThat(officer.get(PrivacyAlertRoutes.PATH).text()).doesNotContain("\"id\":" + alert.get("id").asLong() + ",");

            assertThat(officer.post(PrivacyAlertRoutes.PATH + "/999999999/acknowledge", "application/json", "{}").status())
                    .isEqualTo(404);
            assertThat(officer.post(acknowledge, "application/json", "[1,2]").status()).isEqualTo(400);
            for (String user : List.of("gp", "patient", "integrator")) {
                assertThat(ServerTokens.signedIn(base, user).get(PrivacyAlertRoutes.PATH).status()).as(user).isEqualTo(403);
            }
            assertThat(new TestHttp(base).get(PrivacyAlertRoutes.PATH).status()).isEqualTo(401);
        }
    }
}
