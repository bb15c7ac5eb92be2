package org.openspine.platform.security.token;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.openspine.platform.security.Caller;
import org.openspine.platform.security.ProofingLevel;
import org.openspine.platform.security.RoleProfile;

/**
 * The demo people and system of the built-in issuer: one table, for the sign-in page, the
 * {@code openspine token} command, tests and access policies. They exist only on a server started
 * with demo users on ({@code --demo} or {@code --demo-users}).
 *
 * <p>Organisations: GP practices {@value #GP_PRACTICE} and {@value #SECOND_GP_PRACTICE}, hospital
 * trust {@value #HOSPITAL_TRUST}, community pharmacy {@value #PHARMACY} (High Street Pharmacy).
 * RBAC role codes are the national ones (R8000 Clinical Practitioner, R8001 Nurse, R8003 Health
 * Professional, R8009 Receptionist, R0001 Privacy Officer). Job role codes R0260 (General Medical
 * Practitioner), R0050 (Consultant) and R1290 (Pharmacist) are as given for the NHS; those of the
 * nurse, receptionist and privacy officer are placeholders of the same shape, not checked against
 * the national list. User and role profile ids are made up, in the 12-digit shape of SDS ids.
 *
 * <p>The citizens' NHS Numbers pass the Modulus 11 check. {@code carer} cares for {@code patient};
 * the proxy link itself is record data, not part of the token.
 */
public final class DemoUsers {

    /** ODS code of the demo GP practice most demo staff work at. */
    public static final String GP_PRACTICE = "A81001";
    /** ODS code of the second practice the demo GP also holds a role profile at. */
    public static final String SECOND_GP_PRACTICE = "A81002";
    /** ODS code of the demo hospital trust. */
    public static final String HOSPITAL_TRUST = "RX1";
    /** ODS code of the demo community pharmacy. */
    public static final String PHARMACY = "FA001";
    /** The NHS Number of the demo patient (the PDS sandbox's test patient). */
    public static final String PATIENT_NHS_NUMBER = "9000000009";
    /** The NHS Number of the demo carer, who cares for the demo patient. */
    public static final String CARER_NHS_NUMBER = "9000000017";

    /** Every demo user, in sign-in page order. */
    public static final List<DemoUser> ALL = List.of(
            staff("gp", "555000000001", "Dr Aisha Rahman",
                    new RoleProfile("555000000011", "R8000", "R0260", GP_PRACTICE),
                    new RoleProfile("555000000012", "R8000", "R0260", SECOND_GP_PRACTICE)),
            staff("nurse", "555000000002", "Grace Okafor", new RoleProfile("555000000021", "R8001", "R0690", GP_PRACTICE)),
            staff("receptionist", "555000000003", "Tom Hughes",
                    new RoleProfile("555000000031", "R8009", "R1760", GP_PRACTICE)),
            staff("consultant", "555000000004", "Dr Priya Nair",
                    new RoleProfile("555000000041", "R8000", "R0050", HOSPITAL_TRUST)),
            staff("pharmacist", "555000000005", "Daniel Evans", new RoleProfile("555000000051", "R8003", "R1290", PHARMACY)),
            staff("privacy-officer", "555000000006", "Helen Clarke",
                    new RoleProfile("555000000061", "R0001", "R1990", GP_PRACTICE)),
            new DemoUser("patient", new Caller.Citizen("7a1e3c52-0000-4000-8000-900000000009", "Jane Smith",
                    PATIENT_NHS_NUMBER, ProofingLevel.P9)),
            new DemoUser("carer", new Caller.Citizen("7a1e3c52-0000-4000-8000-900000000017", "John Smith",
                    CARER_NHS_NUMBER, ProofingLevel.P9)),
            new DemoUser("integrator", new Caller.SystemClient("demo-integrator", "Demo Integrator",
                    Set.of("system/*.read", "system/*.write", "mailbox/*"))));

    private DemoUsers() {
    }

    /** @return the demo user signing in as {@code name} (e.g. {@code gp}), if there is one */
    public static Optional<DemoUser> find(String name) {
        return ALL.stream().filter(user -> user.name().equals(name)).findFirst();
    }

    /**
     * @return the caller of the demo user {@code name}
     * @throws IllegalArgumentException when there is no such demo user
     */
    public static Caller caller(String name) {
        return find(name).orElseThrow(() -> new IllegalArgumentException("no demo user '" + name + "'")).caller();
    }

    private static DemoUser staff(String name, String id, String displayName, RoleProfile... roles) {
        return new DemoUser(name, new Caller.Staff(id, displayName, roles[0], List.of(roles)));
    }

    /**
     * One demo user.
     *
     * @param name   the sign-in name ({@code user=} on {@code POST /auth/sign-in})
     * @param caller who the user signs in as; staff act in their first role profile unless the
     *               request names another
     */
    public record DemoUser(String name, Caller caller) {
        public DemoUser {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(caller, "caller");
        }
    }
}
