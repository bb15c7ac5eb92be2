package org.openspine.identity.matching;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.openspine.identity.matching.Evidence.Agreement;

class NameComparisonTest {

    @Test
    void theSameNameWrittenDifferentlyIsExact() {
        assertThat(family("O'Brien", "OBRIEN")).isEqualTo(Agreement.EXACT);
        assertThat(family("Zoë", "zoe")).isEqualTo(Agreement.EXACT);
    }

    @Test
    void oneSlipInANameOfFourLettersOrMoreIsClose() {
        assertThat(family("Williams", "Wiliams")).isEqualTo(Agreement.CLOSE);
        assertThat(family("Williams", "Willaims")).isEqualTo(Agreement.CLOSE);
        assertThat(family("Taylor", "Taylpr")).isEqualTo(Agreement.CLOSE);
        assertThat(family("Khan", "Kahn")).isEqualTo(Agreement.CLOSE);
    }

    @Test
    void soundAlikesAreCloseWhenTheirSpellingIsSimilarToo() {
        assertThat(family("Catherine", "Kathryn")).isEqualTo(Agreement.CLOSE);
        assertThat(family("Thompson", "Thomson")).isEqualTo(Agreement.CLOSE);
        assertThat(given("Jane", "John")).isEqualTo(Agreement.DIFFERENT); // one Metaphone code, different names
        assertThat(given("Jean", "June")).isEqualTo(Agreement.DIFFERENT);
    }

    @Test
    void aSlipInAThreeLetterNameIsOnlyPartial() {
        assertThat(given("Tom", "Tim")).isEqualTo(Agreement.PARTIAL);
        assertThat(given("Amy", "Ami")).isEqualTo(Agreement.PARTIAL);
    }

    @Test
    void similarButLongerNamesArePartial() {
        assertThat(family("Smith", "Smithson")).isEqualTo(Agreement.PARTIAL);
        assertThat(family("Williams", "Williamson")).isEqualTo(Agreement.PARTIAL);
    }

    @Test
    void oneWordOfADoubleBarrelledNameIsClose() {
        assertThat(family("Smith-Jones", "Jones")).isEqualTo(Agreement.CLOSE);
        assertThat(family("Lloyd Williams", "Lloyd")).isEqualTo(Agreement.CLOSE);
    }

    @Test
    void differentNamesAreDifferent() {
        assertThat(family("Smith", "Jones")).isEqualTo(Agreement.DIFFERENT);
        assertThat(family("Li", "Wu")).isEqualTo(Agreement.DIFFERENT);
    }

    @Test
    void anInitialAgreesPartly() {
        assertThat(givens(List.of("J"), List.of("John"))).isEqualTo(Agreement.PARTIAL);
        assertThat(givens(List.of("John"), List.of("P"))).isEqualTo(Agreement.DIFFERENT);
    }

    @Test
    void someoneKnownByTheirMiddleNameAgreesPartly() {
        assertThat(givens(List.of("Anne"), List.of("Mary", "Anne"))).isEqualTo(Agreement.PARTIAL);
        assertThat(givens(List.of("Mary", "Anne"), List.of("Anne"))).isEqualTo(Agreement.PARTIAL);
        assertThat(givens(List.of("Mary", "Anne"), List.of("Mary"))).isEqualTo(Agreement.EXACT);
    }

    @Test
    void aMissingNameIsMissing() {
        assertThat(NameComparison.family(Optional.empty(), NormalName.of("Smith"))).isEqualTo(Agreement.MISSING);
        assertThat(givens(List.of(), List.of("John"))).isEqualTo(Agreement.MISSING);
    }

    private static Agreement family(String a, String b) {
        return NameComparison.family(NormalName.of(a), NormalName.of(b));
    }

    private static Agreement given(String a, String b) {
        return givens(List.of(a), List.of(b));
    }

    private static Agreement givens(List<String> a, List<String> b) {
        return NameComparison.given(NormalName.givenNames(a), NormalName.givenNames(b));
    }
}
