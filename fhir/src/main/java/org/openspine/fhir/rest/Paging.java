package org.openspine.fhir.rest;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import org.hl7.fhir.r4.model.DateTimeType;
import org.openspine.platform.error.OpenSpineException;

/** Parameters shared by paged interactions: {@code _count}, {@code _since}, and page links. */
final class Paging {

    static final int MAX_COUNT = 1000;

    private Paging() {
    }

    /** @throws OpenSpineException.Invalid when {@code _count} is not an integer in 0..1000 */
    static int count(FhirRequest request, int defaultCount) {
        String value = request.param("_count");
        if (value == null) {
            return defaultCount;
        }
        try {
            int count = Integer.parseInt(value.trim());
            if (count >= 0 && count <= MAX_COUNT) {
                return count;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new OpenSpineException.Invalid("invalid", "_count must be an integer from 0 to " + MAX_COUNT
                + ", was '" + value + "'");
    }

    /** @throws OpenSpineException.Invalid when {@code _since} (or the named instant) is not a FHIR instant */
    static Instant instant(String name, String value) {
        try {
            DateTimeType parsed = new DateTimeType(value.trim());
            if (parsed.getValue() == null) {
                throw new IllegalArgumentException("empty");
            }
            return parsed.getValue().toInstant();
        } catch (RuntimeException e) {
            throw new OpenSpineException.Invalid("invalid", name + " must be a FHIR instant such as "
                    + "2026-01-31T09:30:00Z, was '" + value + "'");
        }
    }

    /** @return {@code url} with the request's parameters, minus {@code drop}, plus {@code extra} */
    static String link(String url, Map<String, List<String>> params, List<String> drop, String... extra) {
        StringJoiner query = new StringJoiner("&");
        params.entrySet().stream().filter(e -> !drop.contains(e.getKey())).sorted(Map.Entry.comparingByKey())
                .forEach(e -> e.getValue().forEach(v -> query.add(encode(e.getKey()) + "=" + encode(v))));
        for (int i = 0; i < extra.length; i += 2) {
            query.add(encode(extra[i]) + "=" + encode(extra[i + 1]));
        }
        return query.length() == 0 ? url : url + "?" + query;
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }
}
