package org.openspine.fhir.rest;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import org.junit.jupiter.api.Test;

/**
 * Date search (FHIR R4 search, "date" and "prefix"): each value, stored or searched, is the range of
 * instants its precision covers, and the prefixes compare ranges as the specification defines them:
 * eq (the search range contains the target), ne (it does not), gt/lt (the target reaches past the
 * search range's end/start), ge = gt or eq, le = lt or eq, sa/eb (the target lies wholly after/before),
 * ap (near, by a tenth of the distance from now). Dates and times written without an offset are in
 * Europe/London, British Summer Time included.
 */
class SearchDateIT {

    private final TaggedSearch s = new TaggedSearch();

    private String observationAt(String effective) {
        return s.create("""
                {"resourceType":"Observation","status":"final","code":{"text":"date fixture"},%s}"""
                .formatted(effective));
    }

    private String encounter(String period) {
        return s.create("""
                {"resourceType":"Encounter","status":"finished",
                 "class":{"system":"http://terminology.hl7.org/CodeSystem/v3-ActCode","code":"AMB"},
                 "period":%s}""".formatted(period));
    }

    private String patientBornOn(String birthDate) {
        return s.create("""
                {"resourceType":"Patient","birthDate":"%s"}""".formatted(birthDate));
    }

    /** The specification's own examples for a day: https://hl7.org/fhir/R4/search.html#prefix. */
    @Test
    void theSpecificationsWorkedExamplesHold() {
        String midnight = observationAt("\"effectiveDateTime\":\"2013-01-14T00:00:00Z\"");
        String tenAm = observationAt("\"effectiveDateTime\":\"2013-01-14T10:00:00Z\"");
        String nextMidnight = observationAt("\"effectiveDateTime\":\"2013-01-15T00:00:00Z\"");
        String wholeDay = observationAt("\"effectiveDateTime\":\"2013-01-14\"");
        String from21Jan = observationAt("\"effectivePeriod\":{\"start\":\"2013-01-21\"}");

        assertThat(s.ids("Observation", "date=eq2013-01-14")).containsExactlyInAnyOrder(midnight, tenAm, wholeDay);
        assertThat(s.ids("Observation", "date=2013-01-14")).containsExactlyInAnyOrder(midnight, tenAm, wholeDay);
        assertThat(s.ids("Observation", "date=ne2013-01-14")).containsExactlyInAnyOrder(nextMidnight, from21Jan);
        assertThat(s.ids("Observation", "date=lt2013-01-14T10:00")).containsExactlyInAnyOrder(midnight, wholeDay);
        assertThat(s.ids("Observation", "date=gt2013-01-14T10:00"))
                .containsExactlyInAnyOrder(nextMidnight, wholeDay, from21Jan);
        assertThat(s.ids("Observation", "date=ge2013-03-14")).containsExactly(from21Jan);
        assertThat(s.ids("Observation", "date=le2013-03-14"))
                .containsExactlyInAnyOrder(midnight, tenAm, nextMidnight, wholeDay, from21Jan);
    }

    @Test
    void aSearchMatchesTargetsWithinTheYearMonthDayMinuteOrSecondItIsWrittenTo() {
        String tenAm = observationAt("\"effectiveDateTime\":\"2013-01-14T10:00:00Z\"");
        String tenAmAndAHalf = observationAt("\"effectiveInstant\":\"2013-01-14T10:00:30.250Z\"");
        String january = observationAt("\"effectiveDateTime\":\"2013-01\"");
        String year = observationAt("\"effectiveDateTime\":\"2013\"");

        assertThat(s.ids("Observation", "date=2013")).containsExactlyInAnyOrder(tenAm, tenAmAndAHalf, january, year);
        assertThat(s.ids("Observation", "date=2013-01")).containsExactlyInAnyOrder(tenAm, tenAmAndAHalf, january);
        assertThat(s.ids("Observation", "date=2013-01-14")).containsExactlyInAnyOrder(tenAm, tenAmAndAHalf);
        assertThat(s.ids("Observation", "date=2013-01-14T10:00")).containsExactlyInAnyOrder(tenAm, tenAmAndAHalf);
        assertThat(s.ids("Observation", "date=2013-01-14T10:01")).isEmpty();
        assertThat(s.ids("Observation", "date=2013-01-14T10:00:00Z")).containsExactly(tenAm);
        assertThat(s.ids("Observation", "date=2013-01-14T10:00:30Z")).containsExactly(tenAmAndAHalf);
        assertThat(s.ids("Observation", "date=2013-01-14T10:00:30.2Z")).containsExactly(tenAmAndAHalf);
        assertThat(s.ids("Observation", "date=2013-01-14T10:00:30.3Z")).isEmpty();
        assertThat(s.ids("Observation", "date=ne2013-01-14")).containsExactlyInAnyOrder(january, year);
        assertThat(s.ids("Observation", "date=2014")).isEmpty();
    }

