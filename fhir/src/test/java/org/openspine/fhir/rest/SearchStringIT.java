package org.openspine.fhir.rest;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * String search (FHIR R4 search, "string"): starts-with by default, case and accents ignored;
 * {@code :exact} and {@code :contains}; HumanName and Address searched part by part; {@code :missing};
 * commas OR, repeats AND.
 */
class SearchStringIT {

    private final TaggedSearch s = new TaggedSearch();

    private String zoe;
    private String peter;
    private String ozzie;
    private String nameless;

    @BeforeEach
    void createPatients() {
        zoe = s.create("""
                {"resourceType":"Patient",
                 "name":[{"text":"Dr Zoë Anne Brontë","family":"Brontë","given":["Zoë","Anne"],"prefix":["Dr"]}],
                 "address":[{"line":["1 High Street"],"city":"Leeds","postalCode":"LS1 4AP","country":"UK"}]}""");
        peter = s.create("""
                {"resourceType":"Patient","name":[{"family":"Zoellner","given":["Peter"]}],
                 "address":[{"city":"London","postalCode":"SW1A 1AA"}]}""");
        ozzie = s.create("""
                {"resourceType":"Patient","name":[{"family":"Smith","given":["Ozzie"]}]}""");
        nameless = s.create("""
                {"resourceType":"Patient","gender":"unknown"}""");
    }

    @Test
    void aPlainStringSearchIsStartsWithIgnoringCaseAndAccents() {
        assertThat(s.ids("Patient", "name=zoe")).containsExactlyInAnyOrder(zoe, peter);
        assertThat(s.ids("Patient", "name=ZO")).containsExactlyInAnyOrder(zoe, peter);
        assertThat(s.ids("Patient", "name=Zoë")).containsExactlyInAnyOrder(zoe, peter);
        assertThat(s.ids("Patient", "given=zoe")).containsExactly(zoe);
        assertThat(s.ids("Patient", "family=BRONTE")).containsExactly(zoe);
        assertThat(s.ids("Patient", "family=brontë")).containsExactly(zoe);
    }

    @Test
    void aPlainStringSearchDoesNotMatchInsideAWord() {
        assertThat(s.ids("Patient", "name=oe")).isEmpty();
        assertThat(s.ids("Patient", "family=ith")).isEmpty();
        assertThat(s.ids("Patient", "family=Smithson")).isEmpty();
    }

    @Test
    void exactMatchesTheWholeValueWithItsCaseAndAccents() {
        assertThat(s.ids("Patient", "family:exact=Brontë")).containsExactly(zoe);
        assertThat(s.ids("Patient", "family:exact=Bronte")).isEmpty();
        assertThat(s.ids("Patient", "family:exact=brontë")).isEmpty();
        assertThat(s.ids("Patient", "family:exact=Bront")).isEmpty();
        assertThat(s.ids("Patient", "name:exact=Zoë")).containsExactly(zoe);
        assertThat(s.ids("Patient", "name:exact=Dr Zoë Anne Brontë")).containsExactly(zoe);
    }

    @Test
    void containsMatchesAnywhereInTheValueIgnoringCaseAndAccents() {
        assertThat(s.ids("Patient", "family:contains=ONT")).containsExactly(zoe);
        assertThat(s.ids("Patient", "family:contains=ell")).containsExactly(peter);
        assertThat(s.ids("Patient", "name:contains=zz")).containsExactly(ozzie);
        assertThat(s.ids("Patient", "name:contains=e")).containsExactlyInAnyOrder(zoe, peter, ozzie);
        assertThat(s.ids("Patient", "address:contains=high")).containsExactly(zoe);
    }

    @Test
    void nameMatchesEachPartOfAHumanName() {
        assertThat(s.ids("Patient", "name=dr")).containsExactly(zoe);
        assertThat(s.ids("Patient", "name=anne")).containsExactly(zoe);
        assertThat(s.ids("Patient", "name=bront")).containsExactly(zoe);
        assertThat(s.ids("Patient", "name=dr zoe anne")).containsExactly(zoe);
        assertThat(s.ids("Patient", "given=anne")).containsExactly(zoe);
        assertThat(s.ids("Patient", "family=dr")).isEmpty();
        assertThat(s.ids("Patient", "given=smith")).isEmpty();
    }

    @Test
    void addressParametersMatchTheirOwnPartAndAddressMatchesAnyPart() {
        assertThat(s.ids("Patient", "address-city=leeds")).containsExactly(zoe);
        assertThat(s.ids("Patient", "address-city=LON")).containsExactly(peter);
        assertThat(s.ids("Patient", "address-postalcode=ls1")).containsExactly(zoe);
        assertThat(s.ids("Patient", "address-postalcode=sw1a 1aa")).containsExactly(peter);
        assertThat(s.ids("Patient", "address-city=LS1")).isEmpty();
        assertThat(s.ids("Patient", "address=uk")).containsExactly(zoe);
        assertThat(s.ids("Patient", "address=1 high")).containsExactly(zoe);
        assertThat(s.ids("Patient", "address=sw1a")).containsExactly(peter);
        assertThat(s.ids("Patient", "address=street")).isEmpty();
    }

    @Test
    void missingTellsResourcesWithoutAValueFromThoseWithOne() {
        assertThat(s.ids("Patient", "address:missing=true")).containsExactlyInAnyOrder(ozzie, nameless);
        assertThat(s.ids("Patient", "address:missing=false")).containsExactlyInAnyOrder(zoe, peter);
        assertThat(s.ids("Patient", "name:missing=true")).containsExactly(nameless);
        assertThat(s.ids("Patient", "family:missing=false")).containsExactlyInAnyOrder(zoe, peter, ozzie);
    }

    @Test
    void commaSeparatedValuesAreAlternativesAndRepeatedParametersMustAllMatch() {
        assertThat(s.ids("Patient", "family=bronte,smith")).containsExactlyInAnyOrder(zoe, ozzie);
        assertThat(s.ids("Patient", "name=zoe", "name=peter")).containsExactly(peter);
        assertThat(s.ids("Patient", "name=zoe", "address-city=leeds")).containsExactly(zoe);
        assertThat(s.ids("Patient", "name=zoe", "name=smith")).isEmpty();
    }

    @Test
    void anEscapedCommaIsPartOfTheValueAndWhitespaceRunsCountAsOneSpace() {
        String hyphenated = s.create("""
                {"resourceType":"Patient","name":[{"family":"Ash,Lee","given":["Mary   Jane"]}]}""");

        assertThat(s.ids("Patient", "family=ash\\,l")).containsExactly(hyphenated);
        assertThat(s.ids("Patient", "family=lee")).isEmpty();
        assertThat(s.ids("Patient", "family=lee,ash")).containsExactly(hyphenated);
        assertThat(s.ids("Patient", "given=mary jane")).containsExactly(hyphenated);
        assertThat(s.ids("Patient", "given:exact=Mary   Jane")).containsExactly(hyphenated);
    }
}
