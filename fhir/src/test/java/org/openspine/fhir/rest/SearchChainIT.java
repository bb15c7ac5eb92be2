package org.openspine.fhir.rest;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Searches across references and beyond one type: chains (one and more levels, with and without a
 * target type), reverse chains ({@code _has}, nested), {@code _include} and {@code _revinclude} (with
 * {@code :iterate}), compartment search, system search, and the parameters every resource has
 * ({@code _id}, {@code _tag}, {@code _profile}, {@code _security}, {@code _source}, {@code _list}).
 *
 * <p>The fixture graph: Organization "Ward Clinic" is part of "Riverside Trust"; Practitioner Gupta is
 * the general practitioner of Patient Chainfam (NHS 111, managed by the clinic), who has a heart rate
 * Observation and a MedicationRequest for a Medication the clinic makes; Patient Otherfam (NHS 222) has
 * a body weight Observation; Location "Chainfam Ward" has a heart rate Observation.
 */
class SearchChainIT {

    private final TaggedSearch s = new TaggedSearch();

    private String trust;
    private String clinic;
    private String gupta;
    private String chainfam;
    private String otherfam;
    private String place;
    private String chainfamPulse;
    private String otherfamWeight;
    private String placePulse;
    private String medication;
    private String prescription;

    @BeforeEach
    void createTheGraph() {
        trust = s.create("{\"resourceType\":\"Organization\",\"name\":\"Riverside Trust\"}");
        clinic = s.create("""
                {"resourceType":"Organization","name":"Ward Clinic","partOf":{"reference":"Organization/%s"}}"""
                .formatted(trust));
        gupta = s.create("{\"resourceType\":\"Practitioner\",\"name\":[{\"family\":\"Gupta\"}]}");
        chainfam = s.create("""
                {"resourceType":"Patient","identifier":[{"system":"urn:test:nhs","value":"111"}],
                 "name":[{"family":"Chainfam"}],"generalPractitioner":[{"reference":"Practitioner/%s"}],
                 "managingOrganization":{"reference":"Organization/%s"}}""".formatted(gupta, clinic));
        otherfam = s.create("""
                {"resourceType":"Patient","identifier":[{"system":"urn:test:nhs","value":"222"}],
                 "name":[{"family":"Otherfam"}]}""");
        place = s.create("{\"resourceType\":\"Location\",\"name\":\"Chainfam Ward\"}");
        chainfamPulse = observation("Patient/" + chainfam, "8867-4");
        otherfamWeight = observation("Patient/" + otherfam, "29463-7");
        placePulse = observation("Location/" + place, "8867-4");
        medication = s.create("""
                {"resourceType":"Medication","manufacturer":{"reference":"Organization/%s"}}""".formatted(clinic));
        prescription = s.create("""
                {"resourceType":"MedicationRequest","status":"active","intent":"order",
                 "medicationReference":{"reference":"Medication/%s"},"subject":{"reference":"Patient/%s"}}"""
                .formatted(medication, chainfam));
    }

    private String observation(String subject, String loinc) {
        return s.create("""
                {"resourceType":"Observation","status":"final",
                 "code":{"coding":[{"system":"http://loinc.org","code":"%s"}]},"subject":{"reference":"%s"}}"""
                .formatted(loinc, subject));
    }

    @Test
    void aChainSearchesTheReferencedResourceWithOrWithoutATargetType() {
        assertThat(s.ids("Observation", "subject:Patient.identifier=urn:test:nhs|111")).containsExactly(chainfamPulse);
        assertThat(s.ids("Observation", "subject.name=chainfam")).containsExactlyInAnyOrder(chainfamPulse, placePulse);
        assertThat(s.ids("Observation", "subject:Patient.name=chainfam")).containsExactly(chainfamPulse);
        assertThat(s.ids("Observation", "subject:Location.name=chainfam")).containsExactly(placePulse);
        assertThat(s.ids("Observation", "patient.name=otherfam")).containsExactly(otherfamWeight);
        assertThat(s.ids("Observation", "patient._id=" + otherfam)).containsExactly(otherfamWeight);
        assertThat(s.ids("Observation", "subject:Patient.name=chainfam", "code=29463-7")).isEmpty();
        assertThat(s.ids("MedicationRequest", "medication.manufacturer.name=ward")).containsExactly(prescription);
    }

    @Test
    void chainsFollowTwoAndThreeReferences() {
        assertThat(s.ids("Observation", "subject:Patient.general-practitioner:Practitioner.name=gupta"))
                .containsExactly(chainfamPulse);
        assertThat(s.ids("Observation", "subject:Patient.general-practitioner.name=gupta"))
                .containsExactly(chainfamPulse);
        assertThat(s.ids("Observation", "subject:Patient.organization.partof.name=riverside"))
                .containsExactly(chainfamPulse);
        assertThat(s.ids("Observation", "subject:Patient.organization.partof.name=ward")).isEmpty();
        assertThat(s.ids("Observation", "subject:Patient.organization.name=ward")).containsExactly(chainfamPulse);
    }

