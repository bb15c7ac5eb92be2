package org.openspine.fhir.search.query;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.Period;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.openspine.fhir.search.query.SearchValue.DateValue;

/**
 * Reads a date search value into the instant range its precision covers (see {@link SearchValues} for the
 * rules on zones and precision).
 */
final class DateValueParser {

    /** Each part needs the one before it; the zone needs a time. */
    private static final Pattern DATE = Pattern.compile(
            "(?<year>\\d{4})(?:-(?<month>\\d{2})(?:-(?<day>\\d{2})(?:T(?<hour>\\d{2}):(?<minute>\\d{2})"
                    + "(?::(?<second>\\d{2})(?:\\.(?<fraction>\\d+))?)?(?<zone>Z|[+\\- ]\\d{2}:\\d{2})?)?)?)?");
    private static final String FORMS = "(expected YYYY, YYYY-MM, YYYY-MM-DD or YYYY-MM-DDThh:mm[:ss[.fff]][Z|+hh:mm|-hh:mm],"
            + " after an optional prefix)";
    private static final int NANO_DIGITS = 9;

    private DateValueParser() {
    }

    /** @throws org.openspine.platform.error.OpenSpineException.Invalid when {@code raw} is no date */
    static DateValue parse(String param, String raw, ZoneId zone) {
        Prefixed prefixed = Prefixed.split(param, raw);
        Matcher m = DATE.matcher(prefixed.rest());
        if (!m.matches()) {
            throw InvalidValue.of(param, raw, "is not a date " + FORMS);
        }
        if (m.group("fraction") != null && m.group("fraction").length() > NANO_DIGITS) {
            throw InvalidValue.of(param, raw, "has a fraction of a second finer than nanoseconds");
        }
        try {
            Instant low = low(m, zone);
            return new DateValue(prefixed.prefix(), low, high(m, zone, low));
        } catch (DateTimeException e) {
            throw InvalidValue.of(param, raw, "is not a valid date: " + e.getMessage());
        }
    }

    private static Instant low(Matcher m, ZoneId zone) {
        LocalDate date = date(m);
        if (m.group("hour") == null) {
            return date.atStartOfDay(zone).toInstant();
        }
        LocalDateTime time = date.atTime(number(m, "hour", 0), number(m, "minute", 0), number(m, "second", 0),
                nanos(m.group("fraction")));
        // Zone rules settle local times a DST change makes ambiguous (earlier offset) or skips (moved on by the gap).
        return time.atZone(m.group("zone") == null ? zone : offset(m.group("zone"))).toInstant();
    }

    private static Instant high(Matcher m, ZoneId zone, Instant low) {
        if (m.group("hour") == null) {
            // A calendar unit ends where the next starts in the zone: a day across a DST change is 23 or 25 hours.
            Period unit = m.group("month") == null ? Period.ofYears(1)
                    : m.group("day") == null ? Period.ofMonths(1)
                    : Period.ofDays(1);
            return date(m).plus(unit).atStartOfDay(zone).toInstant();
        }
        Duration unit = m.group("second") == null ? Duration.ofMinutes(1)
                : m.group("fraction") == null ? Duration.ofSeconds(1)
                : Duration.ofNanos(pow10(NANO_DIGITS - m.group("fraction").length()));
        return low.plus(unit);
    }

    private static LocalDate date(Matcher m) {
        int year = number(m, "year", 0);
        if (year == 0) {
            throw new DateTimeException("FHIR has no year 0000");
        }
        return LocalDate.of(year, number(m, "month", 1), number(m, "day", 1));
    }

    private static ZoneOffset offset(String text) {
        if (text.equals("Z")) {
            return ZoneOffset.UTC;
        }
        // A space stands for '+': a client that leaves '+' unencoded has it decoded to a space.
        int sign = text.charAt(0) == '-' ? -1 : 1;
        return ZoneOffset.ofHoursMinutes(sign * Integer.parseInt(text.substring(1, 3)),
                sign * Integer.parseInt(text.substring(4, 6)));
    }

    private static int number(Matcher m, String group, int absent) {
        return m.group(group) == null ? absent : Integer.parseInt(m.group(group));
    }

    private static int nanos(String fraction) {
        return fraction == null ? 0 : Integer.parseInt(fraction) * (int) pow10(NANO_DIGITS - fraction.length());
    }

    private static long pow10(int exponent) {
        long result = 1;
        for (int i = 0; i < exponent; i++) {
            result *= 10;
        }
        return result;
    }
}
