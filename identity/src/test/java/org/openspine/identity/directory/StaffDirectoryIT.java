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
import org.openspine.fhir.search.SearchParameters;
import org.openspine.fhir.store.StoredResource;
import org.openspine.fhir.validation.ProfileValidation;
import org.openspine.platform.database.Database;
import org.openspine.platform.database.TestDatabase;
import org.openspine.platform.error.OpenSpineException;

/** Practitioners and their roles in the directory, on the real store. */
class StaffDirectoryIT {

    private static final FhirCodec CODEC = new FhirCodec();
    private static final Database DATABASE = TestDatabase.shared();
    private static final FhirServices SERVICES = FhirServices.open(DATABASE, CODEC,
            SearchParameters.r4(CODEC.context().getResourceTypes()), new ProfileValidation(CODEC.context(), Optional.empty()),
            Clock.systemUTC(), "test");
    private static final StaffDirectory STAFF = new StaffDirectory(SERVICES.api(), SERVICES.search());

    private final String run = Integer.toString(ThreadLocalRandom.current().nextInt(100_000, 999_999));

    @Test
    void aRoleProfileBecomesAPractitionerAndARoleWithNationalCodesAtItsOrganisationOnce() {
        String practice = "S" + run;
        DATABASE.inTransaction(connection -> new OdsLoader(SERVICES.api(), SERVICES.search()).load(connection,
                SERVICES.api().guard(RecordAccess.OPENSPINE), OdsFileKind.EPRACCUR, new ByteArrayInputStream(("\""
                        + practice + "\",\"THE SURGERY\",\"\",\"\",\"\",\"\",\"\",\"\",\"\",\"\",\"19740401\"\n")
                        .getBytes(StandardCharsets.UTF_8))));
        StaffRole gp = new StaffRole("555" + run + "01", "Dr Ada Lovelace", "555" + run + "11", "R8000", "R0260", practice);
        StaffRole nurse = new StaffRole("555" + run + "01", "Dr Ada Lovelace", "555" + run + "12", "R8001", "R0690", practice);

        String roleId = record(gp);
        record(nurse);

        JsonNode role = json(find("PractitionerRole", "identifier", StaffDirectory.SDS_ROLE_PROFILE + "|555" + run + "11"));
        assertThat(role.get("id").asText()).isEqualTo(roleId);
        assertThat(role.at("/code/0/coding/0/system").asText()).isEqualTo(StaffDirectory.JOB_ROLE_SYSTEM);
        assertThat(role.at("/code/0/coding/0/display").asText()).isEqualTo("Clinical Practitioner Access Role");
        assertThat(role.at("/code/1/coding/0/display").asText()).isEqualTo("General Medical Practitioner");
        assertThat(role.at("/organization/display").asText()).isEqualTo("THE SURGERY");
        StoredResource person = find("Practitioner", "identifier", StaffDirectory.SDS_USER + "|555" + run + "01");
        assertThat(role.at("/practitioner/reference").asText()).isEqualTo("Practitioner/" + person.id());
        List<StoredResource> roles = DATABASE.read(connection -> SERVICES.search().find(connection, "PractitionerRole",
                Map.of("practitioner", List.of("Practitioner/" + person.id())), "urn:test", 10));
        assertThat(roles).hasSize(2);
        int version = person.version();

        record(gp);

        assertThat(find("Practitioner", "identifier", StaffDirectory.SDS_USER + "|555" + run + "01").version())
                .isEqualTo(version);
        assertThatThrownBy(() -> record(new StaffRole("555" + run + "02", "Someone", "555" + run + "13", "R8000", "R0260",
                "NOWHERE1"))).isInstanceOf(OpenSpineException.Unprocessable.class)
                .hasMessage("organisation NOWHERE1 is not in the directory; load it first");
    }

    private static String record(StaffRole role) {
        return DATABASE.inTransaction(connection -> STAFF.record(connection, SERVICES.api().guard(RecordAccess.OPENSPINE),
                role));
    }

    private static StoredResource find(String type, String param, String value) {
        List<StoredResource> found = DATABASE.read(connection -> SERVICES.search().find(connection, type,
                Map.of(param, List.of(value)), "urn:test", 2));
        assertThat(found).as(value).hasSize(1);
        return found.get(0);
    }

    private static JsonNode json(StoredResource resource) {
        return DirectoryStore.json(resource.json());
    }
}
