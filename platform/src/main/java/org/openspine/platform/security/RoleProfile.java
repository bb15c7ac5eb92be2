package org.openspine.platform.security;

import java.util.Objects;

/**
 * One role a member of staff holds at one organisation (a CIS2 role profile).
 *
 * @param id       the role profile id; a request selects it with the {@code NHSD-Session-URID} header
 * @param roleCode the national RBAC access role code, e.g. {@code R8000} (Clinical Practitioner Access Role)
 * @param jobRole  the national job role code, e.g. {@code R0260} (General Medical Practitioner)
 * @param odsCode  the ODS code of the organisation the role is held at
 */
public record RoleProfile(String id, String roleCode, String jobRole, String odsCode) {
    public RoleProfile {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(roleCode, "roleCode");
        Objects.requireNonNull(jobRole, "jobRole");
        Objects.requireNonNull(odsCode, "odsCode");
    }
}
