package org.openspine.platform.security.token;

import com.nimbusds.jwt.JWTClaimsSet;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.openspine.platform.identifier.NhsNumber;
import org.openspine.platform.security.Caller;
import org.openspine.platform.security.ProofingLevel;
import org.openspine.platform.security.RoleProfile;

/**
 * The claim layout of the package documentation, both ways: a {@link Caller} written into claims
 * (the issuers) and claims read back into a {@link Caller} (the verifier). Keeping both directions
 * here is what keeps them in step. Reading refuses anything missing or malformed with an
 * {@link IllegalArgumentException} that names the claim but never repeats its value.
 */
final class CallerClaims {

    static final String KIND = "caller_kind";
    static final String NAME = "name";
    static final String ROLES = "nhsid_nrbac_roles";
    static final String SELECTED_ROLE = "selected_roleid";
    static final String ROLE_ID = "person_roleid";
    static final String ROLE_CODE = "role_code";
    static final String JOB_ROLE = "job_role_code";
    static final String ORG_CODE = "org_code";
    static final String NHS_NUMBER = "nhs_number";
    static final String PROOFING = "identity_proofing_level";
    static final String SCOPE = "scope";

    private CallerClaims() {
    }

    /** @return {@code claims} with the subject, name, kind and kind-specific claims of {@code caller} */
    static JWTClaimsSet.Builder write(Caller caller, JWTClaimsSet.Builder claims) {
        claims.subject(caller.id()).claim(NAME, caller.displayName());
        return switch (caller) {
            case Caller.Staff staff -> {
                List<Map<String, String>> roles = new ArrayList<>();
                for (RoleProfile role : staff.roles()) {
                    Map<String, String> entry = new LinkedHashMap<>();
                    entry.put(ROLE_ID, role.id());
                    entry.put(ROLE_CODE, role.roleCode());
                    entry.put(JOB_ROLE, role.jobRole());
                    entry.put(ORG_CODE, role.odsCode());
                    roles.add(entry);
                }
                yield claims.claim(KIND, "staff").claim(ROLES, roles).claim(SELECTED_ROLE, staff.acting().id());
            }
            case Caller.Citizen citizen -> claims.claim(KIND, "citizen").claim(NHS_NUMBER, citizen.nhsNumber())
                    .claim(PROOFING, citizen.proofing().name());
            case Caller.SystemClient system -> claims.claim(KIND, "system")
                    .claim(SCOPE, String.join(" ", system.scopes().stream().sorted().toList()));
        };
    }

    /**
     * @return the caller the claims describe; a member of staff acts in the selected role profile
     * @throws IllegalArgumentException naming the first claim that is missing or malformed
     */
    static Caller read(JWTClaimsSet claims) {
        String id = text(claims, "sub");
        String name = claims.getClaim(NAME) == null ? id : text(claims, NAME);
        String kind = text(claims, KIND);
        return switch (kind) {
            case "staff" -> staff(claims, id, name);
            case "citizen" -> {
                String nhsNumber = text(claims, NHS_NUMBER);
                if (!NhsNumber.isValid(nhsNumber)) {
                    throw new IllegalArgumentException(NHS_NUMBER + " is not a valid NHS Number");
                }
                yield new Caller.Citizen(id, name, nhsNumber, proofing(text(claims, PROOFING)));
            }
            case "system" -> {
                Set<String> scopes = new LinkedHashSet<>(Arrays.asList(text(claims, SCOPE).trim().split(" +")));
                scopes.remove("");
                yield new Caller.SystemClient(id, name, scopes);
            }
            default -> throw new IllegalArgumentException(KIND + " must be staff, citizen or system");
        };
    }

    private static Caller.Staff staff(JWTClaimsSet claims, String id, String name) {
        if (!(claims.getClaim(ROLES) instanceof List<?> entries) || entries.isEmpty()) {
            throw new IllegalArgumentException(ROLES + " must list at least one role profile");
        }
        List<RoleProfile> roles = new ArrayList<>();
        for (Object entry : entries) {
            if (!(entry instanceof Map<?, ?> role)) {
                throw new IllegalArgumentException(ROLES + " must list objects");
            }
            String roleCode = field(role, ROLE_CODE);
            roles.add(new RoleProfile(field(role, ROLE_ID), roleCode.substring(roleCode.lastIndexOf(':') + 1),
                    field(role, JOB_ROLE), field(role, ORG_CODE)));
        }
        RoleProfile acting = roles.get(0);
        if (claims.getClaim(SELECTED_ROLE) != null) {
            String selected = text(claims, SELECTED_ROLE);
            acting = roles.stream().filter(r -> r.id().equals(selected)).findFirst().orElseThrow(
                    () -> new IllegalArgumentException(SELECTED_ROLE + " is not one of the " + ROLES));
        }
        return new Caller.Staff(id, name, acting, roles);
    }

    private static ProofingLevel proofing(String level) {
        try {
            return ProofingLevel.valueOf(level);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(PROOFING + " must be P0, P5 or P9", e);
        }
    }

    private static String text(JWTClaimsSet claims, String claim) {
        String value;
        try {
            value = claims.getStringClaim(claim);
        } catch (ParseException e) {
            throw new IllegalArgumentException(claim + " must be a string", e);
        }
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(claim + " is required");
        }
        return value;
    }

    private static String field(Map<?, ?> role, String field) {
        if (!(role.get(field) instanceof String value) || value.isBlank()) {
            throw new IllegalArgumentException("each of " + ROLES + " needs a " + field);
        }
        return value;
    }
}
