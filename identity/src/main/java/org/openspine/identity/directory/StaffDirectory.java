package org.openspine.identity.directory;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.openspine.fhir.access.RecordGuard;
import org.openspine.fhir.rest.FhirApi;
import org.openspine.fhir.search.query.FhirSearch;
import org.openspine.fhir.store.StoredResource;
import org.openspine.platform.error.OpenSpineException;

/**
 * Practitioners and their roles in the directory: a member of staff is a Practitioner found by SDS user id
 * ({@value #SDS_USER}); each role profile is a PractitionerRole found by role profile id
 * ({@value #SDS_ROLE_PROFILE}), coded with the national RBAC access role and job role
 * ({@value #JOB_ROLE_SYSTEM}) and pointing at its Organization. As with {@link OdsLoader}, recording the
 * same role twice writes nothing new, and elements the directory does not own are kept. A role at an
 * organisation is one of its care units, so it takes part in legitimate relationships. Thread-safe.
 */
public final class StaffDirectory {

    /** The identifier system of SDS user ids. */
    public static final String SDS_USER = "https://fhir.nhs.uk/Id/sds-user-id";
    /** The identifier system of SDS role profile ids. */
    public static final String SDS_ROLE_PROFILE = "https://fhir.nhs.uk/Id/sds-role-profile-id";
    /** The code system of national RBAC role codes (access roles R8xxx and job roles) in NHS FHIR APIs. */
    public static final String JOB_ROLE_SYSTEM = "https://fhir.nhs.uk/CodeSystem/NHSDigital-SDS-JobRoleCode";

    /** The role names OpenSpine shows; codes without one are written without a display. */
    private static final Map<String, String> ROLE_NAMES = Map.of(
            "R8000", "Clinical Practitioner Access Role",
            "R8001", "Nurse Access Role",
            "R8003", "Health Professional Access Role",
            "R0260", "General Medical Practitioner",
            "R0050", "Consultant",
            "R1290", "Pharmacist");

    private final DirectoryStore store;

    public StaffDirectory(FhirApi api, FhirSearch search) {
        this.store = new DirectoryStore(api, search);
    }

    /**
     * Records a role profile and its person, in the caller's transaction.
     *
     * @return the PractitionerRole's id
     * @throws OpenSpineException.Unprocessable when the role's organisation is not in the directory
     * @throws OpenSpineException.Forbidden when the caller may not write the directory
     */
    public String record(Connection connection, RecordGuard guard, StaffRole role) throws SQLException {
        StoredResource organisation = Optional.ofNullable(store.find(connection, "Organization", OdsResources.ODS,
                Set.of(role.odsCode())).get(role.odsCode())).orElseThrow(() -> new OpenSpineException.Unprocessable(
                        "not-found", "organisation " + role.odsCode() + " is not in the directory; load it first"));
        Optional<StoredResource> person = Optional.ofNullable(store.find(connection, "Practitioner", SDS_USER,
                Set.of(role.sdsUserId())).get(role.sdsUserId()));
        String personId = person.map(StoredResource::id).orElseGet(DirectoryStore::newId);
        ObjectNode practitioner = JsonNodeFactory.instance.objectNode().put("resourceType", "Practitioner")
                .put("active", true);
        practitioner.putArray("name").addObject().put("use", "official").put("text", role.name());
        store.put(connection, guard, personId, person, SDS_USER, role.sdsUserId(), practitioner, List.of("active", "name"));

        Optional<StoredResource> existing = Optional.ofNullable(store.find(connection, "PractitionerRole",
                SDS_ROLE_PROFILE, Set.of(role.roleProfileId())).get(role.roleProfileId()));
        String roleId = existing.map(StoredResource::id).orElseGet(DirectoryStore::newId);
        ObjectNode practitionerRole = JsonNodeFactory.instance.objectNode().put("resourceType", "PractitionerRole")
                .put("active", true);
        practitionerRole.putObject("practitioner").put("reference", "Practitioner/" + personId).put("display", role.name());
        practitionerRole.putObject("organization").put("reference", "Organization/" + organisation.id())
                .put("display", DirectoryStore.json(organisation.json()).path("name").asText(role.odsCode()));
        ArrayNode codes = practitionerRole.putArray("code");
        for (String code : List.of(role.accessRole(), role.jobRole())) {
            ObjectNode coding = codes.addObject().putArray("coding").addObject().put("system", JOB_ROLE_SYSTEM)
                    .put("code", code);
            Optional.ofNullable(ROLE_NAMES.get(code)).ifPresent(name -> coding.put("display", name));
        }
        store.put(connection, guard, roleId, existing, SDS_ROLE_PROFILE, role.roleProfileId(), practitionerRole,
                List.of("active", "practitioner", "organization", "code"));
        return roleId;
    }
}
