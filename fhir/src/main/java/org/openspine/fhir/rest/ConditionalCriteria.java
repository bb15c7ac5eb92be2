package org.openspine.fhir.rest;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.openspine.fhir.store.Criteria;
import org.openspine.platform.error.OpenSpineException;

/**
 * Reads the criteria of conditional interactions ({@code If-None-Exist}, conditional update,
 * delete and patch, conditional references in transactions). Until full search lands only
 * {@code _id} and {@code identifier} are understood; anything else is refused rather than
 * ignored, because ignoring a criterion would match (and change) the wrong resources.
 */
final class ConditionalCriteria {

    private ConditionalCriteria() {
    }

    /** @param query the part after '?', URL-encoded, e.g. {@code identifier=http://x|1} */
    static Criteria parse(String query) {
        return of(params(query));
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

    /** @param params decoded parameters; paging and format parameters are ignored */
    static Criteria of(Map<String, List<String>> params) {
        List<String> ids = new ArrayList<>();
        List<List<Criteria.TokenMatch>> identifiers = new ArrayList<>();
        for (Map.Entry<String, List<String>> param : params.entrySet()) {
            String name = param.getKey();
            if (name.equals("_format") || name.equals("_pretty")) {
                continue;
            }
            for (String value : param.getValue()) {
                if (value.isEmpty()) {
                    throw new OpenSpineException.Invalid("invalid", "criterion '" + name + "' has no value");
                }
                switch (name) {
                    case "_id" -> {
                        for (String id : value.split(",")) {
                            ids.add(Targets.id(id));
                        }
                    }
                    case "identifier" -> {
                        List<Criteria.TokenMatch> group = new ArrayList<>();
                        for (String token : value.split(",")) {
                            group.add(Criteria.TokenMatch.parse(token));
                        }
                        identifiers.add(group);
                    }
                    default -> throw new OpenSpineException.Invalid("not-supported", "conditional criterion '" + name
                            + "' is not supported; use _id or identifier");
                }
            }
        }
        if (ids.isEmpty() && identifiers.isEmpty()) {
            throw new OpenSpineException.Invalid("invalid", "conditional interaction has no criteria");
        }
        return new Criteria(ids, identifiers);
    }

    private static String decode(String text) {
        try {
            return URLDecoder.decode(text, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new OpenSpineException.Invalid("invalid", "malformed percent-encoding in criteria: " + text);
        }
    }
}
