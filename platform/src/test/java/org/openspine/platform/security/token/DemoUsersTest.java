package org.openspine.platform.security.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Set;
import org.junit.jupiter.api.Test;
import org.openspine.platform.security.Caller;
import org.openspine.platform.security.RoleProfile;

class DemoUsersTest {

    @Test
    void theDemoUsersAreTheNineTheSignInPageOffersEachOnce() {
        assertThat(DemoUsers.ALL).extracting(DemoUsers.DemoUser::name).containsExactly("gp", "nurse", "receptionist",
                "consultant", "pharmacist", "privacy-officer", "patient", "carer", "integrator");
        assertThat(DemoUsers.ALL).extracting(user -> user.caller().id()).doesNotHaveDuplicates();
    }

    @Test
    void theGpHoldsRoleProfilesAtTwoPracticesAndActsAtTheFirst() {
        Caller.Staff gp = (Caller.Staff) DemoUsers.caller("gp");

        assertThat(gp.displayName()).isEqualTo("Dr Aisha Rahman");
        assertThat(gp.roles()).extracting(RoleProfile::odsCode).containsExactly("A81001", "A81002");
        assertThat(gp.acting().odsCode()).isEqualTo("A81001");
    }

    @Test
    void theCitizensHaveValidNhsNumbersProofedToP9() {
        for (String name : new String[] {"patient", "carer"}) {
            Caller.Citizen citizen = (Caller.Citizen) DemoUsers.caller(name);
            String digits = citizen.nhsNumber();
            int sum = 0;
            for (int i = 0; i < 9; i++) {
                sum += Character.getNumericValue(digits.charAt(i)) * (10 - i);
            }
            assertThat((11 - sum % 11) % 11).as(name).isEqualTo(Character.getNumericValue(digits.charAt(9)));
            assertThat(citizen.proofing().name()).isEqualTo("P9");
        }
        assertThat(((Caller.Citizen) DemoUsers.caller("carer")).nhsNumber()).isEqualTo(DemoUsers.CARER_NHS_NUMBER);
    }

    @Test
    void theIntegratorIsASystemThatMayReadAndWriteEverything() {
        assertThat(((Caller.SystemClient) DemoUsers.caller("integrator")).scopes())
                .isEqualTo(Set.of("system/*.read", "system/*.write", "mailbox/*"));
        assertThatThrownBy(() -> DemoUsers.caller("admin")).hasMessage("no demo user 'admin'");
    }
}
