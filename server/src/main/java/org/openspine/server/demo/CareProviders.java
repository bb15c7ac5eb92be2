package org.openspine.server.demo;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Random;

/**
 * The fixed care setting every synthetic patient lives in: four GP practices and one hospital trust in
 * West Yorkshire, with their clinicians.
 *
 * <p>Codes have the shape of real ODS and SDS identifiers so that NHS-aware code paths are exercised, but the
 * names, addresses and people are invented. Patients point at these by conditional reference
 * ({@code Organization?identifier=...}), so the organisations bundle must be loaded before any patient bundle.
 */
final class CareProviders {

    /** GP practices; a patient's index picks one, so practice lists grow evenly. */
    static final List<Provider> PRACTICES = List.of(
            new Provider("A81001", "Kirkstall Lane Medical Centre", "12 Kirkstall Lane", "Leeds", "LS5 3BE",
                    "0113 496 0101", List.of(
                            new Clinician("555103458102", "555210436110", "Dr", "Aisha", "Rahman", "female"),
                            new Clinician("555103458103", "555210436111", "Dr", "Thomas", "Whitaker", "male"))),
            new Provider("A81002", "Manningham Health Centre", "48 Lumb Lane", "Bradford", "BD8 7RS",
                    "0113 496 0202", List.of(
                            new Clinician("555103458204", "555210436212", "Dr", "Imran", "Hussain", "male"),
                            new Clinician("555103458205", "555210436213", "Dr", "Claire", "Bentley", "female"))),
            new Provider("A81003", "Westgate Surgery", "3 Westgate", "Wakefield", "WF1 1JY",
                    "0113 496 0303", List.of(
                            new Clinician("555103458306", "555210436314", "Dr", "Sarah", "Oduya", "female"),
                            new Clinician("555103458307", "555210436315", "Dr", "James", "Holroyd", "male"))),
            new Provider("A81004", "Lindley Village Practice", "27 Acre Street", "Huddersfield", "HD3 3DY",
                    "0113 496 0404", List.of(
                            new Clinician("555103458408", "555210436416", "Dr", "Priya", "Sharma", "female"),
                            new Clinician("555103458409", "555210436417", "Dr", "Daniel", "Firth", "male"))));

    /** The acute trust that admits patients from all four practices. */
    static final Provider TRUST = new Provider("RX1", "West Riding Teaching Hospitals NHS Trust",
            "Great George Street", "Leeds", "LS1 3EX", "0113 496 0500", List.of(
                    new Clinician("555103458510", "555210436518", "Dr", "Margaret", "Achebe", "female"),
                    new Clinician("555103458511", "555210436519", "Dr", "Robert", "Lindqvist", "male")));

    private CareProviders() {
    }

    /**
     * @param random the source of the entries' urn:uuid fullUrls
     * @return every organisation, practitioner and role as conditional updates, practices first
     */
    static TransactionBundle bundle(Random random) {
        TransactionBundle bundle = new TransactionBundle(random);
        for (Provider practice : PRACTICES) {
            add(bundle, practice, true);
        }
        add(bundle, TRUST, false);
        return bundle;
    }

    /** @return the conditional reference to {@code provider}'s Organization */
    static String organisationReference(Provider provider) {
        return Datatypes.byIdentifier("Organization", Datatypes.ODS, provider.odsCode());
    }

    /** @return the conditional reference to {@code clinician}'s Practitioner */
    static String practitionerReference(Clinician clinician) {
        return Datatypes.byIdentifier("Practitioner", Datatypes.SDS_USER, clinician.sdsUserId());
    }

    private static void add(TransactionBundle bundle, Provider provider, boolean gpPractice) {
        String organisationUrl = bundle.newFullUrl();
        bundle.putWhere(organisationUrl, organisation(provider, gpPractice),
                "identifier=" + Datatypes.ODS + "|" + provider.odsCode());
        for (Clinician clinician : provider.clinicians()) {
            String practitionerUrl = bundle.newFullUrl();
            bundle.putWhere(practitionerUrl, practitioner(clinician, provider),
                    "identifier=" + Datatypes.SDS_USER + "|" + clinician.sdsUserId());
            bundle.putWhere(bundle.newFullUrl(),
                    role(clinician, practitionerUrl, organisationUrl, provider, gpPractice),
                    "identifier=" + Datatypes.SDS_ROLE_PROFILE + "|" + clinician.roleProfileId());
        }
    }

    private static ObjectNode organisation(Provider provider, boolean gpPractice) {
        ObjectNode organisation = Datatypes.NODES.objectNode();
        organisation.put("resourceType", "Organization");
        organisation.putArray("identifier").add(Datatypes.identifier(Datatypes.ODS, provider.odsCode()));
        organisation.put("active", true);
        organisation.putArray("type").add(Datatypes.concept(
                Datatypes.coding(Datatypes.ORGANIZATION_TYPE, "prov", "Healthcare Provider"),
                gpPractice ? "GP practice" : "NHS trust"));
        organisation.put("name", provider.name());
        organisation.putArray("telecom").add(Datatypes.telecom("phone", provider.phone(), "work"));
        organisation.putArray("address").add(Datatypes.address(
                "work", provider.line(), provider.city(), "West Yorkshire", provider.postcode()));
        return organisation;
    }

    private static ObjectNode practitioner(Clinician clinician, Provider provider) {
        ObjectNode practitioner = Datatypes.NODES.objectNode();
        practitioner.put("resourceType", "Practitioner");
        practitioner.putArray("identifier").add(Datatypes.identifier(Datatypes.SDS_USER, clinician.sdsUserId()));
        practitioner.put("active", true);
        practitioner.putArray("name").add(
                Datatypes.humanName(clinician.prefix(), clinician.given(), clinician.family()));
        practitioner.putArray("telecom").add(Datatypes.telecom("phone", provider.phone(), "work"));
        practitioner.put("gender", clinician.gender());
        return practitioner;
    }

    private static ObjectNode role(Clinician clinician, String practitionerUrl, String organisationUrl,
                                   Provider provider, boolean gpPractice) {
        ObjectNode role = Datatypes.NODES.objectNode();
        role.put("resourceType", "PractitionerRole");
        role.putArray("identifier").add(
                Datatypes.identifier(Datatypes.SDS_ROLE_PROFILE, clinician.roleProfileId()));
        role.put("active", true);
        role.set("practitioner", Datatypes.reference(practitionerUrl,
                clinician.prefix() + " " + clinician.given() + " " + clinician.family()));
        role.set("organization", Datatypes.reference(organisationUrl, provider.name()));
        role.putArray("code").add(gpPractice
                ? Datatypes.concept(Datatypes.SNOMED, "62247001", "General practitioner")
                : Datatypes.concept(Datatypes.SNOMED, "158967008", "Consultant physician"));
        role.putArray("specialty").add(gpPractice
                ? Datatypes.concept(Datatypes.SNOMED, "394814009", "General practice")
                : Datatypes.concept(Datatypes.SNOMED, "394802001", "General medicine"));
        return role;
    }

    /** An organisation and the clinicians who work there. */
    record Provider(String odsCode, String name, String line, String city, String postcode, String phone,
                    List<Clinician> clinicians) {
        Provider {
            clinicians = List.copyOf(clinicians);
        }
    }

    /** A clinician: SDS user id for the Practitioner, SDS role profile id for the PractitionerRole. */
    record Clinician(String sdsUserId, String roleProfileId, String prefix, String given, String family,
                     String gender) {
    }
}
