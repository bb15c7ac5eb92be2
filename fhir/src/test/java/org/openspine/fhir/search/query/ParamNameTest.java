package org.openspine.fhir.search.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.AlphaChars;
import net.jqwik.api.constraints.Chars;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.openspine.fhir.search.query.ParamName.Chained;
import org.openspine.fhir.search.query.ParamName.Has;
import org.openspine.fhir.search.query.ParamName.Link;
import org.openspine.fhir.search.query.ParamName.Modifier;
import org.openspine.fhir.search.query.ParamName.Simple;
import org.openspine.platform.error.OpenSpineException;

class ParamNameTest {

    private static final Set<String> TYPES = Set.of("Patient", "Observation", "Organization", "Practitioner",
            "AuditEvent", "Encounter");

    @Test
    void aPlainCodeHasNoModifier() {
        assertThat(parse("name")).isEqualTo(new Simple("name", Modifier.NONE, null));
        assertThat(parse("_lastUpdated")).isEqualTo(new Simple("_lastUpdated", Modifier.NONE, null));
        assertThat(parse("value-quantity")).isEqualTo(new Simple("value-quantity", Modifier.NONE, null));
    }

    @ParameterizedTest
    @CsvSource({
        "missing,MISSING", "exact,EXACT", "contains,CONTAINS", "text,TEXT", "not,NOT", "above,ABOVE", "below,BELOW",
        "in,IN", "not-in,NOT_IN", "of-type,OF_TYPE", "identifier,IDENTIFIER",
    })
    void everyR4ModifierIsReadAndWrittenBack(String written, Modifier modifier) {
        assertThat(parse("code:" + written)).isEqualTo(new Simple("code", modifier, null));
        assertThat(modifier.code()).isEqualTo(written);
    }

    @Test
    void aCapitalisedModifierIsAResourceType() {
        assertThat(parse("subject:Patient")).isEqualTo(new Simple("subject", Modifier.TYPE, "Patient"));
    }

    @Test
    void chainsFollowReferencesWithOrWithoutAType() {
        assertThat(parse("subject.name"))
                .isEqualTo(new Chained(List.of(new Link("subject", null)), new Simple("name", Modifier.NONE, null)));
        assertThat(parse("subject:Patient.name"))
                .isEqualTo(new Chained(List.of(new Link("subject", "Patient")), new Simple("name", Modifier.NONE, null)));
        assertThat(parse("general-practitioner:Organization.partof.name")).isEqualTo(new Chained(
                List.of(new Link("general-practitioner", "Organization"), new Link("partof", null)),
                new Simple("name", Modifier.NONE, null)));
    }

    @Test
    void theLastLinkOfAChainMayHaveAModifier() {
        assertThat(parse("subject:Patient.name:exact")).isEqualTo(new Chained(
                List.of(new Link("subject", "Patient")), new Simple("name", Modifier.EXACT, null)));
        assertThat(parse("encounter.subject:Patient")).isEqualTo(new Chained(
                List.of(new Link("encounter", null)), new Simple("subject", Modifier.TYPE, "Patient")));
    }

    @Test
    void reverseChainsNestAndMayEndInAModifierOrAChain() {
        assertThat(parse("_has:Observation:patient:code"))
                .isEqualTo(new Has("Observation", "patient", new Simple("code", Modifier.NONE, null)));
        assertThat(parse("_has:Observation:patient:_has:AuditEvent:entity:agent")).isEqualTo(
                new Has("Observation", "patient", new Has("AuditEvent", "entity", new Simple("agent", Modifier.NONE, null))));
        assertThat(parse("_has:Observation:patient:code:text"))
                .isEqualTo(new Has("Observation", "patient", new Simple("code", Modifier.TEXT, null)));
        assertThat(parse("_has:Observation:subject:performer:Practitioner.name")).isEqualTo(new Has("Observation",
                "subject", new Chained(List.of(new Link("performer", "Practitioner")), new Simple("name", Modifier.NONE, null))));
    }

    @Test
    void fiveHopsAreAllowedAndSixAreNot() {
        assertThat(parse("a.b.c.d.e.f")).isInstanceOf(Chained.class);
        assertInvalid("a.b.c.d.e.f.g");
        String fourHas = "_has:Observation:patient:".repeat(4);
        assertThat(parse(fourHas + "subject.name")).isInstanceOf(Has.class);
        assertInvalid(fourHas + "subject.organization.name");
        assertInvalid("_has:Observation:patient:".repeat(6) + "code");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "", ":", ":exact", ":Patient", "name:", "name:iterate", "name:Unknown", "name:foo", "name:EXACT", "name:exact:text",
        "name:Patient:exact", "subject..name", ".name", "subject.", "subject:missing.name", "subject:exact.name",
        "subject:Unknown.name", "_has", "_has:", "_has:Observation", "_has:Observation:patient", "_has:Observation:patient:",
        "_has:Unknown:patient:code", "_has::patient:code", "_has:Observation::code", "_has:observation:patient:code",
        "_has:Observation:patient.x:code", "subject._has:Observation:patient:code", "_has.name", "na me", "name=x",
        "name\u0000", "1name", "-name", "név", "subject:Patient.", "_has:Observation:patient:code:",
    })
    void malformedNamesAreInvalid(String name) {
        assertInvalid(name);
    }

    @Test
    void codesAreAtMostSixtyFourCharacters() {
        assertThat(parse("a".repeat(64))).isInstanceOf(Simple.class);
        assertInvalid("a".repeat(65));
    }

    @Test
    void theMessageNamesTheNameAndWhatIsWrong() {
        assertThatThrownBy(() -> parse("subject:Patinet.name"))
                .isInstanceOf(OpenSpineException.Invalid.class)
                .hasMessage("search parameter name 'subject:Patinet.name' names 'Patinet', which is not a resource type");
        assertThatThrownBy(() -> parse("_include:iterate"))
                .hasMessageStartingWith("search parameter name '_include:iterate' has an unknown modifier ':iterate'");
    }

    @Property(tries = 2000)
    void anyNameGivesAParamNameOrInvalidAndNothingElse(
            @ForAll @StringLength(max = 50) @AlphaChars @Chars({':', '.', '_', '-', ' ', '=', '$'}) String name) {
        onlyInvalidEscapes(name);
        onlyInvalidEscapes("_has:" + name);
    }

    @Property(tries = 1000)
    void anyTextGivesAParamNameOrInvalidAndNothingElse(@ForAll @StringLength(max = 50) String name) {
        onlyInvalidEscapes(name);
    }

    private static void onlyInvalidEscapes(String name) {
        try {
            ParamName.parse(name, TYPES);
        } catch (OpenSpineException.Invalid expected) {
            assertThat(expected.getMessage()).startsWith("search parameter name '");
        }
    }

    private static ParamName parse(String name) {
        return ParamName.parse(name, TYPES);
    }

    private static void assertInvalid(String name) {
        assertThatThrownBy(() -> parse(name)).isInstanceOf(OpenSpineException.Invalid.class);
    }
}
