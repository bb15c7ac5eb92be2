package org.openspine.platform.identifier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class NhsNumberTest {

    @Test
    void knownNumbersAreCheckedAsTheNhsPublishesThem() {
        assertThat(NhsNumber.isValid("9434765919")).isTrue();   // the NHS Data Dictionary's example
        assertThat(NhsNumber.isValid("9000000009")).isTrue();   // PDS sandbox
        assertThat(NhsNumber.isValid("9000000000")).isFalse();  // PDS sandbox's invalid one
        assertThat(NhsNumber.isValid("943476591")).isFalse();
        assertThat(NhsNumber.isValid("94347659190")).isFalse();
        assertThat(NhsNumber.isValid("943476591X")).isFalse();
        assertThat(NhsNumber.isValid(null)).isFalse();
        assertThat(NhsNumber.parse("943 476 5919")).contains(new NhsNumber("9434765919"));
        assertThat(new NhsNumber("9434765919").formatted()).isEqualTo("943 476 5919");
        assertThatThrownBy(() -> new NhsNumber("9434765918")).hasMessageContaining("9434765918");
    }

    @Property
    void aStemWithACheckDigitIsValidUnlessItsRemainderIsTen(@ForAll("stems") String stem) {
        int check = NhsNumber.checkDigit(stem);
        if (check < 0) {
            for (int digit = 0; digit <= 9; digit++) {
                assertThat(NhsNumber.isValid(stem + digit)).isFalse();
            }
        } else {
            assertThat(NhsNumber.isValid(stem + check)).isTrue();
        }
    }

    @Property
    void changingAnyOneDigitOfAValidNumberMakesItInvalid(@ForAll("valid") String number,
            @ForAll @IntRange(min = 0, max = 9) int position, @ForAll @IntRange(min = 1, max = 9) int shift) {
        char[] digits = number.toCharArray();
        digits[position] = (char) ('0' + (digits[position] - '0' + shift) % 10);
        assertThat(NhsNumber.isValid(new String(digits))).isFalse();
    }

    @Property
    void swappingTwoDifferentAdjacentDigitsMakesItInvalid(@ForAll("valid") String number,
            @ForAll @IntRange(min = 0, max = 8) int position) {
        char[] digits = number.toCharArray();
        if (digits[position] == digits[position + 1]) {
            return; // nothing changes
        }
        char first = digits[position];
        digits[position] = digits[position + 1];
        digits[position + 1] = first;
        assertThat(NhsNumber.isValid(new String(digits))).isFalse();
    }

    @Provide
    Arbitrary<String> stems() {
        return Arbitraries.strings().numeric().ofLength(9);
    }

    @Provide
    Arbitrary<String> valid() {
        return stems().filter(stem -> NhsNumber.checkDigit(stem) >= 0).map(stem -> stem + NhsNumber.checkDigit(stem));
    }
}
