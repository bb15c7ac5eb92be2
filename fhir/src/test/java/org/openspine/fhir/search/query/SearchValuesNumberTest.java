package org.openspine.fhir.search.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.BigRange;
import net.jqwik.api.constraints.Scale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.openspine.fhir.search.query.SearchValue.NumberValue;
import org.openspine.fhir.search.query.SearchValue.QuantityValue;
import org.openspine.platform.error.OpenSpineException;

class SearchValuesNumberTest {

    private static final String UCUM = "http://unitsofmeasure.org";

    @ParameterizedTest
    @CsvSource({
        // value, low, high: half a unit of the last significant digit either side
        "100,     99.5,    100.5",
        "100.00,  99.995,  100.005",
        "1e2,     50,      150",
        "1E2,     50,      150",
        "1.5e2,   145,     155",
        "1.50e+2, 149.5,   150.5",
        "25e-1,   2.45,    2.55",
        "0,       -0.5,    0.5",
        "0.001,   0.0005,  0.0015",
        "-3,      -3.5,    -2.5",
        "007,     6.5,     7.5",
    })
    void theRangeIsTheSignificantFiguresPrecision(String value, BigDecimal low, BigDecimal high) {
        NumberValue number = SearchValues.number("probability", value);
        assertThat(number.prefix()).isEqualTo(Prefix.EQ);
        assertThat(number.value()).isEqualByComparingTo(new BigDecimal(value));
        assertThat(number.low()).isEqualByComparingTo(low);
        assertThat(number.high()).isEqualByComparingTo(high);
    }

    @Test
    void theValueKeepsItsWrittenScale() {
        assertThat(SearchValues.number("n", "100.00").value().toPlainString()).isEqualTo("100.00");
    }

    @ParameterizedTest
    @CsvSource({"eq,EQ", "ne,NE", "gt,GT", "lt,LT", "ge,GE", "le,LE", "sa,SA", "eb,EB", "ap,AP"})
    void everyPrefixIsReadForNumbersAndQuantities(String written, Prefix prefix) {
        assertThat(SearchValues.number("n", written + "5.4").prefix()).isEqualTo(prefix);
        assertThat(SearchValues.number("n", written + "5.4").value()).isEqualByComparingTo("5.4");
        assertThat(SearchValues.quantity("q", written + "5.4|" + UCUM + "|mg").prefix()).isEqualTo(prefix);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "abc", "1.", ".5", "1e", "e5", "1,5", "1.2.3", "--1", "+1", " 1", "1 ", "NaN", "Infinity", "0x10", "1_000",
        "1e99999999999", "1e5000", "1e-5000", "gt", "xx5", "GT5", "5mg", "5|mg", "1e 2", "١٢", "1d", "1f",
    })
    void malformedOrOversizedNumbersAreInvalid(String value) {
        assertThatThrownBy(() -> SearchValues.number("probability", value))
                .isInstanceOf(OpenSpineException.Invalid.class)
                .hasMessageContaining("'probability'");
    }

    @Test
    void aHugeNumberIsRefusedByItsSizeNotItsSyntax() {
        String digits = "9".repeat(1001);
        assertThatThrownBy(() -> SearchValues.number("n", digits))
                .isInstanceOf(OpenSpineException.Invalid.class)
                .hasMessageContaining("more digits");
        assertThat(SearchValues.number("n", "9".repeat(1000)).value()).hasToString("9".repeat(1000));
    }

    @Test
    void theSpecsQuantityExamples() {
        assertThat(SearchValues.quantity("value-quantity", "5.4|" + UCUM + "|mg")).isEqualTo(
                new QuantityValue(Prefix.EQ, new BigDecimal("5.4"), new BigDecimal("5.35"), new BigDecimal("5.45"), UCUM, "mg"));
        assertThat(SearchValues.quantity("value-quantity", "5.4||mg")).isEqualTo(
                new QuantityValue(Prefix.EQ, new BigDecimal("5.4"), new BigDecimal("5.35"), new BigDecimal("5.45"), null, "mg"));
        assertThat(SearchValues.quantity("value-quantity", "le5.4|" + UCUM + "|mg")).isEqualTo(
                new QuantityValue(Prefix.LE, new BigDecimal("5.4"), new BigDecimal("5.35"), new BigDecimal("5.45"), UCUM, "mg"));
        assertThat(SearchValues.quantity("value-quantity", "ap5.4|" + UCUM + "|mg").prefix()).isEqualTo(Prefix.AP);
    }

    @Test
    void aBareNumberOrEmptyUnitPartsLeaveSystemAndCodeNull() {
        QuantityValue bare = SearchValues.quantity("value-quantity", "5.4");
        assertThat(bare.system()).isNull();
        assertThat(bare.code()).isNull();
        QuantityValue empty = SearchValues.quantity("value-quantity", "5.4||");
        assertThat(empty.system()).isNull();
        assertThat(empty.code()).isNull();
        QuantityValue systemOnly = SearchValues.quantity("value-quantity", "5.4|" + UCUM + "|");
        assertThat(systemOnly.system()).isEqualTo(UCUM);
        assertThat(systemOnly.code()).isNull();
    }

    @Test
    void theQuantityRangeFollowsTheNumbersPrecision() {
        QuantityValue value = SearchValues.quantity("value-quantity", "1e2||mg");
        assertThat(value.low()).isEqualByComparingTo("50");
        assertThat(value.high()).isEqualByComparingTo("150");
    }

    @Test
    void escapedBarsAreUnitCharactersAndTheOthersAreUnescaped() {
        QuantityValue value = SearchValues.quantity("value-quantity", "5.4|http://x\\|y|m\\|g\\\\\\$");
        assertThat(value.system()).isEqualTo("http://x|y");
        assertThat(value.code()).isEqualTo("m|g\\$");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "5.4|mg", "5.4|a|b|c", "|" + UCUM + "|mg", "abc|" + UCUM + "|mg", "5,4||mg", "xx5.4||mg", "||", "|",
        "5.4\\|" + UCUM + "|mg", "5.4 ||mg",
    })
    void malformedQuantitiesAreInvalid(String value) {
        assertThatThrownBy(() -> SearchValues.quantity("value-quantity", value))
                .isInstanceOf(OpenSpineException.Invalid.class)
                .hasMessageContaining("'value-quantity'");
    }

    @Property
    void everyDecimalLiesInItsOwnRangeWhichIsOneUnitOfItsLastDigitWide(
            @ForAll @BigRange(min = "-1000000", max = "1000000") @Scale(6) BigDecimal decimal) {
        NumberValue value = SearchValues.number("n", decimal.toPlainString());
        assertThat(value.low()).isLessThan(value.value());
        assertThat(value.high()).isGreaterThan(value.value());
        assertThat(value.high().subtract(value.low())).isEqualByComparingTo(BigDecimal.ONE.movePointLeft(decimal.scale()));
    }
}
