package org.openspine.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openspine.platform.http.TestHttp;
import org.openspine.platform.identifier.NhsNumber;

/**
 * GP registration over HTTP on a demo server: {@code $register-gp} and {@code $deregister-gp} change the
 * history and {@code Patient.generalPractitioner} together, the legitimate relationship follows them (the
 * old practice's staff lose the record, the new practice's gain it), and bad requests are 4xx
 * OperationOutcomes.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GpRegistrationIT {

    private static final String AT_SECOND_PRACTICE = "555000000012";
    private static final String PARAMETERS = "application/fhir+json";
    private static final ZoneId LONDON = ZoneId.of("Europe/London");

    private DemoServer server;
    private String base;
    private TestHttp integrator;
    private TestHttp gp;
    private TestHttp nurse;
    private String nhsNumber;
    private String patient;

    @BeforeAll
    void start() {
        server = DemoServer.start("openspine-registration");
        base = server.base();
        integrator = server.as("integrator");
        gp = server.as("gp");
        nurse = server.as("nurse");
    }

    @AfterAll
    void stop() {
        server.close();
    }

    @BeforeEach
    void aNewPatientWithNoPractice() {
        nhsNumber = nhsNumber();
        TestHttp.Response created = integrator.post("/fhir/R4/Patient", PARAMETERS, "{\"resourceType\":\"Patient\","
                + "\"identifier\":[{\"system\":\"" + NhsNumber.SYSTEM + "\",\"value\":\"" + nhsNumber + "\"}],"
                + "\"name\":[{\"family\":\"Moved\",\"given\":[\"Alex\"]}],\"birthDate\":\"1990-02-03\"}");
        assertThat(created.status()).as(created.text()).isEqualTo(201);
        patient = created.json().get("id").asText();
    }

    @Test
    void theRelationshipFollowsTheRegistrationFromOnePracticeToAnother() {
        assertThat(nurse.get("/fhir/R4/Patient/" + patient).status()).as("no practice yet").isEqualTo(403);

        TestHttp.Response registered = gp.post(operation(patient, "$register-gp"), PARAMETERS,
                parameters(practice("A81001"), date("start", "2019-04-01")));

        assertThat(registered.status()).as(registered.text()).isEqualTo(201);
        JsonNode first = registered.json().at("/parameter/0/resource");
        assertThat(registered.json().at("/parameter/0/name").asText()).isEqualTo("registration");
        assertThat(registered.header("Location")).isEqualTo(base + "/fhir/R4/EpisodeOfCare/" + first.get("id").asText());
        assertThat(first.at("/status").asText()).isEqualTo("active");
        assertThat(first.at("/managingOrganization/identifier/value").asText()).isEqualTo("A81001");
        assertThat(nurse.get("/fhir/R4/Patient/" + patient).status()).as("the practice's nurse now").isEqualTo(200);
        assertThat(atSecondPractice("GET", "/fhir/R4/Patient/" + patient, null).status()).isEqualTo(403);

        LocalDate dayBefore = LocalDate.now(LONDON); // the move may straddle midnight
        TestHttp.Response moved = atSecondPractice("POST", "/fhir/R4/Patient/$register-gp",
                parameters(patientNumber(nhsNumber), practice("A81002")));
        LocalDate dayAfter = LocalDate.now(LONDON);

        assertThat(moved.status()).as(moved.text()).isEqualTo(201);
        LocalDate started = LocalDate.parse(moved.json().at("/parameter/0/resource/period/start").asText());
        assertThat(started).as("the new registration starts today").isBetween(dayBefore, dayAfter);
        assertThat(moved.json().at("/parameter/1/name").asText()).isEqualTo("ended");
        JsonNode ended = moved.json().at("/parameter/1/resource");
        assertThat(ended.at("/status").asText()).isEqualTo("finished");
        assertThat(ended.at("/period/end").asText()).isEqualTo(started.minusDays(1).toString());
        assertThat(nurse.get("/fhir/R4/Patient/" + patient).status()).as("the old practice loses it").isEqualTo(403);
        TestHttp.Response seen = atSecondPractice("GET", "/fhir/R4/Patient/" + patient, null);
        assertThat(seen.status()).as("the new practice gains it").isEqualTo(200);
        assertThat(seen.json().at("/generalPractitioner/0/identifier/value").asText()).isEqualTo("A81002");
        assertThat(seen.json().at("/generalPractitioner").size()).isEqualTo(1);
        JsonNode history = atSecondPractice("GET", "/fhir/R4/EpisodeOfCare?patient=Patient/" + patient + "&_sort=-date", null)
                .json();
        assertThat(history.get("total").asInt()).isEqualTo(2);
        assertThat(history.at("/entry/1/resource/extension/0/valueCodeableConcept/coding/0/code").asText())
                .isEqualTo("registered-elsewhere");

        TestHttp.Response left = atSecondPractice("POST", operation(patient, "$deregister-gp"),
                parameters("{\"name\":\"reason\",\"valueCoding\":{\"system\":\"https://fhir.nhs.uk/CodeSystem/"
                        + "PDS-RemovalReasonExitCode\",\"code\":\"RPR\"}}"));

        assertThat(left.status()).as(left.text()).isEqualTo(200);
        assertThat(left.json().at("/parameter/0/resource/extension/0/valueCodeableConcept/coding/0/display").asText())
                .isEqualTo("Patient request");
        assertThat(atSecondPractice("GET", "/fhir/R4/Patient/" + patient, null).status()).isEqualTo(403);
        assertThat(integrator.get("/fhir/R4/Patient/" + patient).json().has("generalPractitioner")).isFalse();
    }

    @Test
    void registeringTwiceAtOnePracticeAnswers200AndTheOperationsAreAudited() {
        String body = parameters(practice("A81001"));
        assertThat(gp.post(operation(patient, "$register-gp"), PARAMETERS, body).status()).isEqualTo(201);

        TestHttp.Response again = gp.post(operation(patient, "$register-gp"), PARAMETERS, body);

        assertThat(again.status()).isEqualTo(200);
        assertThat(again.header("Location")).isNull();
        JsonNode events = server.as("privacy-officer")
                .get("/fhir/R4/AuditEvent?patient=" + patient + "&subtype=operation").json();
        assertThat(events.path("entry").size()).isEqualTo(2);
    }

    @Test
    void staffChangeOnlyTheirOwnPracticesRegistrationsAndPatientsNone() {
        assertRefusal(nurse.post(operation(patient, "$register-gp"), PARAMETERS, parameters(practice("A81002"))), 403,
                "forbidden", "staff register patients at the organisation they act for (A81001), not at A81002");
        assertThat(server.as("receptionist").post(operation(patient, "$register-gp"), PARAMETERS,
                parameters(practice("A81001"))).status()).as("reception registers patients").isEqualTo(201);
        assertRefusal(atSecondPractice("POST", operation(patient, "$deregister-gp"), parameters(reason("RPR"))), 403,
                "forbidden", "staff deregister patients of the organisation they act for (A81002) only");
        assertThat(server.as("patient").post(operation(patient, "$deregister-gp"), PARAMETERS,
                parameters(reason("RPR"))).status()).isEqualTo(403);
        assertThat(server.as("pharmacist").post(operation(patient, "$register-gp"), PARAMETERS,
                parameters(practice("FA001"))).status()).isEqualTo(403);
        assertThat(new TestHttp(base).post(operation(patient, "$register-gp"), PARAMETERS, parameters(practice("A81001")))
                .status()).isEqualTo(401);
    }

    @Test
    void badRequestsAreFourHundredsWithAnOperationOutcome() {
        String register = operation(patient, "$register-gp");
        assertRefusal(integrator.post(register, PARAMETERS, "{not json"), 400, "invalid", null);
        assertRefusal(integrator.post(register, PARAMETERS, "{\"resourceType\":\"Patient\"}"), 400, "invalid",
                "the body must be a FHIR Parameters resource");
        assertRefusal(integrator.post(register, PARAMETERS, parameters("{\"name\":\"doctor\",\"valueString\":\"x\"}")), 400,
                "invalid", "unknown parameter 'doctor'; this operation takes practice, start");
        assertRefusal(integrator.post(register, PARAMETERS, parameters(practice("A81001"), practice("A81002"))), 400,
                "invalid", "parameter 'practice' is given twice");
        assertRefusal(integrator.post(register, PARAMETERS, parameters(date("start", "2020-01-01"))), 400, "required",
                "parameter 'practice' is required");
        assertRefusal(integrator.post(register, PARAMETERS, parameters(practice("A81001"), date("start", "2020-13-01"))),
                400, "invalid", "parameter 'start' is not a date: 2020-13-01");
        assertRefusal(integrator.post(register, PARAMETERS, parameters(practice("A81001"),
                "{\"name\":\"start\",\"valueString\":\"2020-01-01\"}")), 400, "invalid",
                "parameter 'start' takes valueDate, not valueString");
        assertRefusal(integrator.post(register, PARAMETERS, parameters(practice("RX1"))), 422, "business-rule",
                "RX1 is not a GP practice (NHS trust)");
        assertRefusal(integrator.post(register, PARAMETERS, parameters(practice("A81005"))), 422, "business-rule",
                "practice A81005 is closed");
        assertRefusal(integrator.post(register, PARAMETERS, parameters(practice("Z99999"))), 422, "not-found",
                "practice Z99999 is not in the directory");
        assertRefusal(integrator.post(register, PARAMETERS, parameters(practice("A81001"),
                date("start", LocalDate.now(LONDON).plusDays(2).toString()))), 422, "business-rule", null);
        assertRefusal(integrator.post("/fhir/R4/Patient/no-such-patient/$register-gp", PARAMETERS,
                parameters(practice("A81001"))), 404, "not-found", "no Patient/no-such-patient");
        assertRefusal(integrator.post("/fhir/R4/Patient/$register-gp", PARAMETERS, parameters(practice("A81001"))), 400,
                "required", "parameter 'patient' is required");
        assertRefusal(integrator.post("/fhir/R4/Patient/$register-gp", PARAMETERS, parameters(practice("A81001"),
                patientNumber("9000000000"))), 400, "invalid", "parameter 'patient' is not a valid NHS Number: 9000000000");
        assertRefusal(integrator.post(register, "text/plain", parameters(practice("A81001"))), 415, "not-supported", null);
        String deregister = operation(patient, "$deregister-gp");
        assertRefusal(integrator.post(deregister, PARAMETERS, parameters(reason("XYZ"))), 400, "invalid", null);
        assertRefusal(integrator.post(deregister, PARAMETERS, parameters(reason("RPR"))), 409, "conflict",
                "Patient/" + patient + " has no current GP registration");
        assertRefusal(integrator.post(deregister, PARAMETERS, parameters()), 400, "required",
                "parameter 'reason' is required");
        assertThat(integrator.get("/fhir/R4/EpisodeOfCare?patient=Patient/" + patient).json().get("total").asInt()).isZero();
    }

    // ---- helpers --------------------------------------------------------------------------------

    private TestHttp.Response atSecondPractice(String method, String path, String body) {
        TestHttp.Call call = gp.request(method, path).header("NHSD-Session-URID", AT_SECOND_PRACTICE);
        if (body != null) {
            call.header("Content-Type", PARAMETERS).body(body);
        }
        return call.send();
    }

    private static void assertRefusal(TestHttp.Response response, int status, String code, String diagnostics) {
        assertThat(response.status()).as(response.text()).isEqualTo(status);
        JsonNode outcome = response.json();
        assertThat(outcome.get("resourceType").asText()).isEqualTo("OperationOutcome");
        assertThat(outcome.at("/issue/0/code").asText()).as(response.text()).isEqualTo(code);
        if (diagnostics != null) {
            assertThat(outcome.at("/issue/0/diagnostics").asText()).isEqualTo(diagnostics);
        }
    }

    private static String operation(String patient, String name) {
        return "/fhir/R4/Patient/" + patient + "/" + name;
    }

    private static String parameters(String... parameters) {
        return "{\"resourceType\":\"Parameters\",\"parameter\":[" + String.join(",", parameters) + "]}";
    }

    private static String practice(String odsCode) {
        return "{\"name\":\"practice\",\"valueIdentifier\":{\"system\":\"https://fhir.nhs.uk/Id/ods-organization-code\","
                + "\"value\":\"" + odsCode + "\"}}";
    }

    private static String patientNumber(String nhsNumber) {
        return "{\"name\":\"patient\",\"valueIdentifier\":{\"system\":\"" + NhsNumber.SYSTEM + "\",\"value\":\"" + nhsNumber
                + "\"}}";
    }

    private static String date(String name, String value) {
        return "{\"name\":\"" + name + "\",\"valueDate\":\"" + value + "\"}";
    }

    private static String reason(String code) {
        return "{\"name\":\"reason\",\"valueCode\":\"" + code + "\"}";
    }

    private static String nhsNumber() {
        while (true) {
            String stem = "98" + ThreadLocalRandom.current().nextInt(1_000_000, 9_999_999);
            int check = NhsNumber.checkDigit(stem);
            if (check >= 0) {
                return stem + check;
            }
        }
    }
}
