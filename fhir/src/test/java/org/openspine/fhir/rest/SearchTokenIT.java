package org.openspine.fhir.rest;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * Token search (FHIR R4 search, "token"): {@code system|code}, {@code |code}, {@code system|} and a
 * bare code; {@code :not}, {@code :text}, {@code :of-type}, {@code :in} and {@code :not-in};
 * Coding, CodeableConcept, Identifier, ContactPoint, code and boolean values; {@code :missing}.
 */
class SearchTokenIT {

    private static final String LOINC = "http://loinc.org";
    private static final String V2_0203 = "http://terminology.hl7.org/CodeSystem/v2-0203";

    private final TaggedSearch s = new TaggedSearch();

    private String observation(String code) {
        return s.create("""
                {"resourceType":"Observation","status":"final","code":%s}""".formatted(code));
    }

    private String loincPulse() {
        return observation("""
                {"coding":[{"system":"http://loinc.org","code":"8867-4","display":"Heart rate"}],"text":"Pulse"}""");
    }

    private String snomedSameCode() {
        return observation("""
                {"coding":[{"system":"http://snomed.info/sct","code":"8867-4","display":"Heart beat"}]}""");
    }

    private String noSystem() {
        return observation("""
                {"coding":[{"code":"8867-4"}]}""");
    }

    private String loincWeight() {
        return observation("""
                {"coding":[{"system":"http://loinc.org","code":"29463-7","display":"Body weight"}]}""");
    }

    @Test
    void systemAndCodeNarrowByBothAndEachFormLeavesTheOtherOpen() {
        String pulse = loincPulse();
        String snomed = snomedSameCode();
        String bare = noSystem();
        String weight = loincWeight();

        assertThat(s.ids("Observation", "code=http://loinc.org|8867-4")).containsExactly(pulse);
        assertThat(s.ids("Observation", "code=|8867-4")).containsExactly(bare);
        assertThat(s.ids("Observation", "code=http://loinc.org|")).containsExactlyInAnyOrder(pulse, weight);
        assertThat(s.ids("Observation", "code=8867-4")).containsExactlyInAnyOrder(pulse, snomed, bare);
        assertThat(s.ids("Observation", "code=http://loinc.org|8867")).isEmpty();
        assertThat(s.ids("Observation", "code=8867-4,29463-7")).containsExactlyInAnyOrder(pulse, snomed, bare, weight);
    }

    @Test
    void notMatchesEveryResourceWithoutTheToken() {
        loincPulse();
        String snomed = snomedSameCode();
        String bare = noSystem();
        String weight = loincWeight();

        assertThat(s.ids("Observation", "code:not=http://loinc.org|8867-4")).containsExactlyInAnyOrder(snomed, bare, weight);
        assertThat(s.ids("Observation", "code:not=8867-4")).containsExactly(weight);
        assertThat(s.ids("Observation", "code:not=8867-4,29463-7")).isEmpty();
        assertThat(s.ids("Observation", "code:not=http://loinc.org|")).containsExactlyInAnyOrder(snomed, bare);
    }

    @Test
    void textMatchesTheStartOfTheConceptTextOrACodingDisplay() {
        String pulse = loincPulse();
        String snomed = snomedSameCode();
        noSystem();
        String weight = loincWeight();

        assertThat(s.ids("Observation", "code:text=heart")).containsExactlyInAnyOrder(pulse, snomed);
        assertThat(s.ids("Observation", "code:text=HEART B")).containsExactly(snomed);
        assertThat(s.ids("Observation", "code:text=pulse")).containsExactly(pulse);
        assertThat(s.ids("Observation", "code:text=body weight")).containsExactly(weight);
        assertThat(s.ids("Observation", "code:text=rate")).isEmpty();
        assertThat(s.ids("Observation", "code:text=8867-4")).isEmpty();
    }

    @Test
    void identifiersMatchBySystemAndValueAndOfTypeByTheirTypeCoding() {
        String recordA = s.create("""
                {"resourceType":"Patient","identifier":[
                  {"type":{"coding":[{"system":"%s","code":"MR"}],"text":"Medical record number"},
                   "system":"urn:hospital","value":"A123"}]}""".formatted(V2_0203));
        String licenceA = s.create("""
                {"resourceType":"Patient","identifier":[
                  {"type":{"coding":[{"system":"%s","code":"DL"}]},"system":"urn:dvla","value":"A123"},
                  {"type":{"coding":[{"system":"%s","code":"MR"}]},"system":"urn:hospital","value":"B456"}]}"""
                .formatted(V2_0203, V2_0203));

        assertThat(s.ids("Patient", "identifier=A123")).containsExactlyInAnyOrder(recordA, licenceA);
        assertThat(s.ids("Patient", "identifier=urn:hospital|A123")).containsExactly(recordA);
        assertThat(s.ids("Patient", "identifier=urn:hospital|")).containsExactlyInAnyOrder(recordA, licenceA);
        assertThat(s.ids("Patient", "identifier:of-type=" + V2_0203 + "|MR|A123")).containsExactly(recordA);
        assertThat(s.ids("Patient", "identifier:of-type=" + V2_0203 + "|DL|A123")).containsExactly(licenceA);
        assertThat(s.ids("Patient", "identifier:of-type=" + V2_0203 + "|MR|B456")).containsExactly(licenceA);
        assertThat(s.ids("Patient", "identifier:of-type=" + V2_0203 + "|DL|B456")).isEmpty();
        assertThat(s.ids("Patient", "identifier:of-type=urn:other|MR|A123")).isEmpty();
        assertThat(s.ids("Patient", "identifier:text=medical rec")).containsExactly(recordA);
    }