    @Test
    void hasFindsResourcesThatOthersMatchingTheConditionReferTo() {
        assertThat(s.ids("Patient", "_has:Observation:patient:code=http://loinc.org|8867-4")).containsExactly(chainfam);
        assertThat(s.ids("Patient", "_has:Observation:subject:code=29463-7")).containsExactly(otherfam);
        assertThat(s.ids("Patient", "_has:Observation:patient:code=8867-4,29463-7"))
                .containsExactlyInAnyOrder(chainfam, otherfam);
        assertThat(s.ids("Patient", "_has:Observation:patient:code=8867-4", "name=otherfam")).isEmpty();
        assertThat(s.ids("Location", "_has:Observation:subject:code=8867-4")).containsExactly(place);
        assertThat(s.ids("Patient", "_has:MedicationRequest:subject:medication.manufacturer.name=ward"))
                .containsExactly(chainfam);
    }

    @Test
    void nestedHasFollowsReverseReferencesTwice() {
        assertThat(s.ids("Practitioner", "_has:Patient:general-practitioner:_has:Observation:patient:code=8867-4"))
                .containsExactly(gupta);
        assertThat(s.ids("Practitioner", "_has:Patient:general-practitioner:_has:Observation:patient:code=29463-7"))
                .isEmpty();
        assertThat(s.ids("Organization", "_has:Organization:partof:_has:Patient:organization:name=chainfam"))
                .containsExactly(trust);
    }

    @Test
    void includeAddsWhatTheMatchesReferToOptionallyOfOneTargetType() {
        TaggedSearch.Result all = s.search("Observation", "code=8867-4", "_include=Observation:subject");
        TaggedSearch.Result patients = s.search("Observation", "code=8867-4", "_include=Observation:subject:Patient");
        TaggedSearch.Result wildcard = s.search("Observation", "code=8867-4", "_include=Observation:*");
        TaggedSearch.Result none = s.search("Observation", "code=8867-4");

        assertThat(all.ids()).containsExactlyInAnyOrder(chainfamPulse, placePulse);
        assertThat(all.references("include")).containsExactlyInAnyOrder("Patient/" + chainfam, "Location/" + place);
        assertThat(patients.references("include")).containsExactly("Patient/" + chainfam);
        assertThat(wildcard.references("include")).containsExactlyInAnyOrder("Patient/" + chainfam, "Location/" + place);
        assertThat(none.references("include")).isEmpty();
    }

    @Test
    void includeIterateFollowsReferencesOfWhatWasIncluded() {
        TaggedSearch.Result once = s.search("MedicationRequest", "_include=MedicationRequest:medication",
                "_include=Medication:manufacturer");
        TaggedSearch.Result iterated = s.search("MedicationRequest", "_include=MedicationRequest:medication",
                "_include:iterate=Medication:manufacturer", "_include:iterate=Organization:partof");

        assertThat(once.ids()).containsExactly(prescription);
        assertThat(once.references("include")).containsExactly("Medication/" + medication);
        assertThat(iterated.references("include")).containsExactlyInAnyOrder("Medication/" + medication,
                "Organization/" + clinic, "Organization/" + trust);
    }

    @Test
    void includeFollowsAnEncountersLocationAndServiceProvider() {
        String ward = s.create("{\"resourceType\":\"Location\",\"name\":\"Ward 7\"}");
        String encounter = s.create("""
                {"resourceType":"Encounter","status":"finished",
                 "class":{"system":"http://terminology.hl7.org/CodeSystem/v3-ActCode","code":"IMP"},
                 "serviceProvider":{"reference":"Organization/%s"},
                 "location":[{"location":{"reference":"Location/%s"}}]}""".formatted(trust, ward));

        TaggedSearch.Result result = s.search("Encounter", "_include=Encounter:location",
                "_include=Encounter:service-provider");

        assertThat(result.ids()).containsExactly(encounter);
        assertThat(result.references("include")).containsExactlyInAnyOrder("Location/" + ward, "Organization/" + trust);
    }

    @Test
    void revincludeAddsTheResourcesThatReferToTheMatches() {
        TaggedSearch.Result one = s.search("Patient", "name=chainfam", "_revinclude=Observation:patient");
        TaggedSearch.Result two = s.search("Patient", "identifier=urn:test:nhs|111,urn:test:nhs|222",
                "_revinclude=Observation:patient", "_revinclude=MedicationRequest:subject");
        TaggedSearch.Result parts = s.search("Organization", "name=riverside", "_revinclude=Organization:partof");

        assertThat(one.ids()).containsExactly(chainfam);
        assertThat(one.references("include")).containsExactly("Observation/" + chainfamPulse);
        assertThat(two.ids()).containsExactlyInAnyOrder(chainfam, otherfam);
        assertThat(two.references("include")).containsExactlyInAnyOrder("Observation/" + chainfamPulse,
                "Observation/" + otherfamWeight, "MedicationRequest/" + prescription);
        assertThat(parts.references("include")).containsExactly("Organization/" + clinic);
    }

