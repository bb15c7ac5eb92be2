package org.openspine.identity.registration;

import java.util.Arrays;
import java.util.Optional;

/**
 * Why a GP registration ended. Deregistrations use the reasons PDS records when a patient is removed from
 * a practice's list ({@value #PDS_SYSTEM}); a registration ended because the patient registered at
 * another practice says so with OpenSpine's own code, since PDS has no removal reason for a transfer.
 */
public enum EndReason {

    AFL("Enlisted in the armed forces (local)"),
    AFN("Enlisted in the armed forces"),
    CGA("Gone away"),
    DEA("Death"),
    DIS("Practice dissolution"),
    EMB("Embarkation: left the country"),
    LDN("Logical deletion"),
    NIT("Transferred to Northern Ireland"),
    OPA("Address out of practice area"),
    ORR("Other reason"),
    RDI("Practice request, immediate"),
    RDR("Practice request"),
    RFI("Removed to a residential institution"),
    RPR("Patient request"),
    SCT("Transferred to Scotland"),
    SDL("Services dependant (local)"),
    SDN("Services dependant (SMU)"),
    TRA("Temporary resident not returned"),
    /** The patient registered at another practice. */
    REGISTERED_ELSEWHERE(Systems.OPENSPINE, "registered-elsewhere", "Registered at another practice");

    /** The code system of PDS removal-from-registration reasons. */
    public static final String PDS_SYSTEM = Systems.PDS;
    /** OpenSpine's code system for the ends of a registration PDS has no code for. */
    public static final String OPENSPINE_SYSTEM = Systems.OPENSPINE;

    private final String system;
    private final String code;
    private final String display;

    EndReason(String display) {
        this.system = Systems.PDS;
        this.code = name();
        this.display = display;
    }

    EndReason(String system, String code, String display) {
        this.system = system;
        this.code = code;
        this.display = display;
    }

    /** @return the reason's code system */
    public String system() {
        return system;
    }

    /** @return its code, e.g. {@code RPR} */
    public String code() {
        return code;
    }

    /** @return its meaning, e.g. {@code Patient request} */
    public String display() {
        return display;
    }

    /** @return the reason coded {@code system|code}; a null system means PDS's */
    public static Optional<EndReason> of(String system, String code) {
        String wanted = system == null ? PDS_SYSTEM : system;
        return Arrays.stream(values()).filter(r -> r.system.equals(wanted) && r.code.equals(code)).findFirst();
    }

    /** @return whether a caller may give this reason when deregistering (every PDS reason) */
    public boolean isDeregistration() {
        return system.equals(PDS_SYSTEM);
    }

    /** The systems, apart: an enum constant's arguments cannot name the enum's own static fields. */
    private static final class Systems {
        static final String PDS = "https://fhir.nhs.uk/CodeSystem/PDS-RemovalReasonExitCode";
        static final String OPENSPINE = "https://fhir.openspine.org/CodeSystem/gp-registration-end-reason";
    }
}
