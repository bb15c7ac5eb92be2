package org.openspine.identity.matching;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

class MatchKeysTest {

    private static final Demographics RECORD = new Demographics("9434765919", "Williams", List.of("Catherine",
            "Mary"), LocalDate.of(1978, 3, 12), "female", "LS6 3BE");

    @Test
    void aFullRecordHasEightShortKeys() {
        assertThat(MatchKeys.of(RECORD)).containsExactlyInAnyOrder("nALMS:19780312", "nK0RN:19780312",
                "pALMS.K0RN:1978", "qALMS.K0RN:0312", "dLS63BE:19780312", "yLS63BE:1978", "fALMS:LS63BE",
                "fK0RN:LS63BE");
    }

    @Test
    void formattingDoesNotChangeTheKeys() {
        Demographics typed = new Demographics(null, "WILLIAMS", List.of("catherine"), LocalDate.of(1978, 3, 12), "F",
                "ls63be");

        assertThat(MatchKeys.of(typed)).isEqualTo(MatchKeys.of(RECORD));
    }

    @Test
    void swappedNamesAndASwappedDayAndMonthKeepEveryKey() {
        Demographics swapped = new Demographics(null, "Catherine", List.of("Williams"), LocalDate.of(1978, 12, 3),
                null, "LS6 3BE");

        assertThat(MatchKeys.of(swapped)).isEqualTo(MatchKeys.of(RECORD));
    }

    @Test
    void eachSingleErrorLeavesAKeyInCommon() {
        List<Demographics> queries = List.of(
                new Demographics(null, "Wlliams", List.of("Catherine"), LocalDate.of(1978, 3, 12), null, "LS6 3BE"),
                new Demographics(null, "Williams", List.of("Katherine"), LocalDate.of(1978, 3, 12), null, "LS6 3BE"),
                new Demographics(null, "Williams", List.of("Catherine"), LocalDate.of(1987, 3, 12), null, "LS6 3BE"),
                new Demographics(null, "Williams", List.of("Catherine"), LocalDate.of(1978, 3, 21), null, null),
                new Demographics(null, "Williams", List.of(), LocalDate.of(1978, 3, 12), null, null),
                new Demographics(null, "Xilliams", List.of("Catherine"), LocalDate.of(1978, 3, 12), null, null),
                new Demographics(null, "Williams", List.of("Catherine"), null, null, "LS6 3BE"),
                new Demographics(null, "Williams", List.of("Catherine"), LocalDate.of(1979, 3, 12), null, "BD7 1AA"));
        Set<String> keys = MatchKeys.of(RECORD);

        for (Demographics query : queries) {
            assertThat(MatchKeys.of(query)).as("keys of %s", query).containsAnyElementsOf(keys);
        }
    }

    @Test
    void aRecordWithTooLittleHasNoKeys() {
        assertThat(MatchKeys.of(new Demographics("9434765919", "Williams", List.of(), null, "female", null)))
                .isEmpty();
    }

    @Property
    void anyRecordHasAtMostEightShortAsciiKeys(@ForAll("demographics") Demographics demographics) {
        Set<String> keys = MatchKeys.of(demographics);

        assertThat(keys).hasSizeLessThanOrEqualTo(MatchKeys.MAX_KEYS);
        assertThat(keys).allSatisfy(key -> assertThat(key).hasSizeLessThan(24).matches("[a-z][A-Z0-9.:]+"));
    }

    @Property
    void swappingTheNamesNeverChangesTheKeys(@ForAll("names") String family, @ForAll("names") String given,
                                             @ForAll("demographics") Demographics rest) {
        Demographics record = new Demographics(null, family, List.of(given), rest.birthDate(), rest.gender(),
                rest.postcode());
        Demographics swapped = new Demographics(null, given, List.of(family), rest.birthDate(), rest.gender(),
                rest.postcode());

        assertThat(MatchKeys.of(swapped)).isEqualTo(MatchKeys.of(record));
    }

    @Provide
    Arbitrary<String> names() {
        return Arbitraries.strings().withCharRange('a', 'z').withChars('\'', '-', 'é').ofMinLength(1)
                .ofMaxLength(14);
    }

    @Provide
    Arbitrary<Demographics> demographics() {
        Arbitrary<String> names = Arbitraries.strings().withCharRange('a', 'z').withChars('\'', '-', ' ', 'é')
                .ofMinLength(0).ofMaxLength(14).injectNull(0.1);
        Arbitrary<LocalDate> dates = Arbitraries.integers().between(0, 45_000)
                .map(days -> LocalDate.of(1900, 1, 1).plusDays(days)).injectNull(0.1);
        Arbitrary<String> postcodes = Combinators.combine(Arbitraries.of("LS", "M", "EC", "SW"),
                Arbitraries.integers().between(1, 29), Arbitraries.integers().between(0, 9),
                Arbitraries.strings().withCharRange('A', 'Z').ofLength(2))
                .as((area, district, sector, unit) -> area + district + " " + sector + unit).injectNull(0.2);
        return Combinators.combine(names, names.list().ofMaxSize(3), dates, Arbitraries.of("male", "female"),
                postcodes).as((family, given, born, gender, postcode) -> new Demographics(null, family,
                given.stream().map(name -> name == null ? "" : name).toList(), born, gender, postcode));
    }
}
