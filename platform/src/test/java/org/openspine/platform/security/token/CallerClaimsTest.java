package org.openspine.platform.security.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jwt.JWTClaimsSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.openspine.platform.security.Caller;
import org.openspine.platform.security.ProofingLevel;
import org.openspine.platform.security.RoleProfile;

class CallerClaimsTest {

    @Test
    void everyDemoUserSurvivesBeingWrittenAndReadBack() {
        for (DemoUsers.DemoUser user : DemoUsers.ALL) {
            JWTClaimsSet claims = CallerClaims.write(user.caller(), new JWTClaimsSet.Builder()).build();

            assertThat(CallerClaims.read(claims)).as(user.name()).isEqualTo(user.caller());
        }
    }

    @Test
    void staffClaimsAreLaidOutLikeCis2() {
        JWTClaimsSet claims = CallerClaims.write(DemoUsers.caller("gp"), new JWTClaimsSet.Builder()).build();

        assertThat(claims.toJSONObject()).containsEntry("sub", "555000000001").containsEntry("name", "Dr Aisha Rahman")
                .containsEntry("caller_kind", "staff").containsEntry("selected_roleid", "555000000011")
                .containsEntry("nhsid_nrbac_roles", List.of(
                        Map.of("person_roleid", "555000000011", "role_code", "R8000", "job_role_code", "R0260", "org_code", "A81001"),
                        Map.of("person_roleid", "555000000012", "role_code", "R8000", "job_role_code", "R0260", "org_code", "A81002")));
    }

    @Test
    void aCis2RoleCodePathIsReadAsItsLastPartAndTheFirstRoleIsActedInWhenNoneIsSelected() {
        JWTClaimsSet claims = new JWTClaimsSet.Builder().subject("555000000099").claim("caller_kind", "staff")
                .claim("nhsid_nrbac_roles", List.of(Map.of("person_roleid", "1", "role_code", "S8000:G8000:R8000",
                        "job_role_code", "R0260", "org_code", "A81001"))).build();

        Caller.Staff staff = (Caller.Staff) CallerClaims.read(claims);

        assertThat(staff.acting()).isEqualTo(new RoleProfile("1", "R8000", "R0260", "A81001"));
        assertThat(staff.displayName()).isEqualTo("555000000099");
    }

    @Test
    void citizenAndSystemClaimsAreLaidOutLikeNhsLoginAndSmart() {
        JWTClaimsSet citizen = CallerClaims.write(DemoUsers.caller("carer"), new JWTClaimsSet.Builder()).build();
        assertThat(citizen.toJSONObject()).containsEntry("caller_kind", "citizen").containsEntry("nhs_number", "9000000017")
                .containsEntry("identity_proofing_level", "P9");

        JWTClaimsSet system = new JWTClaimsSet.Builder().subject("client-1").claim("caller_kind", "system")
                .claim("scope", " system/Patient.read  system/*.write ").build();
        assertThat(CallerClaims.read(system))
                .isEqualTo(new Caller.SystemClient("client-1", "client-1", Set.of("system/Patient.read", "system/*.write")));
    }

    @Test
    void missingOrMalformedClaimsAreRefusedNamingTheClaimButNotItsValue() {
        JWTClaimsSet.Builder staff = new JWTClaimsSet.Builder().subject("u").claim("caller_kind", "staff");
        assertThatThrownBy(() -> CallerClaims.read(staff.build()))
                .hasMessage("nhsid_nrbac_roles must list at least one role profile");
        assertThatThrownBy(() -> CallerClaims.read(staff.claim("nhsid_nrbac_roles", List.of("R8000")).build()))
                .hasMessage("nhsid_nrbac_roles must list objects");
        assertThatThrownBy(() -> CallerClaims.read(staff.claim("nhsid_nrbac_roles",
                List.of(Map.of("person_roleid", "1", "role_code", "R8000", "org_code", "A81001"))).build()))
                .hasMessage("each of nhsid_nrbac_roles needs a job_role_code");
        assertThatThrownBy(() -> CallerClaims.read(staff.claim("nhsid_nrbac_roles", List.of(Map.of("person_roleid", "1",
                "role_code", "R8000", "job_role_code", "R0260", "org_code", "A81001"))).claim("selected_roleid", "2").build()))
                .hasMessage("selected_roleid is not one of the nhsid_nrbac_roles");

        JWTClaimsSet.Builder citizen = new JWTClaimsSet.Builder().subject("c").claim("caller_kind", "citizen")
                .claim("nhs_number", "9000000009");
        assertThatThrownBy(() -> CallerClaims.read(citizen.claim("identity_proofing_level", "P7").build()))
                .hasMessage("identity_proofing_level must be P0, P5 or P9");
        assertThat(((Caller.Citizen) CallerClaims.read(citizen.claim("identity_proofing_level", "P5").build())).proofing())
                .isEqualTo(ProofingLevel.P5);

        assertThatThrownBy(() -> CallerClaims.read(new JWTClaimsSet.Builder().subject("s").claim("caller_kind", "robot").build()))
                .hasMessage("caller_kind must be staff, citizen or system");
        assertThatThrownBy(() -> CallerClaims.read(new JWTClaimsSet.Builder().claim("caller_kind", "system").build()))
                .hasMessage("sub is required");
        assertThatThrownBy(() -> CallerClaims.read(new JWTClaimsSet.Builder().subject("s").claim("caller_kind", 7).build()))
                .hasMessage("caller_kind must be a string");
    }
}
