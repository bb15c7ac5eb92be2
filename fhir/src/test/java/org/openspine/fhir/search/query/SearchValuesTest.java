package org.openspine.fhir.search.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.ZoneId;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Chars;
import net.jqwik.api.constraints.NumericChars;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.openspine.fhir.search.query.SearchValue.CompositeValue;
import org.openspine.fhir.search.query.SearchValue.QuantityValue;
import org.openspine.fhir.search.query.SearchValue.StringValue;
import org.openspine.fhir.search.query.SearchValue.TokenValue;
import org.openspine.fhir.search.query.SearchValue.UriValue;
import org.openspine.platform.error.OpenSpineException;

class SearchValuesTest {

    private static final ZoneId LONDON = ZoneId.of("Europe/London");

    // ---- alternatives and escaping

    @Test
    void alternativesSplitOnUnescapedCommasAndKeepTheirEscapes() {
        assertThat(SearchValues.splitAlternatives("code", "a,b,c")).containsExactly("a", "b", "c");
        assertThat(SearchValues.splitAlternatives("code", "a\\,b,c")).containsExactly("a\\,b", "c");
        assertThat(SearchValues.splitAlternatives("code", "a\\\\,b")).containsExactly("a\\\\", "b");
        assertThat(SearchValues.splitAlternatives("code", "s\\|c\\$d")).containsExactly("s\\|c\\$d");
        assertThat(SearchValues.splitAlternatives("a,b")).containsExactly("a", "b");
    }

