package org.openspine.fhir.search.index;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Collection;
import java.util.Optional;
import org.openspine.fhir.search.SearchParam;

/**
 * Date parameters (FHIR R4 search, "date"): each value becomes the time range it covers. A date,
 * dateTime or instant covers its precision (see {@link DateSpan}); a Period runs from its start's
 * low to its end's high, an absent end (or start) leaving it open; a Timing runs from its earliest
 * to its latest event, else over {@code repeat.boundsPeriod}. Other types (string, Age, Range) are
 * not placed in time.
 */
final class DateIndexer implements ValueIndexer {

    private final ZoneId zone;

    /** @param zone where values without an offset are read */
    DateIndexer(ZoneId zone) {
        this.zone = zone;
    }

    @Override
    public Optional<Conversion> conversion(String fhirType) {
        return Optional.ofNullable(switch (fhirType) {
            case "date", "dateTime", "instant" -> this::moment;
            case "Period" -> this::period;
            case "Timing" -> this::timing;
            default -> null;
        });
    }

    private void moment(SearchParam param, JsonNode value, Collection<IndexEntry> out) {
        if (value.isTextual()) {
            DateSpan.parse(value.textValue(), zone)
                    .ifPresent(span -> out.add(new IndexEntry.Date(param, span.low(), span.high())));
        }
    }

    private void period(SearchParam param, JsonNode period, Collection<IndexEntry> out) {
        String start = JsonFields.text(period, "start");
        String end = JsonFields.text(period, "end");
        if (start == null && end == null) {
            return; // an empty Period says nothing; indexing it as all time would match every search
        }
        Optional<DateSpan> from = start == null ? Optional.empty() : DateSpan.parse(start, zone);
        Optional<DateSpan> to = end == null ? Optional.empty() : DateSpan.parse(end, zone);
        if ((start != null && from.isEmpty()) || (end != null && to.isEmpty())) {
            return;
        }
        out.add(new IndexEntry.Date(param, from.map(DateSpan::low).orElse(Instant.MIN),
                to.map(DateSpan::high).orElse(Instant.MAX)));
    }

    private void timing(SearchParam param, JsonNode timing, Collection<IndexEntry> out) {
        Instant low = null;
        Instant high = null;
        for (JsonNode event : JsonFields.each(timing, "event")) {
            Optional<DateSpan> span = event.isTextual() ? DateSpan.parse(event.textValue(), zone) : Optional.empty();
            if (span.isPresent()) {
                low = low == null || span.get().low().isBefore(low) ? span.get().low() : low;
                high = high == null || span.get().high().isAfter(high) ? span.get().high() : high;
            }
        }
        if (low != null) {
            out.add(new IndexEntry.Date(param, low, high));
        } else {
            period(param, timing.path("repeat").path("boundsPeriod"), out);
        }
    }
}