    @Test
    void eachPrefixComparesTheTargetRangeWithTheDayAtItsBoundaries() {
        String lateOn13th = observationAt("\"effectiveDateTime\":\"2013-01-13T23:59:59Z\"");
        String day14th = observationAt("\"effectiveDateTime\":\"2013-01-14\"");
        String earlyOn15th = observationAt("\"effectiveDateTime\":\"2013-01-15T00:00:00Z\"");

        assertThat(s.ids("Observation", "date=gt2013-01-14")).containsExactly(earlyOn15th);
        assertThat(s.ids("Observation", "date=lt2013-01-14")).containsExactly(lateOn13th);
        assertThat(s.ids("Observation", "date=ge2013-01-14")).containsExactlyInAnyOrder(day14th, earlyOn15th);
        assertThat(s.ids("Observation", "date=le2013-01-14")).containsExactlyInAnyOrder(lateOn13th, day14th);
        assertThat(s.ids("Observation", "date=sa2013-01-14")).containsExactly(earlyOn15th);
        assertThat(s.ids("Observation", "date=eb2013-01-14")).containsExactly(lateOn13th);
        assertThat(s.ids("Observation", "date=sa2013-01-13T23:59:58Z")).containsExactlyInAnyOrder(lateOn13th, day14th,
                earlyOn15th);
        assertThat(s.ids("Observation", "date=sa2013-01-13T23:59:59Z")).containsExactlyInAnyOrder(day14th, earlyOn15th);
        assertThat(s.ids("Observation", "date=eb2013-01-15T00:00:00Z")).containsExactlyInAnyOrder(lateOn13th, day14th);
    }

    @Test
    void geIsGtOrEqAndLeIsLtOrEqSoATargetStraddlingTheDaysStartOrEndIsNeither() {
        String acrossTheStart = observationAt("""
                "effectivePeriod":{"start":"2013-01-13T12:00:00Z","end":"2013-01-14T12:00:00Z"}""");
        String acrossTheEnd = observationAt("""
                "effectivePeriod":{"start":"2013-01-14T12:00:00Z","end":"2013-01-15T12:00:00Z"}""");
        String within = observationAt("""
                "effectivePeriod":{"start":"2013-01-14T08:00:00Z","end":"2013-01-14T09:00:00Z"}""");

        assertThat(s.ids("Observation", "date=eq2013-01-14")).containsExactly(within);
        assertThat(s.ids("Observation", "date=gt2013-01-14")).containsExactly(acrossTheEnd);
        assertThat(s.ids("Observation", "date=lt2013-01-14")).containsExactly(acrossTheStart);
        assertThat(s.ids("Observation", "date=ge2013-01-14")).containsExactlyInAnyOrder(acrossTheEnd, within);
        assertThat(s.ids("Observation", "date=le2013-01-14")).containsExactlyInAnyOrder(acrossTheStart, within);
        assertThat(s.ids("Observation", "date=ne2013-01-14")).containsExactlyInAnyOrder(acrossTheStart, acrossTheEnd);
    }

    @Test
    void approximatelyAllowsATenthOfTheDistanceFromNow() {
        String sameDay = observationAt("\"effectiveDateTime\":\"2013-01-14T10:00:00Z\"");
        String autumn = observationAt("\"effectiveDateTime\":\"2013-09-01\"");
        String decadeEarlier = observationAt("\"effectiveDateTime\":\"2003-01-14\"");

        assertThat(s.ids("Observation", "date=ap2013-01-14")).containsExactlyInAnyOrder(sameDay, autumn);
        assertThat(s.ids("Observation", "date=ap2003-01")).containsExactly(decadeEarlier);
    }

    @Test
    void periodsCoverFromTheirStartToTheEndOfTheirEndAndAMissingEndLeavesThemOpen() {
        String tenDays = encounter("{\"start\":\"2020-01-10\",\"end\":\"2020-01-20\"}");
        String openEnded = encounter("{\"start\":\"2020-01-15\"}");
        String openStart = encounter("{\"end\":\"2020-01-12\"}");

        assertThat(s.ids("Encounter", "date=2020-01")).containsExactly(tenDays);
        assertThat(s.ids("Encounter", "date=2020-01-20")).isEmpty();
        assertThat(s.ids("Encounter", "date=ne2020-01")).containsExactlyInAnyOrder(openEnded, openStart);
        assertThat(s.ids("Encounter", "date=ge2020-01-25")).containsExactly(openEnded);
        assertThat(s.ids("Encounter", "date=le2020-01-05")).containsExactly(openStart);
        assertThat(s.ids("Encounter", "date=lt2020-01-16")).containsExactlyInAnyOrder(tenDays, openEnded, openStart);
        assertThat(s.ids("Encounter", "date=gt2020-01-16")).containsExactlyInAnyOrder(tenDays, openEnded);
        assertThat(s.ids("Encounter", "date=gt2020-01-20")).containsExactly(openEnded);
        assertThat(s.ids("Encounter", "date=sa2020-01-12")).containsExactly(openEnded);
        assertThat(s.ids("Encounter", "date=eb2020-01-13")).containsExactly(openStart);
        assertThat(s.ids("Encounter", "date=eb2020-01-12")).isEmpty();
    }

