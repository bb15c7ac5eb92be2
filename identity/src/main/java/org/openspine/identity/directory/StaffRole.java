package org.openspine.identity.directory;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One role profile of a member of staff, as the national directory of users (SDS) holds it: who (SDS user
 * id and name), in which role (the role profile id, the national RBAC access role and job role codes) and
 * for which organisation (ODS code).
 *
 * @param sdsUserId     the person's SDS user id, e.g. {@code 555000000001}
 * @param name          the person's name as shown, e.g. {@code Dr Aisha Rahman}
 * @param roleProfileId the SDS role profile id, e.g. {@code 555000000011}
 * @param accessRole    the national RBAC access role code, e.g. {@code R8000} (Clinical Practitioner Access Role)
 * @param jobRole       the job role code, e.g. {@code R0260} (General Medical Practitioner)
 * @param odsCode       the organisation the role is held at, e.g. {@code A81001}
 */
public record StaffRole(String sdsUserId, String name, String roleProfileId, String accessRole, String jobRole,
        String odsCode) {

    private static final Pattern SDS_ID = Pattern.compile("[0-9]{6,20}");
    private static final Pattern ROLE_CODE = Pattern.compile("R[0-9]{4}");

    /** @throws IllegalArgumentException naming the field that is not of its national shape */
    public StaffRole {
        Objects.requireNonNull(name, "name");
        check(SDS_ID, sdsUserId, "sdsUserId");
        check(SDS_ID, roleProfileId, "roleProfileId");
        check(ROLE_CODE, accessRole, "accessRole");
        check(ROLE_CODE, jobRole, "jobRole");
        check(Pattern.compile("[A-Z0-9]{3,12}"), odsCode, "odsCode");
    }

    private static void check(Pattern shape, String value, String field) {
        if (value == null || !shape.matcher(value).matches()) {
            throw new IllegalArgumentException("staff role: " + field + " '" + value + "' is not of the form " + shape);
        }
    }
}
