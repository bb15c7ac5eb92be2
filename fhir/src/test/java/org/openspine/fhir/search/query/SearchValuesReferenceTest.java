package org.openspine.fhir.search.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.openspine.fhir.search.query.SearchValue.ReferenceValue;
import org.openspine.platform.error.OpenSpineException;

class SearchValuesReferenceTest {

    static final String BASE = "https://fhir.example.org/fhir";
    static final Set<String> TYPES = Set.of("Patient", "Observation", "Organization", "Practitioner", "ValueSet");

    @Test
    void theSpecsRelativeReferenceAndBareIdExamples() {
        assertThat(reference("Patient/23")).isEqualTo(new ReferenceValue("Patient", "23", null, null));
        // subject:Patient=23: the type comes from the modifier, which the caller applies (see ParamNameTest)
        assertThat(reference("23")).isEqualTo(new ReferenceValue(null, "23", null, null));
    }

    @Test
    void aHistoryPathGivesTheVersion() {
        assertThat(reference("Patient/23/_history/4")).isEqualTo(new ReferenceValue("Patient", "23", null, "4"));
    }

    @Test
    void aUrlUnderThisServersBaseIsALocalReference() {
        assertThat(reference(BASE + "/Patient/23")).isEqualTo(new ReferenceValue("Patient", "23", null, null));
        assertThat(reference(BASE + "/Patient/23/_history/4")).isEqualTo(new ReferenceValue("Patient", "23", null, "4"));
        assertThat(SearchValues.reference("subject", BASE + "/Patient/23", BASE + "/", TYPES))
                .isEqualTo(new ReferenceValue("Patient", "23", null, null));
    }

    @Test
    void anyOtherAbsoluteUrlIsKeptWhole() {
        assertThat(reference("http://other.org/fhir/Patient/23"))
                .isEqualTo(new ReferenceValue(null, null, "http://other.org/fhir/Patient/23", null));
        assertThat(reference(BASE + "x/Patient/23"))
                .isEqualTo(new ReferenceValue(null, null, BASE + "x/Patient/23", null));
        assertThat(reference("urn:uuid:9a7b0c4e-8f1e-4d3a-9f0a-2c3b4d5e6f70"))
                .isEqualTo(new ReferenceValue(null, null, "urn:uuid:9a7b0c4e-8f1e-4d3a-9f0a-2c3b4d5e6f70", null));
    }

    @Test
    void aCanonicalsVersionIsSplitOffEvenUnderThisServersBase() {
        assertThat(reference("http://x.org/ValueSet/abc|1.0"))
                .isEqualTo(new ReferenceValue(null, null, "http://x.org/ValueSet/abc", "1.0"));
        assertThat(reference(BASE + "/ValueSet/abc|1.0"))
                .isEqualTo(new ReferenceValue(null, null, BASE + "/ValueSet/abc", "1.0"));
    }

    @Test
    void escapesAreUndone() {
        assertThat(reference("http://x.org/a\\,b\\$c")).isEqualTo(new ReferenceValue(null, null, "http://x.org/a,b$c", null));
        assertThat(reference("http://x.org/a\\|b|2")).isEqualTo(new ReferenceValue(null, null, "http://x.org/a|b", "2"));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "Unknown/23", "patient/23", "Patient/", "/23", "Patient//23", "Patient/23/", "Patient/23/_history/",
        "Patient/23/extra", "Patient/23/_history/1/x", "Patient/23/history/1", "Patient/a b", "Patient/a_b",
        "Patient/23|1", "23|1", "http://x.org/ValueSet/abc|", "http://a b", BASE + "/23", BASE + "/Unknown/1",
        BASE + "/", BASE + "/Patient/23/_history", BASE + "/Patient/23/_history/a b", "Patient/23/_history/1.0!",
        "|", "a\\,b", "Patient\\/23",
    })
    void malformedReferencesAreInvalid(String value) {
        assertThatThrownBy(() -> reference(value))
                .isInstanceOf(OpenSpineException.Invalid.class)
                .hasMessageContaining("'subject'");
    }

    @Test
    void idsAreAtMostSixtyFourCharacters() {
        assertThat(reference("Patient/" + "a".repeat(64)).id()).hasSize(64);
        assertThatThrownBy(() -> reference("Patient/" + "a".repeat(65)))
                .isInstanceOf(OpenSpineException.Invalid.class)
                .hasMessageContaining("not a valid id");
    }

    @Test
    void anUnknownTypeIsNamedInTheMessage() {
        assertThatThrownBy(() -> reference("Patinet/23"))
                .hasMessage("search parameter 'subject': 'Patinet/23' names 'Patinet', which is not a resource type");
    }

    private static ReferenceValue reference(String value) {
        return SearchValues.reference("subject", value, BASE, TYPES);
    }
}
