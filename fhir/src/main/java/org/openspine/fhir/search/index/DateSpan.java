package org.openspine.fhir.search.index;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Optional;

/**
 * The time a FHIR date, dateTime or instant covers at the precision it is written with:
 * {@code 2024} is the whole year, {@code 2024-03-05T10:15:30Z} one second, {@code ...30.25Z} ten
 * milliseconds. A value without an offset (a date, or a lenient dateTime) is read in the service's
 * zone, so {@code 1970-03} in Europe/London starts at 1970-03-01T00:00 London time.
 *
 * @param low  inclusive start
 * @param high exclusive end
 */
record DateSpan(Instant low, Instant high) {

    private static final int NANO_DIGITS = 9;

    /**
     * @param text a FHIR date ({@code YYYY}, {@code YYYY-MM}, {@code YYYY-MM-DD}) or dateTime/instant
     *             ({@code YYYY-MM-DDThh:mm[:ss[.f+]][Z|±hh:mm]})
     * @param zone where a value without an offset is read
     * @return the span, or empty when the text is not such a value (validation upstream normally
     *         refuses those; the index skips what it cannot place rather than failing the write)
     */
    static Optional<DateSpan> parse(String text, ZoneId zone) {
        try {
            return Optional.ofNullable(read(text, zone));
        } catch (DateTimeException e) {
            return Optional.empty(); // an impossible date such as 2023-02-30: not placeable in time
        }
    }

    private static DateSpan read(String text, ZoneId zone) {
        int length = text.length();
        if (length < 4) {
            return null;
        }
        int year = digits(text, 0, 4);
        if (length == 4) {
            return days(LocalDate.of(year, 1, 1), LocalDate.of(year + 1, 1, 1), zone);
        }
        if (length < 7 || text.charAt(4) != '-') {
            return null;
        }
        int month = digits(text, 5, 2);
        if (length == 7) {
            LocalDate start = LocalDate.of(year, month, 1);
            return days(start, start.plusMonths(1), zone);
        }
        if (length < 10 || text.charAt(7) != '-') {
            return null;
        }
        LocalDate date = LocalDate.of(year, month, digits(text, 8, 2));
        if (length == 10) {
            return days(date, date.plusDays(1), zone);
        }
        return length >= 16 && text.charAt(10) == 'T' && text.charAt(13) == ':' ? time(text, date, zone) : null;
    }

    private static DateSpan time(String text, LocalDate date, ZoneId zone) {
        int hour = digits(text, 11, 2);
        int minute = digits(text, 14, 2);
        int second = 0;
        int nano = 0;
        Duration precision = Duration.ofMinutes(1);
        int i = 16;
        if (i < text.length() && text.charAt(i) == ':') {
            second = digits(text, i + 1, 2);
            precision = Duration.ofSeconds(1);
            i += 3;
            if (i < text.length() && text.charAt(i) == '.') {
                int start = ++i;
                while (i < text.length() && Character.isDigit(text.charAt(i))) {
                    i++;
                }
                // digits past nanoseconds are beyond Instant's resolution: the span is then 1 ns
                int kept = Math.min(i - start, NANO_DIGITS);
                if (kept == 0) {
                    return null;
                }
                int scale = 1;
                for (int unused = kept; unused < NANO_DIGITS; unused++) {
                    scale *= 10;
                }
                nano = digits(text, start, kept) * scale;
                precision = Duration.ofNanos(scale);
            }
        }
        LocalDateTime local = LocalDateTime.of(date.getYear(), date.getMonth(), date.getDayOfMonth(), hour, minute,
                second, nano);
        Instant low;
        if (i == text.length()) {
            low = local.atZone(zone).toInstant();
        } else if (text.charAt(i) == 'Z' && i + 1 == text.length()) {
            low = local.toInstant(ZoneOffset.UTC);
        } else if ((text.charAt(i) == '+' || text.charAt(i) == '-') && i + 6 == text.length() && text.charAt(i + 3) == ':') {
            int sign = text.charAt(i) == '-' ? -1 : 1;
            ZoneOffset offset = ZoneOffset.ofHoursMinutes(sign * digits(text, i + 1, 2), sign * digits(text, i + 4, 2));
            low = local.toInstant(offset);
        } else {
            return null;
        }
        return new DateSpan(low, low.plus(precision));
    }

    private static DateSpan days(LocalDate start, LocalDate end, ZoneId zone) {
        return new DateSpan(start.atStartOfDay(zone).toInstant(), end.atStartOfDay(zone).toInstant());
    }

    /** @throws DateTimeException unless {@code count} ASCII digits stand at {@code from} */
    private static int digits(String text, int from, int count) {
        if (from + count > text.length()) {
            throw new DateTimeException("'" + text + "' ends early");
        }
        int value = 0;
        for (int i = from; i < from + count; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                throw new DateTimeException("'" + text + "' has '" + c + "' where a digit belongs");
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }
}
