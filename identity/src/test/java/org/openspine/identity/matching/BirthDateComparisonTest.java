package org.openspine.identity.matching;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import org.openspine.identity.matching.Evidence.Agreement;

class BirthDateComparisonTest {

    private static final LocalDate BORN = LocalDate.of(1978, 3, 12);

    @Test
    void theSameDateIsExact() {
        assertThat(compare(BORN, LocalDate.of(1978, 3, 12))).isEqualTo(Agreement.EXACT);
    }

    @Test
    void dayAndMonthSwappedIsClose() {
        assertThat(compare(BORN, LocalDate.of(1978, 12, 3))).isEqualTo(Agreement.CLOSE);
    }

    @Test
    void twoAdjacentDigitsSwappedIsClose() {
        assertThat(compare(BORN, LocalDate.of(1987, 3, 12))).isEqualTo(Agreement.CLOSE);
        assertThat(compare(BORN, LocalDate.of(1978, 3, 21))).isEqualTo(Agreement.CLOSE);
    }

    @Test
    void oneDigitWrongOrADayOutIsPartial() {
        assertThat(compare(BORN, LocalDate.of(1978, 3, 17))).isEqualTo(Agreement.PARTIAL);
        assertThat(compare(BORN, LocalDate.of(1979, 3, 12))).isEqualTo(Agreement.PARTIAL);
        assertThat(compare(LocalDate.of(1978, 2, 28), LocalDate.of(1978, 3, 1))).isEqualTo(Agreement.PARTIAL);
    }

    @Test
    void twoOfDayMonthAndYearEqualIsWeak() {
        assertThat(compare(BORN, LocalDate.of(1978, 3, 29))).isEqualTo(Agreement.WEAK);
        assertThat(compare(BORN, LocalDate.of(1990, 3, 12))).isEqualTo(Agreement.WEAK);
    }

    @Test
    void otherDatesAreDifferentAndAMissingOneIsMissing() {
        assertThat(compare(BORN, LocalDate.of(2001, 7, 30))).isEqualTo(Agreement.DIFFERENT);
        assertThat(compare(BORN, null)).isEqualTo(Agreement.MISSING);
    }

    @Test
    void digitsAreTheDateInYearMonthDayOrder() {
        assertThat(BirthDateComparison.digits(BORN)).isEqualTo("19780312");
        assertThat(BirthDateComparison.digits(LocalDate.of(987, 1, 2))).isEqualTo("09870102");
    }

    private static Agreement compare(LocalDate a, LocalDate b) {
        return BirthDateComparison.compare(a, b);
    }
}
