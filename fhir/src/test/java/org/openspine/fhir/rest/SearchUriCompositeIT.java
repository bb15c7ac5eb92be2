package org.openspine.fhir.rest;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * URI search (FHIR R4 search, "uri": exact, {@code :below} by prefix, {@code :above} by ancestor path)
 * and composite search ({@code $}-joined parts, each matched by its component's type, all from the
 * same element: a blood pressure's systolic code never pairs with its diastolic value).
 */
class SearchUriCompositeIT {

    private static final String LOINC = "http://loinc.org";
    private static final String UCUM = "http://unitsofmeasure.org";

    private final TaggedSearch s = new TaggedSearch();

    private String valueSet(String url) {
        return s.create("""
                {"resourceType":"ValueSet","status":"active","url":"%s"}""".formatted(url));
    }

    @Test
    void aUriMatchesExactlyBelowByPrefixAndAboveByItsAncestors() {
        String root = "http://example.org/" + Fixtures.unique();
        String abc = valueSet(root + "/fhir/ValueSet/abc");
        String abcd = valueSet(root + "/fhir/ValueSet/abcd");
        String codeSystemPath = valueSet(root + "/fhir/CodeSystem/x");
        String other = valueSet(root + "/other/ValueSet/abc");

        assertThat(s.ids("ValueSet", "url=" + root + "/fhir/ValueSet/abc")).containsExactly(abc);
        assertThat(s.ids("ValueSet", "url=" + root + "/fhir/ValueSet")).isEmpty();
        assertThat(s.ids("ValueSet", "url=" + root.toUpperCase() + "/fhir/ValueSet/abc")).isEmpty();
        assertThat(s.ids("ValueSet", "url:below=" + root + "/fhir/")).containsExactlyInAnyOrder(abc, abcd,
                codeSystemPath);
        assertThat(s.ids("ValueSet", "url:below=" + root + "/fhir/ValueSet")).containsExactlyInAnyOrder(abc, abcd);
        assertThat(s.ids("ValueSet", "url:below=" + root)).containsExactlyInAnyOrder(abc, abcd, codeSystemPath, other);
        assertThat(s.ids("ValueSet", "url:above=" + root + "/fhir/ValueSet/abc/extra/more")).containsExactly(abc);
        assertThat(s.ids("ValueSet", "url:above=" + root + "/fhir/ValueSet/abcd")).containsExactly(abcd);
        assertThat(s.ids("ValueSet", "url:above=" + root + "/other/ValueSet/abc/1")).containsExactly(other);
        assertThat(s.ids("ValueSet", "url:above=" + root + "/fhir")).isEmpty();
    }

    private String bloodPressure() {
        return s.create("""
                {"resourceType":"Observation","status":"final",
                 "code":{"coding":[{"system":"http://loinc.org","code":"85354-9"}]},
                 "component":[
                  {"code":{"coding":[{"system":"http://loinc.org","code":"8480-6"}]},
                   "valueQuantity":{"value":120,"unit":"mmHg","system":"http://unitsofmeasure.org","code":"mm[Hg]"}},
                  {"code":{"coding":[{"system":"http://loinc.org","code":"8462-4"}]},
                   "valueQuantity":{"value":80,"unit":"mmHg","system":"http://unitsofmeasure.org","code":"mm[Hg]"}}]}""");
    }

    private String single(String code, String quantity) {
        return s.create("""
                {"resourceType":"Observation","status":"final",
                 "code":{"coding":[{"system":"http://loinc.org","code":"%s"}]},"valueQuantity":%s}"""
                .formatted(code, quantity));
    }

    private String systolic() {
        return single("8480-6", "{\"value\":130,\"unit\":\"mmHg\",\"system\":\"%s\",\"code\":\"mm[Hg]\"}".formatted(UCUM));
    }

    private String heartRate() {
        return single("8867-4", "{\"value\":72,\"unit\":\"/min\",\"system\":\"%s\",\"code\":\"/min\"}".formatted(UCUM));
    }

    @Test
    void codeValueQuantityPairsTheObservationsOwnCodeAndValue() {
        bloodPressure();
        String systolic = systolic();
        heartRate();

        assertThat(s.ids("Observation", "code-value-quantity=" + LOINC + "|8480-6$gt100|" + UCUM + "|mm[Hg]"))
                .containsExactly(systolic);
        assertThat(s.ids("Observation", "code-value-quantity=" + LOINC + "|8480-6$130")).containsExactly(systolic);
        assertThat(s.ids("Observation", "code-value-quantity=" + LOINC + "|8480-6$gt130")).isEmpty();
        assertThat(s.ids("Observation", "code-value-quantity=8480-6$120")).isEmpty();
        assertThat(s.ids("Observation", "code-value-quantity=" + LOINC + "|8480-6$gt100||/min")).isEmpty();
    }

    @Test
    void componentCodeValueQuantityPairsCodeAndValueOfTheSameComponentOnly() {
        String bloodPressure = bloodPressure();
        systolic();

        assertThat(s.ids("Observation", "component-code-value-quantity=" + LOINC + "|8480-6$gt100"))
                .containsExactly(bloodPressure);
        assertThat(s.ids("Observation", "component-code-value-quantity=" + LOINC + "|8462-4$80|" + UCUM + "|mm[Hg]"))
                .containsExactly(bloodPressure);
        assertThat(s.ids("Observation", "component-code-value-quantity=" + LOINC + "|8462-4$gt100")).isEmpty();
        assertThat(s.ids("Observation", "component-code-value-quantity=" + LOINC + "|8462-4$120")).isEmpty();
        assertThat(s.ids("Observation", "component-code-value-quantity=" + LOINC + "|8480-6$80")).isEmpty();
        assertThat(s.ids("Observation", "component-code-value-quantity=8480-6$120",
                "component-code-value-quantity=8462-4$80")).containsExactly(bloodPressure);
        assertThat(s.ids("Observation", "component-code-value-quantity=" + LOINC + "|85354-9$gt0")).isEmpty();
    }

    @Test
    void comboCodeValueQuantityLooksAtTheObservationAndEachComponent() {
        String bloodPressure = bloodPressure();
        String systolic = systolic();
        String heartRate = heartRate();

        assertThat(s.ids("Observation", "combo-code-value-quantity=" + LOINC + "|8480-6$gt100"))
                .containsExactlyInAnyOrder(bloodPressure, systolic);
        assertThat(s.ids("Observation", "combo-code-value-quantity=8867-4$72")).containsExactly(heartRate);
        assertThat(s.ids("Observation", "combo-code-value-quantity=" + LOINC + "|8480-6$gt125,"
                + LOINC + "|8867-4$lt100")).containsExactlyInAnyOrder(systolic, heartRate);
        assertThat(s.ids("Observation", "combo-code-value-quantity=8462-4$120")).isEmpty();
    }

    @Test
    void compositesWithConceptDateAndStringValuesMatchEachPartByItsType() {
        String concept = s.create("""
                {"resourceType":"Observation","status":"final","code":{"coding":[{"system":"urn:test","code":"c"}]},
                 "valueCodeableConcept":{"coding":[{"system":"http://snomed.info/sct","code":"10828004"}]}}""");
        String dated = s.create("""
                {"resourceType":"Observation","status":"final","code":{"coding":[{"system":"urn:test","code":"d"}]},
                 "valueDateTime":"2020-05-05"}""");
        String text = s.create("""
                {"resourceType":"Observation","status":"final","code":{"coding":[{"system":"urn:test","code":"s"}]},
                 "valueString":"Positive result"}""");

        assertThat(s.ids("Observation", "code-value-concept=urn:test|c$http://snomed.info/sct|10828004"))
                .containsExactly(concept);
        assertThat(s.ids("Observation", "code-value-concept=urn:test|c$http://snomed.info/sct|260385009")).isEmpty();
        assertThat(s.ids("Observation", "code-value-date=urn:test|d$2020-05")).containsExactly(dated);
        assertThat(s.ids("Observation", "code-value-date=urn:test|d$gt2020-05-05")).isEmpty();
        assertThat(s.ids("Observation", "code-value-date=urn:test|d$lt2021")).containsExactly(dated);
        assertThat(s.ids("Observation", "code-value-string=urn:test|s$positive")).containsExactly(text);
        assertThat(s.ids("Observation", "code-value-string=urn:test|s$negative")).isEmpty();
        assertThat(s.ids("Observation", "code-value-string=urn:test|d$positive")).isEmpty();
    }
}
