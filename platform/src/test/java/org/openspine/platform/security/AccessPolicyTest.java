package org.openspine.platform.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openspine.platform.security.token.DemoUsers;
import org.openspine.platform.security.token.TestTokens;

class AccessPolicyTest {

    private final AccessPolicy policy = AccessPolicy.nhs();

    @Test
    void theAuditTrailIsReadOnlyByPrivacyOfficersPatientsAndSystemsGivenItsScope() {
        Map<String, Boolean> mayRead = Map.of("gp", false, "nurse", false, "receptionist", false, "consultant", false,
                "pharmacist", false, "privacy-officer", true, "patient", true, "carer", true, "integrator", false);
        mayRead.forEach((user, expected) -> {
            Access access = Access.of(DemoUsers.caller(user));
            assertThat(policy.allows(access, "AuditEvent", false, true)).as(user + " reads AuditEvent").isEqualTo(expected);
            assertThat(policy.allows(access, "AuditEvent", false, false)).as(user + " reads AuditEvent").isEqualTo(expected);
            assertThat(policy.allows(access, "AuditEvent", true, true)).as(user + " writes AuditEvent").isFalse();
        });
        assertThat(policy.allows(Access.of(TestTokens.system("system/AuditEvent.read")), "AuditEvent", false, true)).isTrue();
        assertThat(policy.allows(Access.of(TestTokens.system("system/*.*")), "AuditEvent", false, true)).isFalse();
    }
}
