package org.openspine.fhir.search.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.openspine.fhir.search.query.SearchValue.DateValue;
import org.openspine.platform.error.OpenSpineException;

class SearchValuesDateTest {

    private static final ZoneId LONDON = ZoneId.of("Europe/London");

    @Test
    void theSpecExampleIsTheMinuteFromTenInLondonWinterWhichIsUtc() {
        assertThat(date("ge2013-01-14T10:00")).isEqualTo(
                new DateValue(Prefix.GE, at("2013-01-14T10:00:00Z"), at("2013-01-14T10:01:00Z")));
    }

    @ParameterizedTest
    @CsvSource({"eq,EQ", "ne,NE", "gt,GT", "lt,LT", "ge,GE", "le,LE", "sa,SA", "eb,EB", "ap,AP"})
    void everyPrefixIsReadAndTheRangeIsTheSame(String written, Prefix prefix) {
        DateValue value = date(written + "2024-01-15");
        assertThat(value.prefix()).isEqualTo(prefix);
        assertThat(value.low()).isEqualTo(at("2024-01-15T00:00:00Z"));
        assertThat(value.high()).isEqualTo(at("2024-01-16T00:00:00Z"));
    }

    @Test
    void noPrefixIsEq() {
        assertThat(date("2024").prefix()).isEqualTo(Prefix.EQ);
    }

    @ParameterizedTest
    @CsvSource({
        // value, low, high (London: GMT in winter, BST = UTC+1 from late March to late October)
        "2024,             2024-01-01T00:00:00Z, 2025-01-01T00:00:00Z",
        "2024-01,          2024-01-01T00:00:00Z, 2024-02-01T00:00:00Z",
        "2024-07,          2024-06-30T23:00:00Z, 2024-07-31T23:00:00Z",
        "2024-01-15,       2024-01-15T00:00:00Z, 2024-01-16T00:00:00Z",
        "2024-07-15,       2024-07-14T23:00:00Z, 2024-07-15T23:00:00Z",
        "2024-03-31,       2024-03-31T00:00:00Z, 2024-03-31T23:00:00Z",
        "2024-10-27,       2024-10-26T23:00:00Z, 2024-10-28T00:00:00Z",
        "2024-07-15T10:00, 2024-07-15T09:00:00Z, 2024-07-15T09:01:00Z",
        "2024-07-15T10:00:30, 2024-07-15T09:00:30Z, 2024-07-15T09:00:31Z",
        "2024-01-15T10:00:30.123, 2024-01-15T10:00:30.123Z, 2024-01-15T10:00:30.124Z",
        "2024-01-15T10:00:30.5Z,  2024-01-15T10:00:30.500Z, 2024-01-15T10:00:30.600Z",
        "2024-01-15T10:00:30.12Z, 2024-01-15T10:00:30.120Z, 2024-01-15T10:00:30.130Z",
        "2024-01-15T10:00:30.123456789Z, 2024-01-15T10:00:30.123456789Z, 2024-01-15T10:00:30.123456790Z",
        "2024-12-31T23:59:59Z, 2024-12-31T23:59:59Z, 2025-01-01T00:00:00Z",
        "9999,             9999-01-01T00:00:00Z, +10000-01-01T00:00:00Z",
    })
    void theRangeCoversTheWrittenPrecisionInTheServiceZone(String value, String low, String high) {
        assertThat(date(value)).isEqualTo(new DateValue(Prefix.EQ, at(low), at(high)));
    }

    @ParameterizedTest
    @CsvSource({
        "2024-07-15T10:00Z,        2024-07-15T10:00:00Z",
        "2024-07-15T10:00+01:00,   2024-07-15T09:00:00Z",
        "2024-07-15T10:00 01:00,   2024-07-15T09:00:00Z",
        "2024-07-15T10:00-05:30,   2024-07-15T15:30:00Z",
        "2024-07-15T10:00:00-00:00, 2024-07-15T10:00:00Z",
        "2024-07-15T10:00:00+14:00, 2024-07-14T20:00:00Z",
    })
    void aWrittenOffsetWinsOverTheServiceZoneAndASpaceIsAnUnencodedPlus(String value, String low) {
        assertThat(date(value).low()).isEqualTo(at(low));
    }

    @Test
    void aLocalTimeTheClocksRepeatTakesTheEarlierOffsetAndOneTheySkipMovesOnByTheGap() {
        assertThat(date("2024-10-27T01:30").low()).isEqualTo(at("2024-10-27T00:30:00Z"));
        assertThat(date("2024-03-31T01:30").low()).isEqualTo(at("2024-03-31T01:30:00Z"));
    }

