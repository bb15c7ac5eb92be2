package org.openspine.fhir.rest;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * Reference search (FHIR R4 search, "reference"): {@code Type/id}, a bare id (any target type), a
 * {@code :Type} modifier, an absolute URL on this server's base (the same as {@code Type/id}) or on
 * another server's (compared as written), {@code :identifier} on Reference.identifier, {@code :missing},
 * and canonical references with and without {@code |version}.
 */
class SearchReferenceIT {

    private final TaggedSearch s = new TaggedSearch();

    private String observationAbout(String subject) {
        return s.create("""
                {"resourceType":"Observation","status":"final","code":{"text":"reference fixture"},"subject":%s}"""
                .formatted(subject));
    }

    private String ourBase() {
        return s.http().base() + Fixtures.BASE;
    }

    @Test
    void aReferenceIsFoundByTypeAndIdByIdAloneOrWithATypeModifier() {
        String patient = s.create("{\"resourceType\":\"Patient\",\"gender\":\"female\"}");
        String other = s.create("{\"resourceType\":\"Patient\",\"gender\":\"male\"}");
        String aboutPatient = observationAbout("{\"reference\":\"Patient/" + patient + "\"}");
        String aboutOther = observationAbout("{\"reference\":\"Patient/" + other + "\"}");
        String aboutGroupWithTheSameId = observationAbout("{\"reference\":\"Group/" + patient + "\"}");

        assertThat(s.ids("Observation", "subject=Patient/" + patient)).containsExactly(aboutPatient);
        assertThat(s.ids("Observation", "subject=" + patient)).containsExactlyInAnyOrder(aboutPatient,
                aboutGroupWithTheSameId);
        assertThat(s.ids("Observation", "subject:Patient=" + patient)).containsExactly(aboutPatient);
        assertThat(s.ids("Observation", "subject:Group=" + patient)).containsExactly(aboutGroupWithTheSameId);
        assertThat(s.ids("Observation", "subject=Group/" + patient)).containsExactly(aboutGroupWithTheSameId);
        assertThat(s.ids("Observation", "patient=" + patient)).containsExactly(aboutPatient);
        assertThat(s.ids("Observation", "patient=Patient/" + other)).containsExactly(aboutOther);
        assertThat(s.ids("Observation", "subject=Patient/" + patient + ",Patient/" + other))
                .containsExactlyInAnyOrder(aboutPatient, aboutOther);
        assertThat(s.ids("Observation", "subject=Practitioner/" + patient)).isEmpty();
    }

    @Test
    void anAbsoluteUrlOnThisServersBaseIsTheSameAsTypeAndId() {
        String patient = s.create("{\"resourceType\":\"Patient\",\"gender\":\"female\"}");
        String relative = observationAbout("{\"reference\":\"Patient/" + patient + "\"}");
        String absolute = observationAbout("{\"reference\":\"" + ourBase() + "/Patient/" + patient + "\"}");

        assertThat(s.ids("Observation", "subject=" + ourBase() + "/Patient/" + patient))
                .containsExactlyInAnyOrder(relative, absolute);
        assertThat(s.ids("Observation", "subject=Patient/" + patient)).containsExactlyInAnyOrder(relative, absolute);
        assertThat(s.ids("Observation", "patient=" + patient)).containsExactlyInAnyOrder(relative, absolute);
    }

    @Test
    void aReferenceToAnotherServerIsFoundByItsAbsoluteUrl() {
        String elsewhere = "https://elsewhere.example/fhir/Patient/" + Fixtures.unique();
        String foreign = observationAbout("{\"reference\":\"" + elsewhere + "\"}");
        String urn = observationAbout("{\"reference\":\"urn:oid:1.2.3.4.5\"}");

        assertThat(s.ids("Observation", "subject=" + elsewhere)).containsExactly(foreign);
        assertThat(s.ids("Observation", "subject=https://elsewhere.example/fhir/Patient/other")).isEmpty();
        assertThat(s.ids("Observation", "subject=urn:oid:1.2.3.4.5")).containsExactly(urn);
    }

    @Test
    void identifierMatchesTheIdentifierOfAReference() {
        String byIdentifier = observationAbout("{\"identifier\":{\"system\":\"urn:test:mrn\",\"value\":\"M1\"}}");
        String byOtherIdentifier = observationAbout("{\"identifier\":{\"system\":\"urn:test:mrn\",\"value\":\"M2\"}}");
        observationAbout("{\"reference\":\"Patient/M1\"}");

        assertThat(s.ids("Observation", "subject:identifier=urn:test:mrn|M1")).containsExactly(byIdentifier);
        assertThat(s.ids("Observation", "subject:identifier=M1")).containsExactly(byIdentifier);
        assertThat(s.ids("Observation", "subject:identifier=urn:test:mrn|")).containsExactlyInAnyOrder(byIdentifier,
                byOtherIdentifier);
        assertThat(s.ids("Observation", "subject:identifier=urn:other|M1")).isEmpty();
    }

    @Test
    void missingTellsResourcesWithAReferenceFromThoseWithout() {
        String about = observationAbout("{\"reference\":\"Patient/" + Fixtures.unique() + "\"}");
        String aboutNothing = s.create("""
                {"resourceType":"Observation","status":"final","code":{"text":"no subject"}}""");

        assertThat(s.ids("Observation", "subject:missing=true")).containsExactly(aboutNothing);
        assertThat(s.ids("Observation", "subject:missing=false")).containsExactly(about);
        assertThat(s.ids("Observation", "patient:missing=true")).containsExactly(aboutNothing);
    }

    @Test
    void aCanonicalReferenceIsFoundByUrlAndByUrlWithVersion() {
        String url = "http://example.org/fhir/Questionnaire/" + Fixtures.unique();
        String versioned = s.create("""
                {"resourceType":"QuestionnaireResponse","status":"completed","questionnaire":"%s|2.0"}""".formatted(url));
        String unversioned = s.create("""
                {"resourceType":"QuestionnaireResponse","status":"completed","questionnaire":"%s"}""".formatted(url));
        String otherQuestionnaire = s.create("""
                {"resourceType":"QuestionnaireResponse","status":"completed","questionnaire":"%s-other"}"""
                .formatted(url));

        assertThat(s.ids("QuestionnaireResponse", "questionnaire=" + url))
                .containsExactlyInAnyOrder(versioned, unversioned);
        assertThat(s.ids("QuestionnaireResponse", "questionnaire=" + url + "|2.0")).containsExactly(versioned);
        assertThat(s.ids("QuestionnaireResponse", "questionnaire=" + url + "|3.0")).isEmpty();
        assertThat(s.ids("QuestionnaireResponse", "questionnaire=" + url + "-other")).containsExactly(otherQuestionnaire);
    }
}