    @Test
    void inAndNotInUseTheConceptsOfAValueSetStoredOnTheServer() {
        String pulse = loincPulse();
        String snomed = snomedSameCode();
        String bare = noSystem();
        String weight = loincWeight();
        String url = "http://example.org/fhir/ValueSet/vitals-" + Fixtures.unique();
        String valueSetId = s.create("""
                {"resourceType":"ValueSet","url":"%s","status":"active","compose":{"include":[
                  {"system":"http://loinc.org","concept":[{"code":"8867-4"},{"code":"29463-7"}]},
                  {"system":"http://snomed.info/sct","concept":[{"code":"27113001"}]}]}}""".formatted(url));

        assertThat(s.ids("Observation", "code:in=" + url)).containsExactlyInAnyOrder(pulse, weight);
        assertThat(s.ids("Observation", "code:not-in=" + url)).containsExactlyInAnyOrder(snomed, bare);
        assertThat(s.ids("Observation", "code:in=ValueSet/" + valueSetId)).containsExactlyInAnyOrder(pulse, weight);
    }

    @Test
    void inWithAValueSetTheServerDoesNotHaveIsRefused() {
        TaggedSearch.assertRefused(s.get("Observation", "code:in=http://example.org/fhir/ValueSet/none-such"),
                "invalid", "no ValueSet 'http://example.org/fhir/ValueSet/none-such' is stored on this server");
    }

    @Test
    void codesAndBooleansAreTokensWithoutASystem() {
        String female = s.create("""
                {"resourceType":"Patient","gender":"female","active":true}""");
        String male = s.create("""
                {"resourceType":"Patient","gender":"male","active":false}""");
        String unstated = s.create("""
                {"resourceType":"Patient","birthDate":"1980-01-01"}""");

        assertThat(s.ids("Patient", "gender=female")).containsExactly(female);
        assertThat(s.ids("Patient", "gender=male,female")).containsExactlyInAnyOrder(female, male);
        assertThat(s.ids("Patient", "gender:not=male")).containsExactlyInAnyOrder(female, unstated);
        assertThat(s.ids("Patient", "gender:missing=true")).containsExactly(unstated);
        assertThat(s.ids("Patient", "gender:missing=false")).containsExactlyInAnyOrder(female, male);
        assertThat(s.ids("Patient", "active=true")).containsExactly(female);
        assertThat(s.ids("Patient", "active=false")).containsExactly(male);
        assertThat(s.ids("Patient", "active:missing=true")).containsExactly(unstated);
        assertThat(s.ids("Patient", "gender=FEMALE")).isEmpty();
    }

    @Test
    void contactPointsAreFoundByValueAndPhoneAndEmailKeepToTheirOwnSystem() {
        String zoe = s.create("""
                {"resourceType":"Patient","telecom":[{"system":"phone","value":"0113 496 0000"},
                  {"system":"email","value":"zoe@example.org"}]}""");
        String bob = s.create("""
                {"resourceType":"Patient","telecom":[{"system":"email","value":"bob@example.org"}]}""");
        String unreachable = s.create("""
                {"resourceType":"Patient","gender":"other"}""");

        assertThat(s.ids("Patient", "phone=0113 496 0000")).containsExactly(zoe);
        assertThat(s.ids("Patient", "email=bob@example.org")).containsExactly(bob);
        assertThat(s.ids("Patient", "email=0113 496 0000")).isEmpty();
        assertThat(s.ids("Patient", "phone=zoe@example.org")).isEmpty();
        assertThat(s.ids("Patient", "telecom=zoe@example.org")).containsExactly(zoe);
        assertThat(s.ids("Patient", "telecom=email|zoe@example.org")).containsExactly(zoe);
        assertThat(s.ids("Patient", "telecom=phone|zoe@example.org")).isEmpty();
        assertThat(s.ids("Patient", "telecom:missing=true")).containsExactly(unreachable);
        assertThat(s.ids("Patient", "email:missing=false")).containsExactlyInAnyOrder(zoe, bob);
        assertThat(s.ids("Patient", "phone:missing=true")).containsExactlyInAnyOrder(bob, unreachable);
    }
}
