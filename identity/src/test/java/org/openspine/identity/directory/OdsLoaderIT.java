package org.openspine.identity.directory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;
import org.openspine.fhir.FhirServices;
import org.openspine.fhir.access.RecordAccess;
import org.openspine.fhir.model.FhirCodec;
import org.openspine.fhir.rest.FhirRequest;
import org.openspine.fhir.search.SearchParameters;
import org.openspine.fhir.store.StoredResource;
import org.openspine.fhir.validation.ProfileValidation;
import org.openspine.platform.database.Database;
import org.openspine.platform.database.TestDatabase;
import org.openspine.platform.error.OpenSpineException;
import org.openspine.platform.security.Access;
import org.openspine.platform.security.Caller;
import org.openspine.platform.security.RoleProfile;

/** The ODS loader against the real store on PostgreSQL: what it writes, reloads, links and refuses. */
class OdsLoaderIT {

    private static final FhirCodec CODEC = new FhirCodec();
    private static final Database DATABASE = TestDatabase.shared();
    private static final FhirServices SERVICES = FhirServices.open(DATABASE, CODEC,
            SearchParameters.r4(CODEC.context().getResourceTypes()), new ProfileValidation(CODEC.context(), Optional.empty()),
            Clock.systemUTC(), "test");
    private static final OdsLoader LOADER = new OdsLoader(SERVICES.api(), SERVICES.search());

    /** A code prefix of this test run's own, since tests share the database. */
    private final String run = "T" + ThreadLocalRandom.current().nextInt(10_000, 99_999);

    @Test
    void aPracticeBecomesAnOrganizationWithItsSiteAndServiceAndItsNetworkAndBoardAreLinkedWhateverTheLoadOrder() {
        OdsLoadReport practices = load(OdsFileKind.EPRACCUR, practice(run + "P1", run + "N1", "A", "") + practice(run + "P2",
                run + "N1", "C", "20210331"));
        OdsLoadReport networks = load(OdsFileKind.EPCN, row(run + "N1", "NORTH NETWORK", "20190701", "", "A", run + "B1"));
        OdsLoadReport boards = load(OdsFileKind.EICB, row(run + "B1", "WEST BOARD", "20220701", "", "A", ""));

        assertThat(practices.of("Organization")).isEqualTo(new OdsLoadReport.Tally(2, 0, 0));
        assertThat(practices.of("Location")).isEqualTo(new OdsLoadReport.Tally(2, 0, 0));
        assertThat(practices.of("HealthcareService")).isEqualTo(new OdsLoadReport.Tally(2, 0, 0));
        assertThat(networks.childrenLinked()).isEqualTo(2);
        assertThat(networks.of("Location")).isEqualTo(new OdsLoadReport.Tally(0, 0, 0));
        assertThat(boards.childrenLinked()).isEqualTo(1);

        StoredResource board = organisation(run + "B1");
        StoredResource network = organisation(run + "N1");
        JsonNode practice = json(organisation(run + "P1"));
        assertThat(json(network).at("/partOf/reference").asText()).isEqualTo("Organization/" + board.id());
        assertThat(practice.at("/partOf/reference").asText()).isEqualTo("Organization/" + network.id());
        assertThat(practice.at("/partOf/identifier/value").asText()).isEqualTo(run + "N1");
        assertThat(practice.at("/partOf/extension/0/valuePeriod/start").asText()).isEqualTo("2019-07-01");
        assertThat(practice.at("/type/0/coding/0/code").asText()).isEqualTo("76");
        assertThat(practice.at("/type/0/coding/0/system").asText()).isEqualTo(OrganisationType.ROLE_SYSTEM);
        assertThat(practice.at("/active").asBoolean()).isTrue();
        assertThat(practice.at("/extension/0/valuePeriod/start").asText()).isEqualTo("1974-04-01");
        assertThat(practice.at("/address/0/line").toString()).isEqualTo("[\"1 HIGH STREET\",\"LEEDS\"]");
        assertThat(practice.at("/address/0/postalCode").asText()).isEqualTo("LS1 1AA");
        assertThat(practice.at("/telecom/0/value").asText()).isEqualTo("0113 496 0000");
        JsonNode closed = json(organisation(run + "P2"));
        assertThat(closed.at("/active").asBoolean()).isFalse();
        assertThat(closed.at("/extension/0/valuePeriod/end").asText()).isEqualTo("2021-03-31");

        JsonNode site = json(find("Location", "identifier", OdsResources.ODS_SITE + "|" + run + "P1").get(0));
        assertThat(site.at("/managingOrganization/reference").asText()).isEqualTo("Organization/" + organisation(run + "P1").id());
        assertThat(site.at("/status").asText()).isEqualTo("active");
        JsonNode service = json(find("HealthcareService", "identifier", OdsResources.ODS_SERVICE + "|" + run + "P1").get(0));
        assertThat(service.at("/providedBy/reference").asText()).isEqualTo("Organization/" + organisation(run + "P1").id());
        assertThat(service.at("/location/0/reference").asText()).isEqualTo("Location/" + site.get("id").asText());
        assertThat(service.at("/type/0/coding/0/display").asText()).isEqualTo("General Practice");
        assertThat(find("Location", "identifier", OdsResources.ODS_SITE + "|" + run + "P2").get(0).json())
                .contains("\"status\":\"inactive\"");
    }