    @Test
    void theSpecsEscapedCommaExampleGivesTwoUrls() {
        List<String> urls = SearchValues.splitAlternatives("url",
                "http://acme.org/fhir/ValueSet/123,http://acme.org/fhir/ValueSet/124\\,ValueSet/125").stream()
                .map(part -> SearchValues.uri("url", part).uri()).toList();
        assertThat(urls).containsExactly("http://acme.org/fhir/ValueSet/123", "http://acme.org/fhir/ValueSet/124,ValueSet/125");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", ",", "a,", ",a", "a,,b", ",,", "a\\,,"})
    void emptyAlternativesAreInvalid(String value) {
        assertThatThrownBy(() -> SearchValues.splitAlternatives("code", value))
                .isInstanceOf(OpenSpineException.Invalid.class)
                .hasMessageContaining("'code'");
    }

    @Test
    void withoutAParameterNameTheMessageSpeaksOfTheValue() {
        assertThatThrownBy(() -> SearchValues.splitAlternatives("a,,b"))
                .isInstanceOf(OpenSpineException.Invalid.class)
                .hasMessage("search value 'a,,b' has an empty alternative between commas");
    }

    @Test
    void aBackslashBeforeAnythingElseIsKeptAsWritten() {
        assertThat(SearchValues.string("name", "C:\\temp\\").text()).isEqualTo("C:\\temp\\");
        assertThat(SearchValues.string("name", "a\\\\b").text()).isEqualTo("a\\b");
        assertThat(SearchValues.string("name", "a\\,b\\$c\\|d").text()).isEqualTo("a,b$c|d");
    }

    // ---- token

    @Test
    void theSpecsTokenForms() {
        assertThat(SearchValues.token("identifier", "http://acme.org/patient|2345"))
                .isEqualTo(new TokenValue("http://acme.org/patient", "2345"));
        assertThat(SearchValues.token("identifier", "|2345")).isEqualTo(new TokenValue("", "2345"));
        assertThat(SearchValues.token("identifier", "http://acme.org/patient|"))
                .isEqualTo(new TokenValue("http://acme.org/patient", null));
        assertThat(SearchValues.token("identifier", "2345")).isEqualTo(new TokenValue(null, "2345"));
    }

    @Test
    void anEscapedBarIsPartOfTheCodeAndEverythingAfterTheFirstBarIsTheCode() {
        assertThat(SearchValues.token("code", "a\\|b")).isEqualTo(new TokenValue(null, "a|b"));
        assertThat(SearchValues.token("code", "http://x\\|y|a\\|b")).isEqualTo(new TokenValue("http://x|y", "a|b"));
        assertThat(SearchValues.token("code", "a\\\\|b")).isEqualTo(new TokenValue("a\\", "b"));
        assertThat(SearchValues.token("identifier", "http://terminology.hl7.org/CodeSystem/v2-0203|MR|446053"))
                .isEqualTo(new TokenValue("http://terminology.hl7.org/CodeSystem/v2-0203", "MR|446053"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "|", "a\u0000b", "\u001f"})
    void emptyOrBarOnlyOrControlTokensAreInvalid(String value) {
        assertThatThrownBy(() -> SearchValues.token("code", value))
                .isInstanceOf(OpenSpineException.Invalid.class)
                .hasMessageContaining("'code'");
    }

    // ---- string and uri

    @Test
    void stringsAreUnescapedAndOtherwiseAsGiven() {
        assertThat(SearchValues.string("name", "  Zoë O'Brien ")).isEqualTo(new StringValue("  Zoë O'Brien "));
        assertThat(SearchValues.splitAlternatives("name", "Jones\\,Peter,Smith").stream()
                .map(part -> SearchValues.string("name", part).text()).toList()).containsExactly("Jones,Peter", "Smith");
        assertThat(SearchValues.string("name", "tab\there").text()).isEqualTo("tab\there");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "a\u0000", "\u0007bell"})
    void emptyOrControlStringsAreInvalid(String value) {
        assertThatThrownBy(() -> SearchValues.string("name", value)).isInstanceOf(OpenSpineException.Invalid.class);
    }

    @Test
    void urisAreUnescapedAndKeptWhole() {
        assertThat(SearchValues.uri("url", "http://acme.org/fhir/ValueSet/123|1.0"))
                .isEqualTo(new UriValue("http://acme.org/fhir/ValueSet/123|1.0"));
        assertThat(SearchValues.uri("url", "urn:oid:1.2.3\\$4")).isEqualTo(new UriValue("urn:oid:1.2.3$4"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "http://a b", " http://a", "http://a\t"})
    void emptyUrisOrOnesWithWhiteSpaceAreInvalid(String value) {
        assertThatThrownBy(() -> SearchValues.uri("url", value)).isInstanceOf(OpenSpineException.Invalid.class);
    }

    // ---- composite

    @Test
    void theSpecsCompositeExampleSplitsOnDollarAndEachPartGoesToItsOwnParser() {
        CompositeValue value = SearchValues.composite("code-value-quantity",
                "http://loinc.org|2823-3$gt5.4|http://unitsofmeasure.org|mmol/L");
        assertThat(value.parts()).containsExactly("http://loinc.org|2823-3", "gt5.4|http://unitsofmeasure.org|mmol/L");
        assertThat(SearchValues.token("code-value-quantity", value.parts().get(0)))
                .isEqualTo(new TokenValue("http://loinc.org", "2823-3"));
        QuantityValue quantity = SearchValues.quantity("code-value-quantity", value.parts().get(1));
        assertThat(quantity.prefix()).isEqualTo(Prefix.GT);
        assertThat(quantity.code()).isEqualTo("mmol/L");
    }

    @Test
    void compositePartsKeepTheirEscapesForTheComponentParser() {
        List<String> alternatives = SearchValues.splitAlternatives("combo", "a\\$b\\|c$d,e$f");
        assertThat(alternatives).containsExactly("a\\$b\\|c$d", "e$f");
        CompositeValue first = SearchValues.composite("combo", alternatives.get(0));
        assertThat(first.parts()).containsExactly("a\\$b\\|c", "d");
        assertThat(SearchValues.token("combo", first.parts().get(0))).isEqualTo(new TokenValue(null, "a$b|c"));
        assertThat(SearchValues.composite("combo", "a|b$c$d").parts()).containsExactly("a|b", "c", "d");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "abc", "a\\$b", "a$", "$b", "a$$b", "$"})
    void compositesWithFewerThanTwoPartsOrAnEmptyPartAreInvalid(String value) {
        assertThatThrownBy(() -> SearchValues.composite("combo", value)).isInstanceOf(OpenSpineException.Invalid.class);
    }

    // ---- messages and fuzzing

    @Test
    void aLongValueIsCutInTheMessage() {
        String junk = "x".repeat(10_000);
        assertThatThrownBy(() -> SearchValues.number("n", "1" + junk))
                .isInstanceOf(OpenSpineException.Invalid.class)
                .satisfies(e -> assertThat(e.getMessage()).hasSizeLessThan(300));
    }

    @Property(tries = 2000)
    void junkBuiltFromSearchSyntaxGivesAValueOrInvalidAndNothingElse(
            @ForAll @StringLength(max = 40) @NumericChars
            @Chars({'-', 'T', ':', '.', 'Z', '+', ' ', '|', '$', ',', '\\', '/', 'e', 'E', 'g', 't', 'a', 'p', 'q',
                    '_', 'h', 'i', 's', 'o', 'r', 'y', 'P', 'x', '\u0000', 'é'}) String raw) {
        onlyInvalidEscapes(raw);
    }

    @Property(tries = 2000)
    void anyTextGivesAValueOrInvalidAndNothingElse(@ForAll @StringLength(max = 60) String raw) {
        onlyInvalidEscapes(raw);
    }

    private static void onlyInvalidEscapes(String raw) {
        List<Consumer<String>> parsers = List.of(
                v -> SearchValues.splitAlternatives("p", v),
                v -> SearchValues.date("p", v, LONDON),
                v -> SearchValues.number("p", v),
                v -> SearchValues.quantity("p", v),
                v -> SearchValues.token("p", v),
                v -> SearchValues.string("p", v),
                v -> SearchValues.reference("p", v, SearchValuesReferenceTest.BASE, SearchValuesReferenceTest.TYPES),
                v -> SearchValues.reference("p", v, SearchValuesReferenceTest.BASE + "/Patient/1", Set.of()),
                v -> SearchValues.uri("p", v),
                v -> SearchValues.composite("p", v));
        for (Consumer<String> parser : parsers) {
            try {
                parser.accept(raw);
            } catch (OpenSpineException.Invalid expected) {
                assertThat(expected.getMessage()).startsWith("search parameter 'p': '");
            }
        }
    }
}
