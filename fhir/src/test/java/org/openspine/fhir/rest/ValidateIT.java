package org.openspine.fhir.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.openspine.fhir.rest.Fixtures.BASE;
import static org.openspine.fhir.rest.Fixtures.JSON;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openspine.fhir.FhirServices;
import org.openspine.fhir.model.FhirCodec;
import org.openspine.fhir.search.SearchParameters;
import org.openspine.fhir.validation.ProfileValidation;
import org.openspine.platform.audit.AuditServices;
import org.openspine.platform.audit.TestAudit;
import org.openspine.platform.database.TestDatabase;
import org.openspine.platform.http.HttpConfig;
import org.openspine.platform.http.HttpServer;
import org.openspine.platform.http.TestHttp;
import org.openspine.platform.security.token.TestTokens;

/**
 * $validate against the base definitions and against the UK Core profiles, loaded at start-up from
 * the project's shared UK Core directory and, separately, from an NPM-style .tgz made from it.
 */
class ValidateIT {

    private static final String UKCORE_PATIENT = "https://fhir.hl7.org.uk/StructureDefinition/UKCore-Patient";

    private static HttpServer fromDirectory;
    private static HttpServer fromPackage;
    private static AuditServices audit;

    @BeforeAll
    static void start() throws Exception {
        audit = TestAudit.start(TestDatabase.shared(), Clock.systemUTC());
        Path ukcore = UkCore.directory();
        fromDirectory = server(Optional.of(ukcore));
        fromPackage = server(Optional.of(UkCore.packageOf(ukcore)));
    }

    @AfterAll
    static void stop() {
        fromDirectory.close();
        fromPackage.close();
        audit.close();
    }

    private static HttpServer server(Optional<Path> profiles) {
        FhirCodec codec = new FhirCodec();
        FhirApi api = FhirServices.open(TestDatabase.shared(), codec, SearchParameters.r4(codec.context().getResourceTypes()),
                new ProfileValidation(codec.context(), profiles), Clock.systemUTC(), "test").api();
        return HttpServer.start(new HttpConfig("127.0.0.1", 0, 1024 * 1024), TestTokens.authentication(),
                audit.groupCommit()::record, List.of(new FhirRoutes(api, codec, TestDatabase.shared(),
                        InteractionAudit.of(audit, Clock.systemUTC()))));
    }

    private static TestHttp http(HttpServer server) {
        return new TestHttp("http://localhost:" + server.port()).as(TestTokens.bearer(TestTokens.integrator()));
    }

    private static List<String> errors(JsonNode outcome) {
        return outcome.findValues("severity").stream().map(JsonNode::asText).filter(s -> s.equals("error")).toList();
    }

    @Test
    void aValidResourceHasNoErrorsAndAnInvalidOneListsThem() {
        TestHttp http = http(fromDirectory);
        TestHttp.Response valid = http.post(BASE + "/Patient/$validate", JSON,
                "{\"resourceType\":\"Patient\",\"name\":[{\"family\":\"Valid\"}],\"gender\":\"female\"}");
        // Observation needs status and code (cardinality 1..1): strict parsing lets a missing element through
        TestHttp.Response invalid = http.post(BASE + "/Observation/$validate", JSON,
                "{\"resourceType\":\"Observation\",\"valueString\":\"x\"}");

        assertThat(valid.status()).isEqualTo(200);
        assertThat(errors(valid.json())).isEmpty();
        assertThat(invalid.status()).isEqualTo(200);
        assertThat(invalid.json().toString()).contains("Observation.status", "Observation.code");
        assertThat(errors(invalid.json())).isNotEmpty();
    }

    @Test
    void ukCorePatientProfileLoadedFromADirectoryIsEnforced() {
        checkUkCoreProfile(http(fromDirectory));
    }

    @Test
    void ukCorePatientProfileLoadedFromAnNpmPackageIsEnforced() {
        checkUkCoreProfile(http(fromPackage));
    }

    private static void checkUkCoreProfile(TestHttp http) {
        // UK Core constrains Patient.gender etc. to its own value sets; a bad NHS Number
        // verification status code is outside the required binding of its extension
        String patient = """
                {"resourceType":"Patient","meta":{"profile":["%s"]},
                 "identifier":[{"extension":[{"url":"https://fhir.hl7.org.uk/StructureDefinition/Extension-UKCore-NHSNumberVerificationStatus",
                   "valueCodeableConcept":{"coding":[{"system":"https://fhir.hl7.org.uk/CodeSystem/UKCore-NHSNumberVerificationStatusEngland","code":"99"}]}}],
                   "system":"https://fhir.nhs.uk/Id/nhs-number","value":"9000000009"}],
                 "name":[{"family":"Smith"}]}""".formatted(UKCORE_PATIENT);

        TestHttp.Response response = http.post(BASE + "/Patient/$validate", JSON, patient);

        assertThat(response.status()).isEqualTo(200);
        assertThat(errors(response.json())).isNotEmpty();
        assertThat(response.json().toString()).contains("NHSNumberVerificationStatus");
        String good = patient.replace("\"code\":\"99\"", "\"code\":\"01\"");
        assertThat(errors(http.post(BASE + "/Patient/$validate", JSON, good).json())).isEmpty();
    }

    @Test
    void instanceValidateChecksTheStoredVersion() {
        TestHttp http = http(fromDirectory);
        String id = Fixtures.createPatient(http, Fixtures.unique(), "Stored");

        TestHttp.Response response = http.request("POST", BASE + "/Patient/" + id + "/$validate").send();

        assertThat(response.status()).isEqualTo(200);
        assertThat(errors(response.json())).isEmpty();
    }

    /** Finds the UK Core conformance resources shared beside the repository, and packs them as an NPM package. */
    static final class UkCore {

        static Path directory() {
            Path here = Path.of("").toAbsolutePath();
            for (Path dir = here; dir != null; dir = dir.getParent()) {
                Path candidate = dir.resolve("shared/ukcore");
                if (Files.isDirectory(candidate.resolve("structuredefinitions"))) {
                    return candidate;
                }
            }
            throw new IllegalStateException("UK Core conformance resources not found in shared/ukcore above " + here);
        }

        static Path packageOf(Path ukcore) throws IOException, InterruptedException {
            Path root = TestDatabase.freshDirectory("ukcore-npm");
            Path pkg = Files.createDirectories(root.resolve("package"));
            for (String folder : List.of("structuredefinitions", "valuesets", "codesystems")) {
                try (Stream<Path> files = Files.list(ukcore.resolve(folder))) {
                    for (Path file : files.filter(f -> f.toString().endsWith(".xml") || f.toString().endsWith(".json")).toList()) {
                        Files.copy(file, pkg.resolve(file.getFileName()));
                    }
                }
            }
            Files.copy(ukcore.resolve("package.json"), pkg.resolve("package.json"));
            Path tgz = root.resolve("ukcore.tgz");
            Process tar = new ProcessBuilder("tar", "czf", tgz.toString(), "-C", root.toString(), "package").inheritIO().start();
            if (tar.waitFor() != 0) {
                throw new IOException("tar failed making " + tgz);
            }
            return tgz;
        }
    }
}
