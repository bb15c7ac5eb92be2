package org.openspine.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openspine.platform.audit.AuditQuery;
import org.openspine.platform.audit.AuditSubtype;
import org.openspine.platform.http.TestHttp;
import org.openspine.platform.identifier.NhsNumber;
import org.openspine.platform.security.token.DemoUsers;
import org.openspine.platform.database.TestDatabase;

/**
 * The PDS-compatible demographics API over HTTP on a demo server: the sandbox numbers, every rule of
 * retrieve, search, update and create, and each Spine error code.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DemographicsIT {

    private static final String PDS = "/personal-demographics/FHIR/R4";
    private static final String SPINE = "https://fhir.nhs.uk/R4/CodeSystem/Spine-ErrorOrWarningCode";

    private OpenSpine openSpine;
    private String base;
    private TestHttp gp;

    @BeforeAll
    void start() throws Exception {
        Path dataDir = TestDatabase.freshDirectory("openspine-pds");
        ServerConfig config = ServerConfig.parse(List.of("--port", "0", "--demo", "--data-dir", dataDir.toString(),
                "--nhs-number-range", "999990000-999999999"), Map.of());
        openSpine = OpenSpine.start(config, Clock.systemUTC());
        DemoSeed.run(openSpine);
        base = "http://127.0.0.1:" + openSpine.port();
        gp = ServerTokens.signedIn(base, "gp");
    }

    @AfterAll
    void stop() {
        openSpine.close();
    }

    // ---- retrieve -------------------------------------------------------------------------------

    @Test
    void retrieveAnswersTheSandboxNormalRecordInThePdsShapeEchoingTheRequestHeaders() {
        String requestId = UUID.randomUUID().toString();
        TestHttp.Response response = gp.request("GET", PDS + "/Patient/9000000009").header("X-Request-ID", requestId)
                .header("X-Correlation-ID", "corr-11").send();

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.header("X-Request-ID")).isEqualTo(requestId);
        assertThat(response.header("X-Correlation-ID")).isEqualTo("corr-11");
        JsonNode patient = response.json();
        assertThat(patient.get("id").asText()).isEqualTo("9000000009");
        assertThat(response.header("ETag")).isEqualTo("W/\"" + patient.at("/meta/versionId").asText() + "\"");
        assertThat(patient.at("/meta/security/0/code").asText()).isEqualTo("U");
        assertThat(patient.at("/identifier/0/system").asText()).isEqualTo(NhsNumber.SYSTEM);
        assertThat(patient.at("/identifier/0/value").asText()).isEqualTo("9000000009");
        assertThat(patient.at("/name/0/family").asText()).isEqualTo("Smith");
        assertThat(patient.at("/birthDate").asText()).isEqualTo("2010-10-22");
        assertThat(patient.at("/address/0/postalCode").asText()).isEqualTo("LS1 6AE");
        assertThat(patient.at("/generalPractitioner/0/identifier/value").asText()).isEqualTo("A81001");
        assertThat(patient.at("/generalPractitioner/0/identifier/system").asText())
                .isEqualTo("https://fhir.nhs.uk/Id/ods-organization-code");
    }

    @Test
    void aRestrictedRecordShowsNoAddressTelecomContactOrGp() {
        JsonNode patient = get(gp, PDS + "/Patient/9000000025").json();

        assertThat(patient.at("/meta/security/0/code").asText()).isEqualTo("R");
        assertThat(patient.at("/name/0/family").asText()).isEqualTo("Smythe");
        assertThat(patient.has("address") || patient.has("telecom") || patient.has("contact")
                || patient.has("generalPractitioner")).isFalse();
    }

    @Test
    void theMinimalRecordHasItsNumberAndNothingElse() {
        JsonNode patient = get(gp, PDS + "/Patient/9000000033").json();

        assertThat(patient.get("id").asText()).isEqualTo("9000000033");
        List<String> fields = new java.util.ArrayList<>();
        patient.fieldNames().forEachRemaining(fields::add);
        assertThat(fields).containsExactlyInAnyOrder("resourceType", "id", "meta", "identifier");
    }

    @Test
    void aSupersededNumberAnswersWithTheSurvivingRecord() {
        TestHttp.Response response = get(gp, PDS + "/Patient/9000000041");

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.json().get("id").asText()).isEqualTo("9000000009");
    }

    @Test
    void anInvalidNumberIs400AndAValidUnknownOne404() {
        assertSpineError(get(gp, PDS + "/Patient/9000000000"), 400, "INVALID_RESOURCE_ID");
        assertSpineError(get(gp, PDS + "/Patient/90000000"), 400, "INVALID_RESOURCE_ID");
        assertSpineError(get(gp, PDS + "/Patient/9111231130"), 404, "RESOURCE_NOT_FOUND");
    }

    @Test
    void theRequestIdIsRequiredAndMustBeAUuid() {
        assertSpineError(gp.get(PDS + "/Patient/9000000009"), 400, "MISSING_VALUE");
        TestHttp.Response notUuid = gp.request("GET", PDS + "/Patient/9000000009").header("X-Request-ID", "1234").send();
        assertSpineError(notUuid, 400, "INVALID_VALUE");
        assertThat(notUuid.header("X-Request-ID")).isEqualTo("1234");
    }

    @Test
    void withoutATokenNothingIsAnsweredAndEveryLookIsAudited() {
        assertThat(new TestHttp(base).request("GET", PDS + "/Patient/9000000009")
                .header("X-Request-ID", UUID.randomUUID().toString()).send().status()).isEqualTo(401);

        TestHttp receptionist = ServerTokens.signedIn(base, "receptionist");
        assertThat(get(receptionist, PDS + "/Patient/9000000017").status()).isEqualTo(200);
        String receptionistId = DemoUsers.caller("receptionist").id();
        assertThat(openSpine.audit().log().search(AuditQuery.all().withAgent(receptionistId)
                .withSubtype(AuditSubtype.READ)).entries()).singleElement()
                .satisfies(event -> assertThat(event.record().patients()).hasSize(1));
    }

    @Test
    void aPatientRetrievesTheirOwnRecordOnly() {
        TestHttp patient = ServerTokens.signedIn(base, "patient");

        assertThat(get(patient, PDS + "/Patient/9000000009").status()).isEqualTo(200);
        assertSpineError(get(patient, PDS + "/Patient/9000000017"), 403, "ACCESS_DENIED");
        assertSpineError(get(patient, PDS + "/Patient?family=Smith&birthdate=2010-10-22"), 403, "ACCESS_DENIED");
    }

    // ---- search ---------------------------------------------------------------------------------

    @Test
    void aSearchByFamilyAndBirthDateFindsThePersonOnceWithAScore() {
        JsonNode bundle = get(gp, PDS + "/Patient?family=smith&birthdate=eq2010-10-22").json();

        assertThat(bundle.get("type").asText()).isEqualTo("searchset");
        assertThat(bundle.get("total").asInt()).isEqualTo(1);
        assertThat(bundle.at("/entry/0/resource/id").asText()).isEqualTo("9000000009");
        assertThat(bundle.at("/entry/0/fullUrl").asText()).isEqualTo(base + PDS + "/Patient/9000000009");
        assertThat(bundle.at("/entry/0/search/score").asDouble()).isEqualTo(1.0);
    }

    @Test
    void namesMatchWholeOrByWildcardAndGivenNamesNarrow() {
        assertThat(total(PDS + "/Patient?family=Smi*&birthdate=2010-10-22")).isEqualTo(1);
        assertThat(total(PDS + "/Patient?family=Smi&birthdate=2010-10-22")).isZero();
        assertThat(total(PDS + "/Patient?family=Smith&given=Jane&birthdate=2010-10-22&gender=female")).isEqualTo(1);
        assertThat(total(PDS + "/Patient?family=Smith&given=Mary&birthdate=2010-10-22")).isZero();
        assertThat(total(PDS + "/Patient?family=smith&birthdate=2010-10-22&_exact-match=true")).isZero();
        assertThat(total(PDS + "/Patient?family=Smith&birthdate=ge1978-01-01&birthdate=le1978-12-31")).isEqualTo(1);
        assertThat(total(PDS + "/Patient?family=Smith&birthdate=2010-10-22&email=jane.smith@example.com")).isEqualTo(1);
        JsonNode none = get(gp, PDS + "/Patient?family=Nobody&birthdate=2010-10-22").json();
        assertThat(none.get("total").asInt()).isZero();
        assertThat(none.has("entry")).isFalse();
    }

    @Test
    void restrictedRecordsAreFoundRedactedButNeverByPostcodeOrGp() {
        JsonNode byName = get(gp, PDS + "/Patient?family=Smythe&birthdate=2010-10-22").json();
        assertThat(byName.get("total").asInt()).isEqualTo(1);
        assertThat(byName.at("/entry/0/resource").has("address")).isFalse();

        assertThat(total(PDS + "/Patient?family=Smythe&birthdate=2010-10-22&address-postalcode=LS62AB")).isZero();
        assertThat(total(PDS + "/Patient?family=Smythe&birthdate=2010-10-22&general-practitioner=A81001")).isZero();
        assertThat(total(PDS + "/Patient?family=Smith&birthdate=2010-10-22&address-postalcode=ls16ae")).isEqualTo(1);
        assertThat(total(PDS + "/Patient?family=Smith&birthdate=2010-10-22&general-practitioner=A81001")).isEqualTo(1);
    }

    @Test
    void moreMatchesThanMaxResultsIsTooManyMatches() {
        TestHttp.Response response = get(gp, PDS + "/Patient?family=Smith&birthdate=ge1970-01-01&birthdate=le2011-01-01"
                + "&_max-results=1");

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.json().at("/issue/0/severity").asText()).isEqualTo("information");
        assertThat(response.json().at("/issue/0/details/coding/0/code").asText()).isEqualTo("TOO_MANY_MATCHES");
    }

    @Test
    void badSearchesGetTheirSpineCodes() {
        assertSpineError(get(gp, PDS + "/Patient"), 400, "UNSUPPORTED_SERVICE");
        assertSpineError(get(gp, PDS + "/Patient?family=Smith&birthdate=2010-10-22&pets=dog"), 400, "ADDITIONAL_PROPERTIES");
        assertSpineError(get(gp, PDS + "/Patient?family=Smith&birthdate=2010-13-45"), 400, "INVALID_VALUE");
        assertSpineError(get(gp, PDS + "/Patient?family=Smith&birthdate=gt2010-10-22"), 400, "INVALID_VALUE");
        assertSpineError(get(gp, PDS + "/Patient?family=Smith"), 400, "MISSING_VALUE");
        assertSpineError(get(gp, PDS + "/Patient?birthdate=2010-10-22"), 400, "INVALID_SEARCH_DATA");
        assertSpineError(get(gp, PDS + "/Patient?family=S*&birthdate=2010-10-22"), 400, "INVALID_SEARCH_DATA");
        assertSpineError(get(gp, PDS + "/Patient?family=Smith&birthdate=2010-10-22&_max-results=51"), 400, "INVALID_VALUE");
        assertSpineError(get(gp, PDS + "/Patient?family=Smith&birthdate=2010-10-22&gender=f"), 400, "INVALID_VALUE");
    }

    @Test
    void aFuzzySearchFindsThePersonThroughSlipsAndScoresTheMatches() {
        JsonNode typo = get(gp, PDS + "/Patient?family=Smyth&given=Jnae&birthdate=2010-10-22&_fuzzy-match=true").json();
        assertThat(typo.get("total").asInt()).as(typo.toString()).isPositive();
        assertThat(typo.at("/entry/0/resource/id").asText()).isEqualTo("9000000009");
        double best = typo.at("/entry/0/search/score").asDouble();
        assertThat(best).isGreaterThan(0.5).isLessThan(1.0); // two slips: likely, not certain
        for (JsonNode entry : typo.get("entry")) {
            assertThat(entry.at("/search/score").asDouble()).isLessThanOrEqualTo(best);
            if (entry.at("/resource/meta/security/0/code").asText().equals("R")) {
                assertThat(entry.get("resource").has("address")).isFalse();
            }
        }
        // the superseded record of the same person answers as the surviving one, once
        assertThat(typo.findValues("id").stream().filter(id -> id.asText().equals("9000000009"))).hasSize(1);

        JsonNode byPostcode = get(gp, PDS + "/Patient?given=Jane&gender=female&address-postalcode=ls16ae"
                + "&birthdate=2010-10-22&_fuzzy-match=true").json();
        assertThat(byPostcode.at("/entry/0/resource/id").asText()).isEqualTo("9000000009");
        assertThat(total(PDS + "/Patient?family=Quixote&given=Alonso&birthdate=1547-09-29&_fuzzy-match=true")).isZero();
    }

    @Test
    void aFuzzySearchNeedsOneBirthDateEnoughNamesAndNoWildcards() {
        assertSpineError(get(gp, PDS + "/Patient?family=Smith&birthdate=2010-10-22&_fuzzy-match=true"), 400,
                "INVALID_SEARCH_DATA");
        assertSpineError(get(gp, PDS + "/Patient?family=Smith&given=Jane&birthdate=ge2010-10-22&_fuzzy-match=true"), 400,
                "INVALID_SEARCH_DATA");
        assertSpineError(get(gp, PDS + "/Patient?family=Smi*&given=Jane&birthdate=2010-10-22&_fuzzy-match=true"), 400,
                "INVALID_SEARCH_DATA");
        assertSpineError(get(gp, PDS + "/Patient?family=Smith&given=Jane&_fuzzy-match=true"), 400, "MISSING_VALUE");
        assertSpineError(get(gp, PDS + "/Patient?family=Smith&given=Jane&birthdate=2010-10-22&_fuzzy-match=yes"), 400,
                "INVALID_VALUE");
    }

    // ---- update ---------------------------------------------------------------------------------

    @Test
    void aPatchChangesTheRecordAllOrNothingUnderIfMatchAndTheFhirApiAgrees() {
        TestHttp.Response before = get(gp, PDS + "/Patient/9000000017");
        String etag = before.header("ETag");
        String patch = """
                {"patches":[{"op":"replace","path":"/telecom/0/value","value":"01632960111"},
                            {"op":"add","path":"/name/0/given/-","value":"Peter"}]}""";

        TestHttp.Response patched = patch(gp, "9000000017", etag, patch);

        assertThat(patched.status()).as(patched.text()).isEqualTo(200);
        int version = Integer.parseInt(before.json().at("/meta/versionId").asText());
        assertThat(patched.json().at("/meta/versionId").asText()).isEqualTo(Integer.toString(version + 1));
        assertThat(patched.header("ETag")).isEqualTo("W/\"" + (version + 1) + "\"");
        JsonNode stored = ServerTokens.signedIn(base, "integrator")
                .get("/fhir/R4/Patient?identifier=" + NhsNumber.SYSTEM + "%7C9000000017").json().at("/entry/0/resource");
        assertThat(stored.at("/telecom/0/value").asText()).isEqualTo("01632960111");
        assertThat(stored.at("/name/0/given/1").asText()).isEqualTo("Peter");
        assertThat(stored.at("/generalPractitioner/0/reference").asText()).startsWith("Organization/");

        assertSpineError(patch(gp, "9000000017", etag, patch), 409, "RESOURCE_VERSION_MISMATCH");
        TestHttp.Response noIfMatch = gp.request("PATCH", PDS + "/Patient/9000000017")
                .header("X-Request-ID", UUID.randomUUID().toString()).header("Content-Type", "application/json-patch+json")
                .body(patch).send();
        assertSpineError(noIfMatch, 412, "PRECONDITION_FAILED");
    }

    @Test
    void badPatchesChangeNothing() {
        TestHttp.Response before = get(gp, PDS + "/Patient/9000000009");
        String etag = before.header("ETag");

        assertSpineError(patch(gp, "9000000009", etag, "{\"patches\":[{\"op\":\"replace\",\"path\":\"/id\",\"value\":"
                + "\"9000000017\"}]}"), 400, "INVALID_UPDATE");
        assertSpineError(patch(gp, "9000000009", etag, "{\"patches\":[{\"op\":\"replace\",\"path\":\"/gender\",\"value\":"
                + "\"female\"},{\"op\":\"remove\",\"path\":\"/address/7\"}]}"), 400, "INVALID_UPDATE");
        assertSpineError(patch(gp, "9000000009", etag, "{\"patches\":[{\"op\":\"remove\",\"path\":\"/birthDate\"}]}"),
                403, "FORBIDDEN_UPDATE");
        assertSpineError(patch(gp, "9000000009", etag, "{\"patches\":[{\"op\":\"replace\",\"path\":"
                + "\"/generalPractitioner/0/identifier/value\",\"value\":\"A81002\"}]}"), 403, "FORBIDDEN_UPDATE");
        assertSpineError(patch(gp, "9000000009", etag, "{\"patches\":[{\"op\":\"move\",\"path\":\"/gender\"}]}"), 400,
                "INVALID_VALUE");
        assertSpineError(patch(gp, "9000000009", etag, "{\"changes\":[]}"), 400, "INVALID_UPDATE");
        assertSpineError(patch(gp, "9000000009", etag, "{\"patches\":[{\"op\":\"replace\",\"path\":\"/gender\","
                + "\"value\":\"robot\"}]}"), 400, "INVALID_UPDATE");
        TestHttp.Response wrongType = gp.request("PATCH", PDS + "/Patient/9000000009")
                .header("X-Request-ID", UUID.randomUUID().toString()).header("If-Match", etag)
                .header("Content-Type", "text/plain").body("{}").send();
        assertSpineError(wrongType, 400, "UNSUPPORTED_SERVICE");

        assertThat(get(gp, PDS + "/Patient/9000000009").header("ETag")).isEqualTo(etag);
    }

    // ---- create ---------------------------------------------------------------------------------

    @Test
    void aCreateAllocatesAValidNewNumberFromTheConfiguredRangeAndASecondFindsTheFirst() {
        String person = """
                {"resourceType":"Patient","name":[{"use":"usual","given":["Ada"],"family":"Quennell"}],
                 "gender":"female","birthDate":"1990-05-17",
                 "address":[{"use":"home","line":["3 Mill Lane"],"city":"Leeds","postalCode":"LS2 7AA"}]}""";

        TestHttp.Response created = post(gp, person);

        assertThat(created.status()).as(created.text()).isEqualTo(201);
        String number = created.json().get("id").asText();
        assertThat(NhsNumber.isValid(number)).isTrue();
        assertThat(number).startsWith("99999");
        assertThat(get(gp, PDS + "/Patient/" + number).json().at("/name/0/family").asText()).isEqualTo("Quennell");

        TestHttp.Response again = post(gp, person);
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.json().at("/issue/0/details/coding/0/code").asText()).isEqualTo("SINGLE_MATCH");

        assertSpineError(post(gp, "{\"name\":[{\"family\":\"X\"}],\"birthDate\":\"1990-01-01\",\"address\":[]}"), 400,
                "MISSING_VALUE");
        assertSpineError(post(gp, person.replace("\"gender\"", "\"pets\":1,\"gender\"")), 400, "ADDITIONAL_PROPERTIES");
    }

    // ---- helpers --------------------------------------------------------------------------------

    private TestHttp.Response get(TestHttp http, String path) {
        return http.request("GET", path).header("X-Request-ID", UUID.randomUUID().toString()).send();
    }

    private TestHttp.Response patch(TestHttp http, String nhsNumber, String etag, String body) {
        return http.request("PATCH", PDS + "/Patient/" + nhsNumber).header("X-Request-ID", UUID.randomUUID().toString())
                .header("If-Match", etag).header("Content-Type", "application/json-patch+json").body(body).send();
    }

    private TestHttp.Response post(TestHttp http, String body) {
        return http.request("POST", PDS + "/Patient").header("X-Request-ID", UUID.randomUUID().toString())
                .header("Content-Type", "application/json").body(body).send();
    }

    private int total(String path) {
        TestHttp.Response response = get(gp, path);
        assertThat(response.status()).as(path + ": " + response.text()).isEqualTo(200);
        return response.json().get("total").asInt();
    }

    private static void assertSpineError(TestHttp.Response response, int status, String code) {
        assertThat(response.status()).as(response.text()).isEqualTo(status);
        JsonNode coding = response.json().at("/issue/0/details/coding/0");
        assertThat(coding.get("system").asText()).isEqualTo(SPINE);
        assertThat(coding.get("code").asText()).as(response.text()).isEqualTo(code);
        assertThat(response.json().get("resourceType").asText()).isEqualTo("OperationOutcome");
    }
}
