package org.openspine.fhir.rest;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.openspine.platform.error.OpenSpineException;

/**
 * Reads the criteria of conditional interactions ({@code If-None-Exist}, conditional update,
 * delete and patch, conditional references in transactions) from their query-string form.
 */
final class ConditionalCriteria {

    private ConditionalCriteria() {
    }

    /**
     * @param query the part after '?', URL-encoded
     * @return the decoded parameters, in order; a name without '=' has the value ""
     * @throws OpenSpineException.Invalid for malformed percent-encoding
     */
    static Map<String, List<String>> params(String query) {
        Map<String, List<String>> params = new LinkedHashMap<>();
        for (String pair : query.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = decode(eq < 0 ? pair : pair.substring(0, eq));
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
            params.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
        }
        return params;
    }

    /**
     * @return {@code params} without the parameters that only shape a response ({@code _format},
     *         {@code _pretty}), which a conditional request may carry
     */
    static Map<String, List<String>> withoutFormat(Map<String, List<String>> params) {
        Map<String, List<String>> criteria = new LinkedHashMap<>(params);
        criteria.remove("_format");
        criteria.remove("_pretty");
        return criteria;
    }

    private static String decode(String text) {
        try {
            return URLDecoder.decode(text, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new OpenSpineException.Invalid("invalid", "malformed percent-encoding in criteria: " + text);
        }
    }
}