    @Test
    void loadingTheSameFileAgainWritesNoNewVersions() {
        String file = practice(run + "P1", run + "N1", "A", "") + practice(run + "P2", run + "N1", "A", "");
        load(OdsFileKind.EPRACCUR, file);
        int version = organisation(run + "P1").version();

        OdsLoadReport again = load(OdsFileKind.EPRACCUR, file);

        for (String type : List.of("Organization", "Location", "HealthcareService")) {
            assertThat(again.of(type)).as(type).isEqualTo(new OdsLoadReport.Tally(0, 0, 2));
        }
        assertThat(organisation(run + "P1").version()).isEqualTo(version);

        OdsLoadReport renamed = load(OdsFileKind.EPRACCUR, file.replace("THE SURGERY", "THE NEW SURGERY"));
        assertThat(renamed.of("Organization")).isEqualTo(new OdsLoadReport.Tally(0, 2, 0));
        assertThat(organisation(run + "P1").version()).isEqualTo(version + 1);
    }

    @Test
    void aFileWithOneBadLineWritesNothingAtAll() {
        String file = practice(run + "P1", "", "A", "") + practice(run + "P2", "", "A", "").replace("19740401", "1974-04-01");

        assertThatThrownBy(() -> load(OdsFileKind.EPRACCUR, file)).isInstanceOf(OpenSpineException.Invalid.class)
                .hasMessageContaining("nothing was written");

        assertThat(find("Organization", "identifier", OdsResources.ODS + "|" + run + "P1")).isEmpty();
        assertThat(find("Location", "identifier", OdsResources.ODS_SITE + "|" + run + "P1")).isEmpty();
    }

    @Test
    void elementsTheDirectoryDoesNotOwnSurviveALoad() {
        String created = """
                {"resourceType":"Organization","meta":{"tag":[{"system":"https://example.org/tags","code":"local"}]},
                "identifier":[{"system":"https://fhir.nhs.uk/Id/ods-organization-code",
                "value":"%s"},{"system":"https://example.org/local","value":"L-1"}],"alias":["Kirkstall"],
                "extension":[{"url":"https://example.org/ext","valueString":"kept"}],
                "type":[{"text":"to be replaced"}],"name":"Old name"}""".formatted(run + "P1");
        DATABASE.inTransaction(connection -> SERVICES.api().handle(connection, new FhirRequest("POST", "urn:test",
                List.of("Organization"), Map.of(), Map.of("content-type", "application/fhir+json"),
                new FhirRequest.Bytes(created.getBytes(StandardCharsets.UTF_8), "application/fhir+json"),
                SERVICES.api().guard(RecordAccess.OPENSPINE))));
        String id = organisation(run + "P1").id();

        OdsLoadReport report = load(OdsFileKind.EPRACCUR, practice(run + "P1", "", "A", ""));

        assertThat(report.of("Organization")).isEqualTo(new OdsLoadReport.Tally(0, 1, 0));
        JsonNode merged = json(organisation(run + "P1"));
        assertThat(merged.get("id").asText()).isEqualTo(id);
        assertThat(merged.at("/identifier/1/value").asText()).isEqualTo("L-1");
        assertThat(merged.at("/alias/0").asText()).isEqualTo("Kirkstall");
        assertThat(merged.at("/meta/tag/0/code").asText()).isEqualTo("local");
        assertThat(merged.at("/extension/0/valueString").asText()).isEqualTo("kept");
        assertThat(merged.at("/extension/1/url").asText()).isEqualTo(OdsResources.OPERATIONAL_PERIOD);
        assertThat(merged.at("/name").asText()).isEqualTo("THE SURGERY " + run + "P1");
        assertThat(merged.at("/type/0/text").asText()).isEqualTo("GP practice");
        assertThat(load(OdsFileKind.EPRACCUR, practice(run + "P1", "", "A", "")).of("Organization"))
                .isEqualTo(new OdsLoadReport.Tally(0, 0, 1));
    }

