package org.openspine.identity.directory;

import java.util.Optional;

/**
 * The kinds of organisation the directory holds, each with its ODS organisation role (the code NHS FHIR
 * APIs put in {@code Organization.type} under {@value #ROLE_SYSTEM}), the HL7 organisation type, and the
 * service it offers patients, if any: organisations that see patients get a Location (their main site)
 * and a HealthcareService besides their Organization; commissioners and networks get an Organization only.
 */
public enum OrganisationType {

    /** A GP practice (ODS role 76); registered patients are its list. */
    GP_PRACTICE("76", "GP PRACTICE", "GP practice", "prov",
            new Service("17", "General Practice", "124", "General Practice")),
    /** A prescribing cost centre that is not a GP practice (ODS role 177): out-of-hours, walk-in centres... */
    PRESCRIBING_COST_CENTRE("177", "PRESCRIBING COST CENTRE", "prescribing cost centre", "prov", null),
    /** An NHS trust (ODS role 197). */
    NHS_TRUST("197", "NHS TRUST", "NHS trust", "prov", new Service("35", "Hospital", "361", "Hospital Services")),
    /** A community pharmacy (ODS role 182, pharmacy). */
    COMMUNITY_PHARMACY("182", "PHARMACY", "community pharmacy", "prov",
            new Service("7", "Community Health Care", "64", "Pharmacy")),
    /** A care home (ODS role 269). */
    CARE_HOME("269", "CARE HOME", "care home", "prov", new Service("2", "Aged Care", "4", "Aged Residential Care")),
    /** A local authority (ODS role 141): social care. */
    LOCAL_AUTHORITY("141", "LOCAL AUTHORITY", "local authority", "govt", null),
    /** A primary care network (ODS role 272): the practices of an area working together. */
    PRIMARY_CARE_NETWORK("272", "PRIMARY CARE NETWORK", "primary care network", "prov", null),
    /** An integrated care board (ODS role 318): commissions care for an area. */
    INTEGRATED_CARE_BOARD("318", "INTEGRATED CARE BOARD", "integrated care board", "govt", null);

    /** The code system of ODS organisation roles, as NHS FHIR APIs code them. */
    public static final String ROLE_SYSTEM = "https://fhir.nhs.uk/CodeSystem/organisation-role";
    /** HL7's organisation types (prov, govt, ...), kept beside the ODS role for generic clients. */
    public static final String HL7_SYSTEM = "http://terminology.hl7.org/CodeSystem/organization-type";
    static final String SERVICE_CATEGORY = "http://terminology.hl7.org/CodeSystem/service-category";
    static final String SERVICE_TYPE = "http://terminology.hl7.org/CodeSystem/service-type";

    private final String roleCode;
    private final String roleDisplay;
    private final String text;
    private final String hl7Code;
    private final Service service;

    OrganisationType(String roleCode, String roleDisplay, String text, String hl7Code, Service service) {
        this.roleCode = roleCode;
        this.roleDisplay = roleDisplay;
        this.text = text;
        this.hl7Code = hl7Code;
        this.service = service;
    }

    /** @return the ODS organisation role code, e.g. {@code 76} for a GP practice */
    public String roleCode() {
        return roleCode;
    }

    /** @return the ODS role's display, e.g. {@code GP PRACTICE} */
    public String roleDisplay() {
        return roleDisplay;
    }

    /** @return how people say it, e.g. {@code GP practice} */
    public String text() {
        return text;
    }

    String hl7Code() {
        return hl7Code;
    }

    /** @return the service such an organisation offers patients; empty for commissioners and networks */
    Optional<Service> service() {
        return Optional.ofNullable(service);
    }

    /**
     * What an organisation offers patients, coded in HL7's service category and service type.
     */
    record Service(String categoryCode, String categoryDisplay, String typeCode, String typeDisplay) {
    }
}