    @Test
    void anOffsetInTheResourceOrTheSearchIsHonouredAndATimeWithoutOneIsLondonTime() {
        String tenAmBst = observationAt("\"effectiveDateTime\":\"2021-06-01T10:00:00+01:00\"");

        assertThat(s.ids("Observation", "date=2021-06-01T09:00:00Z")).containsExactly(tenAmBst);
        assertThat(s.ids("Observation", "date=2021-06-01T10:00:00Z")).isEmpty();
        assertThat(s.ids("Observation", "date=2021-06-01T10:00:00+01:00")).containsExactly(tenAmBst);
        assertThat(s.ids("Observation", "date=2021-06-01T05:00:00-04:00")).containsExactly(tenAmBst);
        assertThat(s.ids("Observation", "date=2021-06-01T10:00:00")).containsExactly(tenAmBst);
        assertThat(s.ids("Observation", "date=2021-06-01T10:00")).containsExactly(tenAmBst);
        assertThat(s.ids("Observation", "date=gt2021-06-01T09:00:00Z")).isEmpty();
        assertThat(s.ids("Observation", "date=gt2021-06-01T08:59:59Z")).containsExactly(tenAmBst);
    }

    @Test
    void aSummerBirthDateIsTheLondonDayWhichStartsAt2300UtcTheDayBefore() {
        String summer = patientBornOn("1990-07-01");
        String winter = patientBornOn("1990-01-15");

        assertThat(s.ids("Patient", "birthdate=1990-07-01")).containsExactly(summer);
        assertThat(s.ids("Patient", "birthdate=lt1990-06-30T23:00:00Z")).containsExactly(winter);
        assertThat(s.ids("Patient", "birthdate=lt1990-06-30T23:00:01Z")).containsExactlyInAnyOrder(summer, winter);
        assertThat(s.ids("Patient", "birthdate=gt1990-07-01T22:59:59Z")).isEmpty();
        assertThat(s.ids("Patient", "birthdate=gt1990-07-01T22:59:58Z")).containsExactly(summer);
        assertThat(s.ids("Patient", "birthdate=sa1990-06-30T22:59:59Z")).containsExactly(summer);
        assertThat(s.ids("Patient", "birthdate=eb1990-07-01T23:00:00Z")).containsExactlyInAnyOrder(summer, winter);
        assertThat(s.ids("Patient", "birthdate=eb1990-07-01T22:59:59Z")).containsExactly(winter);
        assertThat(s.ids("Patient", "birthdate=lt1990-01-15T00:00:00Z")).isEmpty();
        assertThat(s.ids("Patient", "birthdate=lt1990-01-15T00:00:01Z")).containsExactly(winter);
    }

    @Test
    void theDayTheClocksGoForwardIsTwentyThreeHoursLong() {
        String halfPastMidnightBst = observationAt("\"effectiveDateTime\":\"2021-03-28T23:30:00Z\"");
        String lastUtcHour = observationAt("\"effectiveDateTime\":\"2021-03-28T22:30:00Z\"");

        assertThat(s.ids("Observation", "date=2021-03-28")).containsExactly(lastUtcHour);
        assertThat(s.ids("Observation", "date=2021-03-29")).containsExactly(halfPastMidnightBst);
    }

    @Test
    void lastUpdatedComparesTheVersionTimeToTheMillisecond() throws InterruptedException {
        String first = s.create("{\"resourceType\":\"Basic\",\"code\":{\"text\":\"first\"}}");
        String firstTime = lastUpdated("Basic", first);
        Thread.sleep(5); // a later millisecond for the second
        String second = s.create("{\"resourceType\":\"Basic\",\"code\":{\"text\":\"second\"}}");
        String secondTime = lastUpdated("Basic", second);
        assertThat(Instant.parse(secondTime)).isAfter(Instant.parse(firstTime));

        assertThat(s.ids("Basic", "_lastUpdated=gt" + firstTime)).containsExactly(second);
        assertThat(s.ids("Basic", "_lastUpdated=lt" + secondTime)).containsExactly(first);
        assertThat(s.ids("Basic", "_lastUpdated=" + firstTime)).containsExactly(first);
        assertThat(s.ids("Basic", "_lastUpdated=le" + firstTime)).containsExactly(first);
        assertThat(s.ids("Basic", "_lastUpdated=ge" + secondTime)).containsExactly(second);
        assertThat(s.ids("Basic", "_lastUpdated=ge" + firstTime, "_lastUpdated=le" + secondTime))
                .containsExactlyInAnyOrder(first, second);
        assertThat(s.ids("Basic", "_lastUpdated=gt" + secondTime)).isEmpty();
        assertThat(s.ids("Basic", "_lastUpdated=lt" + firstTime)).isEmpty();
        assertThat(s.ids("Basic", "_lastUpdated=lt2000-01-01,gt" + firstTime)).containsExactly(second);
    }

    /** @return the resource's meta.lastUpdated written to the millisecond, as the server keeps it */
    private String lastUpdated(String type, String id) {
        Instant time = Instant.parse(s.http().get(Fixtures.BASE + "/" + type + "/" + id).json()
                .at("/meta/lastUpdated").asText());
        return DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC).format(time);
    }
}
