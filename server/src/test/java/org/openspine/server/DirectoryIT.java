package org.openspine.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openspine.platform.http.TestHttp;

/**
 * The organisation directory over HTTP on a demo server: the demo's ODS hierarchy, sites, services and
 * staff roles found through FHIR search, the admin load endpoint and its refusals, and a demo seed that
 * changes nothing the second time.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DirectoryIT {

    private static final String ODS = "https://fhir.nhs.uk/Id/ods-organization-code";
    private static final String ROLE = "https://fhir.nhs.uk/CodeSystem/organisation-role";

    private DemoServer server;
    private String base;
    private TestHttp integrator;

    @BeforeAll
    void start() {
        server = DemoServer.start("openspine-directory");
        base = server.base();
        integrator = server.as("integrator");
    }

    @AfterAll
    void stop() {
        server.close();
    }

    @Test
    void aPracticeIsPartOfItsNetworkWhichIsPartOfTheBoardAndEachLevelIsSearchable() {
        JsonNode practice = only("/fhir/R4/Organization?identifier=" + ODS + "|A81001");
        JsonNode network = only("/fhir/R4/Organization?identifier=" + ODS + "|U00001");
        JsonNode board = only("/fhir/R4/Organization?identifier=" + ODS + "|QZ1");

        assertThat(practice.at("/partOf/reference").asText()).isEqualTo("Organization/" + network.get("id").asText());
        assertThat(network.at("/partOf/reference").asText()).isEqualTo("Organization/" + board.get("id").asText());
        assertThat(codes("/fhir/R4/Organization?partof=Organization/" + network.get("id").asText())).containsExactly("A81001");
        assertThat(codes("/fhir/R4/Organization?partof:identifier=" + ODS + "|QZ1"))
                .containsExactlyInAnyOrder("U00001", "U00002", "U00003", "U00004", "FA001");
        assertThat(codes("/fhir/R4/Organization?partof.partof.identifier=" + ODS + "|QZ1"))
                .containsExactlyInAnyOrder("A81001", "A81002", "A81003", "A81004");
        assertThat(codes("/fhir/R4/Organization?type=" + ROLE + "|76"))
                .containsExactlyInAnyOrder("A81001", "A81002", "A81003", "A81004", "A81005");
        assertThat(codes("/fhir/R4/Organization?type=" + ROLE + "|272")).hasSize(4);
        assertThat(codes("/fhir/R4/Organization?type=" + ROLE + "|318")).containsExactly("QZ1");
        assertThat(codes("/fhir/R4/Organization?type=" + ROLE + "|76&active=false")).containsExactly("A81005");
        assertThat(practice.at("/type/0/text").asText()).isEqualTo("GP practice");
        assertThat(practice.at("/extension/0/valuePeriod/start").asText()).isEqualTo("1974-04-01");
        JsonNode closed = only("/fhir/R4/Organization?identifier=" + ODS + "|A81005");
        assertThat(closed.at("/extension/0/valuePeriod/end").asText()).isEqualTo("2021-03-31");
        assertThat(closed.has("partOf")).as("it left its network when it closed").isFalse();
    }

    @Test
    void practicesHaveASiteAndAServiceFoundByOrganisationPlaceAndKind() {
        String practice = only("/fhir/R4/Organization?identifier=" + ODS + "|A81001").get("id").asText();

        JsonNode site = only("/fhir/R4/Location?organization=Organization/" + practice);
        assertThat(site.at("/address/postalCode").asText()).isEqualTo("LS5 3BE");
        assertThat(only("/fhir/R4/Location?address-postalcode=LS5 3BE&status=active").get("id")).isEqualTo(site.get("id"));
        JsonNode service = only("/fhir/R4/HealthcareService?organization=Organization/" + practice);
        assertThat(service.at("/location/0/reference").asText()).isEqualTo("Location/" + site.get("id").asText());
        assertThat(entries("/fhir/R4/HealthcareService?service-category=17&active=true")).hasSize(4);
        assertThat(entries("/fhir/R4/HealthcareService?service-type=http://terminology.hl7.org/CodeSystem/service-type|64"))
                .singleElement().satisfies(pharmacy -> assertThat(pharmacy.at("/name").asText())
                        .isEqualTo("High Street Pharmacy - pharmacy"));
        assertThat(entries("/fhir/R4/Location?organization:identifier=" + ODS + "|QZ1")).as("boards have no site").isEmpty();
    }

    @Test
    void demoStaffHaveTheirRolesWithNationalCodesAtTheirOrganisations() {
        JsonNode gp = only("/fhir/R4/Practitioner?identifier=https://fhir.nhs.uk/Id/sds-user-id|555000000001");
        assertThat(gp.at("/name/0/text").asText()).isEqualTo("Dr Aisha Rahman");

        List<JsonNode> roles = entries("/fhir/R4/PractitionerRole?practitioner=Practitioner/" + gp.get("id").asText());
        assertThat(roles).extracting(role -> role.at("/organization/display").asText())
                .containsExactlyInAnyOrder("Kirkstall Lane Medical Centre", "Manningham Health Centre");
        assertThat(roles.get(0).at("/code/0/coding/0/code").asText()).isEqualTo("R8000");
        assertThat(roles.get(0).at("/code/0/coding/0/display").asText()).isEqualTo("Clinical Practitioner Access Role");
        assertThat(roles.get(0).at("/code/1/coding/0/code").asText()).isEqualTo("R0260");
        List<String> atPractice = new ArrayList<>();
        entries("/fhir/R4/PractitionerRole?role=R8001&organization.identifier=" + ODS + "|A81001")
                .forEach(role -> atPractice.add(role.at("/practitioner/display").asText()));
        assertThat(atPractice).containsExactly("Grace Okafor");
        assertThat(entries("/fhir/R4/PractitionerRole?identifier=https://fhir.nhs.uk/Id/sds-role-profile-id|555000000051"))
                .singleElement().satisfies(role -> assertThat(role.at("/organization/display").asText())
                        .isEqualTo("High Street Pharmacy"));
    }

    @Test
    void theDemoPatientsHaveRegistrationHistories() {
        String jane = only("/fhir/R4/Patient?identifier=https://fhir.nhs.uk/Id/nhs-number|9000000009").get("id").asText();

        List<JsonNode> history = entries("/fhir/R4/EpisodeOfCare?patient=Patient/" + jane
                + "&type=https://fhir.openspine.org/CodeSystem/episode-of-care-type|gp-registration&_sort=-date");

        assertThat(history).extracting(episode -> episode.at("/managingOrganization/identifier/value").asText(),
                episode -> episode.at("/status").asText(), episode -> episode.at("/period/start").asText())
                .containsExactly(org.assertj.core.groups.Tuple.tuple("A81001", "active", "2018-09-03"),
                        org.assertj.core.groups.Tuple.tuple("A81002", "finished", "2010-11-01"));
        assertThat(history.get(1).at("/period/end").asText()).isEqualTo("2018-09-02");
        assertThat(history.get(1).at("/extension/0/valueCodeableConcept/coding/0/code").asText())
                .isEqualTo("registered-elsewhere");
        assertThat(entries("/fhir/R4/EpisodeOfCare?status=finished&_count=200").size()).as("moved or left")
                .isGreaterThanOrEqualTo(5);
        assertThat(entries("/fhir/R4/EpisodeOfCare?status=active&_count=200")).hasSizeGreaterThanOrEqualTo(50);
    }

    @Test
    void seedingAgainChangesNothing() {
        String practice = "/fhir/R4/Organization?identifier=" + ODS + "|A81001";
        String version = only(practice).at("/meta/versionId").asText();
        int episodes = entries("/fhir/R4/EpisodeOfCare?_count=500").size();

        DemoSeed.run(server.openSpine());

        assertThat(only(practice).at("/meta/versionId").asText()).isEqualTo(version);
        assertThat(entries("/fhir/R4/EpisodeOfCare?_count=500")).hasSize(episodes);
    }

    @Test
    void anOperatorLoadsAnOdsFileOverHttpAndLoadingItAgainChangesNothing() {
        String code = "Y" + ThreadLocalRandom.current().nextInt(10_000, 99_999);
        String file = "\"" + code + "\",\"Moor Lane Out Of Hours\",\"\",\"\",\"Moor Lane\",\"Leeds\",\"\",\"\",\"\",\"LS9 7TF\","
                + "\"20150401\",\"\",\"A\",\"\",\"QZ9\",\"20190701\",\"\",\"0113 496 0800\",\"\",\"\",\"\",\"\",\"\",\"\","
                + "\"\",\"2\",\"\"\r\n";

        TestHttp.Response loaded = integrator.post("/directory/ods/epraccur", "text/csv", file);

        assertThat(loaded.status()).as(loaded.text()).isEqualTo(200);
        assertThat(loaded.json().toString()).isEqualTo("{\"resourceType\":\"Parameters\",\"parameter\":["
                + "{\"name\":\"kind\",\"valueCode\":\"epraccur\"},{\"name\":\"rows\",\"valueInteger\":1},"
                + "{\"name\":\"Organization\",\"part\":[{\"name\":\"created\",\"valueInteger\":1},"
                + "{\"name\":\"updated\",\"valueInteger\":0},{\"name\":\"unchanged\",\"valueInteger\":0}]},"
                + "{\"name\":\"childrenLinked\",\"valueInteger\":0}]}");
        JsonNode organisation = only("/fhir/R4/Organization?identifier=" + ODS + "|" + code);
        assertThat(organisation.at("/type/0/coding/0/code").asText()).isEqualTo("177");
        assertThat(organisation.at("/partOf/identifier/value").asText()).isEqualTo("QZ9");
        assertThat(organisation.at("/partOf").has("reference")).as("its parent is not in the directory").isFalse();
        assertThat(integrator.post("/directory/ods/epraccur", "text/csv", file).json().at("/parameter/2/part/2/valueInteger")
                .asInt()).isEqualTo(1);
    }

    @Test
    void aBadFileIsRefusedWholeNamingItsLinesAndOnlyConfiguringCallersMayLoad() {
        String code = "Y" + ThreadLocalRandom.current().nextInt(10_000, 99_999);
        String good = "\"" + code + "\",\"Good Surgery\",\"\",\"\",\"\",\"\",\"\",\"\",\"\",\"LS1 1AA\",\"20150401\"\n";
        String bad = "\"" + code + "X\",\"Bad Surgery\",\"\",\"\",\"\",\"\",\"\",\"\",\"\",\"LS1 1AA\",\"2015-04-01\"\n";

        TestHttp.Response refused = integrator.post("/directory/ods/epraccur", "text/csv", good + bad);

        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.json().toString()).isEqualTo("{\"resourceType\":\"OperationOutcome\",\"issue\":["
                + "{\"severity\":\"error\",\"code\":\"invalid\",\"diagnostics\":\"the epraccur file was not loaded: 1 problem;"
                + " nothing was written\"},{\"severity\":\"error\",\"code\":\"invalid\",\"diagnostics\":\"line 2: the open date"
                + " (column 11) '2015-04-01' is not a date in the form YYYYMMDD\"}]}");
        assertThat(entries("/fhir/R4/Organization?identifier=" + ODS + "|" + code)).isEmpty();

        assertThat(integrator.post("/directory/ods/epractice", "text/csv", good).status()).isEqualTo(404);
        assertThat(integrator.post("/directory/ods/epraccur", "application/json", good).status()).isEqualTo(415);
        assertThat(integrator.post("/directory/ods/epraccur", "text/csv", "").status()).isEqualTo(400);
        TestHttp.Response notText = integrator.request("POST", "/directory/ods/epraccur").header("Content-Type", "text/csv")
                .body(new byte[] {'"', 'A', (byte) 0xC3, '(', '"', '\n'}).send();
        assertThat(notText.status()).isEqualTo(400);
        assertThat(notText.json().at("/issue/0/diagnostics").asText()).isEqualTo("the epraccur file is not UTF-8 text");
        for (String user : List.of("gp", "receptionist", "patient")) {
            TestHttp.Response forbidden = server.as(user).post("/directory/ods/epraccur", "text/csv", good);
            assertThat(forbidden.status()).as(user).isEqualTo(403);
            assertThat(forbidden.json().at("/issue/0/code").asText()).isEqualTo("forbidden");
        }
        assertThat(new TestHttp(base).post("/directory/ods/epraccur", "text/csv", good).status()).isEqualTo(401);
        assertThat(entries("/fhir/R4/Organization?identifier=" + ODS + "|" + code)).isEmpty();
    }

    // ---- helpers --------------------------------------------------------------------------------

    private JsonNode only(String path) {
        List<JsonNode> found = entries(path);
        assertThat(found).as(path).hasSize(1);
        return found.get(0);
    }

    private List<JsonNode> entries(String path) {
        TestHttp.Response response = integrator.get(path.replace("|", "%7C").replace(" ", "%20"));
        assertThat(response.status()).as(path + ": " + response.text()).isEqualTo(200);
        List<JsonNode> resources = new ArrayList<>();
        response.json().path("entry").forEach(entry -> {
            if (entry.at("/search/mode").asText("match").equals("match")) {
                resources.add(entry.get("resource"));
            }
        });
        return resources;
    }

    private List<String> codes(String path) {
        return entries(path).stream().map(organisation -> organisation.at("/identifier/0/value").asText()).toList();
    }
}