    @Test
    void onlyACallerWhoMayConfigureLoadsAndARefusalWritesNothing() {
        Access nurse = Access.of(new Caller.Staff("1", "Nurse", new RoleProfile("2", "R8001", "R0690", "A81001"),
                List.of(new RoleProfile("2", "R8001", "R0690", "A81001"))));

        assertThatThrownBy(() -> DATABASE.inTransaction(connection -> LOADER.load(connection, SERVICES.api().guard(nurse),
                OdsFileKind.EPRACCUR, csv(practice(run + "P1", "", "A", ""))))).isInstanceOf(OpenSpineException.Forbidden.class);
        assertThat(find("Organization", "identifier", OdsResources.ODS + "|" + run + "P1")).isEmpty();
    }

    @Test
    void twoStoredOrganisationsWithOneOdsCodeStopTheLoad() {
        for (int i = 0; i < 2; i++) {
            String twin = "{\"resourceType\":\"Organization\",\"identifier\":[{\"system\":\"" + OdsResources.ODS
                    + "\",\"value\":\"" + run + "P1\"}]}";
            DATABASE.inTransaction(connection -> SERVICES.api().handle(connection, new FhirRequest("POST", "urn:test",
                    List.of("Organization"), Map.of(), Map.of("content-type", "application/fhir+json"),
                    new FhirRequest.Bytes(twin.getBytes(StandardCharsets.UTF_8), "application/fhir+json"),
                    SERVICES.api().guard(RecordAccess.OPENSPINE))));
        }

        assertThatThrownBy(() -> load(OdsFileKind.EPRACCUR, practice(run + "P1", "", "A", "")))
                .isInstanceOf(OpenSpineException.Conflict.class).hasMessageContaining(run + "P1");
    }

    // ---- fixtures -------------------------------------------------------------------------------

    private static String practice(String code, String parent, String status, String closed) {
        return "\"" + code + "\",\"THE SURGERY " + code + "\",\"Y63\",\"QWO\",\"1 HIGH STREET\",\"LEEDS\",\"\",\"\",\"\","
                + "\"LS1 1AA\",\"19740401\",\"" + closed + "\",\"" + status + "\",\"B\",\"" + parent + "\",\"20190701\",\"\","
                + "\"0113 496 0000\",\"\",\"\",\"\",\"0\",\"\",\"\",\"\",\"4\",\"\"\n";
    }

    private static String row(String code, String name, String opened, String closed, String status, String parent) {
        return "\"" + code + "\",\"" + name + "\",\"\",\"\",\"\",\"\",\"\",\"\",\"\",\"\",\"" + opened + "\",\"" + closed
                + "\",\"" + status + "\",\"\",\"" + parent + "\",\"\",\"\",\"\"\n";
    }

    private static OdsLoadReport load(OdsFileKind kind, String text) {
        return DATABASE.inTransaction(connection -> LOADER.load(connection, SERVICES.api().guard(RecordAccess.OPENSPINE),
                kind, csv(text)));
    }

    private static ByteArrayInputStream csv(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
    }

    private static StoredResource organisation(String code) {
        List<StoredResource> found = find("Organization", "identifier", OdsResources.ODS + "|" + code);
        assertThat(found).as(code).hasSize(1);
        return found.get(0);
    }

    private static List<StoredResource> find(String type, String param, String value) {
        return DATABASE.read(connection -> SERVICES.search().find(connection, type, Map.of(param, List.of(value)),
                "urn:test", 10));
    }

    private static JsonNode json(StoredResource resource) {
        return DirectoryStore.json(resource.json());
    }
}