    @Test
    void aDateHasNoZoneOfItsOwnSoOtherZonesShiftIt() {
        DateValue value = SearchValues.date("date", "2024-01-15", ZoneId.of("Pacific/Auckland"));
        assertThat(value.low()).isEqualTo(at("2024-01-14T11:00:00Z"));
        assertThat(SearchValues.date("date", "2024-01-15", ZoneOffset.UTC).low()).isEqualTo(at("2024-01-15T00:00:00Z"));
    }

    @Test
    void leapDaysExistOnlyInLeapYears() {
        assertThat(date("2024-02-29").high()).isEqualTo(at("2024-03-01T00:00:00Z"));
        assertThat(date("2000-02-29").low()).isEqualTo(at("2000-02-29T00:00:00Z"));
        assertThat(date("2024-02").high()).isEqualTo(at("2024-03-01T00:00:00Z"));
        assertThat(date("2023-02").high()).isEqualTo(at("2023-03-01T00:00:00Z"));
        assertInvalid("2023-02-29");
        assertInvalid("1900-02-29");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "2023-02-30", "2024-04-31", "2024-13", "2024-00", "2024-01-00", "2024-01-32", "0000",
        "2024-03-05T24:00", "2024-03-05T10:60", "2024-03-05T10:00:60", "2024-03-05T10:00+19:00",
        "2024-03-05T10:00+01:60", "2024-3-5", "24", "20240305", "2024-03-05T10", "2024-03-05Z",
        "2024-03-05T10:00:00.Z", "2024-03-05T10:00:00.1234567890Z", "2024-03-05T10:00+0100", "2024-03-05T10:00+01",
        " 2024", "2024 ", "2024-03-05 10:00", "2024-03-05t10:00", "2024-03-05T10:00z", "today", "-2024",
        "2024-03-05T10:00:00Z ", "2024-03-05T10:00  01:00", "１９９９", "2024-03-05T10:00:00.+01:00",
        "gt", "eq", "e2024", "xx2020", "Ge2020", "GT2020", "gte2020", "2024\\,2025",
    })
    void malformedAndImpossibleDatesAreInvalid(String value) {
        assertInvalid(value);
    }

    @Test
    void theMessageNamesTheParameterTheValueAndTheKnownPrefixes() {
        assertThatThrownBy(() -> SearchValues.date("birthdate", "xx2020", LONDON))
                .isInstanceOf(OpenSpineException.Invalid.class)
                .hasMessage("search parameter 'birthdate': 'xx2020' has an unknown prefix 'xx'"
                        + " (expected eq, ne, gt, lt, ge, le, sa, eb or ap)");
        assertThatThrownBy(() -> SearchValues.date("birthdate", "2023-02-30", LONDON))
                .hasMessageStartingWith("search parameter 'birthdate': '2023-02-30' is not a valid date");
    }

    @Property
    void anInstantWrittenToTheMillisecondCoversThatMillisecond(
            @ForAll @LongRange(min = -30_000_000_000L, max = 250_000_000_000L) long millis) {
        Instant instant = Instant.ofEpochMilli(millis);
        String written = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSXXX")
                .format(instant.atOffset(ZoneOffset.ofHours(-3)));
        DateValue value = SearchValues.date("date", written, LONDON);
        assertThat(value.low()).isEqualTo(instant);
        assertThat(value.high()).isEqualTo(instant.plusMillis(1));
    }

    @Property
    void aLocalMinuteIsAlwaysSixtySecondsLong(@ForAll @LongRange(min = 0, max = 4_000_000_000L) long seconds) {
        LocalDateTime local = LocalDateTime.ofEpochSecond(seconds, 0, ZoneOffset.UTC);
        DateValue value = SearchValues.date("date", DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm").format(local), LONDON);
        assertThat(Duration.between(value.low(), value.high())).isEqualTo(Duration.ofMinutes(1));
    }

    private static DateValue date(String value) {
        return SearchValues.date("date", value, LONDON);
    }

    private static Instant at(String instant) {
        return Instant.parse(instant);
    }

    private static void assertInvalid(String value) {
        assertThatThrownBy(() -> date(value))
                .isInstanceOf(OpenSpineException.Invalid.class)
                .hasMessageContaining("'date'");
    }
}