    @Test
    void aCompartmentSearchFindsWhatThePatientsCompartmentHolds() {
        String performedByOtherfam = s.create("""
                {"resourceType":"Observation","status":"final","code":{"coding":[{"system":"http://loinc.org","code":"8867-4"}]},
                 "subject":{"reference":"Location/%s"},"performer":[{"reference":"Patient/%s"}]}""".formatted(place, otherfam));

        assertThat(s.ids("Patient/" + chainfam + "/Observation")).containsExactly(chainfamPulse);
        assertThat(s.ids("Patient/" + chainfam + "/Observation", "code=8867-4")).containsExactly(chainfamPulse);
        assertThat(s.ids("Patient/" + chainfam + "/Observation", "code=29463-7")).isEmpty();
        assertThat(s.ids("Patient/" + otherfam + "/Observation")).containsExactlyInAnyOrder(otherfamWeight,
                performedByOtherfam);
        assertThat(s.ids("Patient/" + otherfam + "/Observation", "code=8867-4")).containsExactly(performedByOtherfam);
        assertThat(s.ids("Patient/" + chainfam + "/MedicationRequest")).containsExactly(prescription);
        assertThat(s.ids("Patient/" + otherfam + "/MedicationRequest")).isEmpty();
    }

    @Test
    void aSystemSearchSpansTheTypesNamedOrEveryType() {
        assertThat(s.search("", "_type=Patient,Practitioner").references("match"))
                .containsExactlyInAnyOrder("Patient/" + chainfam, "Patient/" + otherfam, "Practitioner/" + gupta);
        assertThat(s.search("", "_id=" + chainfam).references("match")).containsExactly("Patient/" + chainfam);
        assertThat(s.search("", "_id=" + chainfam + "," + gupta + "," + trust).references("match"))
                .containsExactlyInAnyOrder("Patient/" + chainfam, "Practitioner/" + gupta, "Organization/" + trust);
        assertThat(s.search("").references("match")).hasSize(11);
    }

    @Test
    void idAndTagSelectByLogicalIdAndByMetaTag() {
        String alsoTagged = s.create("""
                {"resourceType":"Patient","meta":{"tag":[{"system":"urn:test:colour","code":"blue"}]}}""");

        assertThat(s.ids("Patient", "_id=" + chainfam + "," + otherfam)).containsExactlyInAnyOrder(chainfam, otherfam);
        assertThat(s.ids("Patient", "_id=" + gupta)).isEmpty();
        assertThat(s.ids("Patient", "_tag=urn:test:colour|blue")).containsExactly(alsoTagged);
        assertThat(s.ids("Patient", "_tag=urn:test:colour|red")).isEmpty();
        assertThat(s.ids("Patient", "_tag:not=urn:test:colour|blue")).containsExactlyInAnyOrder(chainfam, otherfam);
    }

    @Test
    void profileSecurityAndSourceSelectByTheirMetaElements() {
        String profileUrl = "http://example.org/fhir/StructureDefinition/p-" + Fixtures.unique();
        String profiled = s.create("""
                {"resourceType":"Patient","meta":{"profile":["%s"]}}""".formatted(profileUrl));
        String restricted = s.create("""
                {"resourceType":"Patient","meta":{"security":[
                  {"system":"http://terminology.hl7.org/CodeSystem/v3-Confidentiality","code":"R"}]}}""");
        String sourced = s.create("""
                {"resourceType":"Patient","meta":{"source":"http://example.org/feeds/pas#batch7"}}""");

        assertThat(s.ids("Patient", "_profile=" + profileUrl)).containsExactly(profiled);
        assertThat(s.ids("Patient", "_security=http://terminology.hl7.org/CodeSystem/v3-Confidentiality|R"))
                .containsExactly(restricted);
        assertThat(s.ids("Patient", "_security=R")).containsExactly(restricted);
        assertThat(s.ids("Patient", "_source=http://example.org/feeds/pas#batch7")).containsExactly(sourced);
        assertThat(s.ids("Patient", "_source=http://example.org/feeds/pas")).isEmpty();
    }

    @Test
    void listSelectsTheItemsOfAList() {
        String list = s.create("""
                {"resourceType":"List","status":"current","mode":"working",
                 "entry":[{"item":{"reference":"Patient/%s"}},{"item":{"reference":"Observation/%s"}}]}"""
                .formatted(otherfam, chainfamPulse));

        assertThat(s.ids("Patient", "_list=" + list)).containsExactly(otherfam);
        assertThat(s.ids("Observation", "_list=" + list)).containsExactly(chainfamPulse);
        assertThat(s.ids("Practitioner", "_list=" + list)).isEmpty();
    }
}
