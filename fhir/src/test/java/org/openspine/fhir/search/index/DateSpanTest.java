package org.openspine.fhir.search.index;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

class DateSpanTest {

    private static final ZoneId LONDON = ZoneId.of("Europe/London");

    @Test
    void aDateCoversItsYearMonthOrDayInTheServiceZone() {
        assertThat(span("2024")).isEqualTo(utc("2024-01-01T00:00:00Z", "2025-01-01T00:00:00Z"));
        // the clocks went forward on 31 March 2024: that London day lasted 23 hours
        assertThat(span("2024-03-31")).isEqualTo(utc("2024-03-31T00:00:00Z", "2024-03-31T23:00:00Z"));
        assertThat(span("2024-07")).isEqualTo(utc("2024-06-30T23:00:00Z", "2024-07-31T23:00:00Z"));
    }

    @Test
    void aDateTimeCoversTheLastUnitItIsWrittenTo() {
        assertThat(span("2024-03-05T10:15Z")).isEqualTo(utc("2024-03-05T10:15:00Z", "2024-03-05T10:16:00Z"));
        assertThat(span("2024-03-05T10:15:30+05:30")).isEqualTo(utc("2024-03-05T04:45:30Z", "2024-03-05T04:45:31Z"));
        assertThat(span("2024-03-05T10:15:30.5-01:00")).isEqualTo(utc("2024-03-05T11:15:30.5Z", "2024-03-05T11:15:30.6Z"));
        assertThat(span("2024-03-05T10:15:30.1234567891Z"))
                .isEqualTo(utc("2024-03-05T10:15:30.123456789Z", "2024-03-05T10:15:30.123456790Z"));
        assertThat(span("2024-07-05T10:15:30")).as("no offset: the service zone")
                .isEqualTo(utc("2024-07-05T09:15:30Z", "2024-07-05T09:15:31Z"));
    }

    @Test
    void whatIsNotADateHasNoSpan() {
        for (String text : new String[] {"", "24", "2024-1", "2024-13", "2023-02-30", "20240305", "2024-03-05T",
                "2024-03-05T10", "2024-03-05T10:15:30.Z", "2024-03-05T10:15:30+0100", "2024-03-05T25:00:00Z",
                "2024-03-05 10:15:30Z", "２０２４"}) {
            assertThat(DateSpan.parse(text, LONDON)).as(text).isEmpty();
        }
    }

    private static DateSpan span(String text) {
        return DateSpan.parse(text, LONDON).orElseThrow();
    }

    private static DateSpan utc(String low, String high) {
        return new DateSpan(Instant.parse(low), Instant.parse(high));
    }
}
