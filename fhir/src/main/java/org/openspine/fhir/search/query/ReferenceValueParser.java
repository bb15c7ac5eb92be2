package org.openspine.fhir.search.query;

import java.util.Set;
import java.util.regex.Pattern;
import org.openspine.fhir.search.query.SearchValue.ReferenceValue;

/**
 * Reads a reference search value: {@code id}, {@code Type/id}, {@code Type/id/_history/v}, or an absolute URL.
 * A URL under this server's base is read as the {@code Type/id[/_history/v]} after it; any other URL is kept
 * whole, less a canonical {@code |version}. A URL under the base with a {@code |version} is a canonical, not
 * a local reference, and is kept as a URL too.
 */
final class ReferenceValueParser {

    /** FHIR's id: 1 to 64 of A-Z a-z 0-9 - . */
    static final Pattern ID = Pattern.compile("[A-Za-z0-9\\-.]{1,64}");
    private static final Pattern ABSOLUTE = Pattern.compile("[A-Za-z][A-Za-z0-9+.\\-]*:\\S+");
    private static final String FORMS = "(expected id, Type/id, Type/id/_history/version or an absolute URL)";

    private ReferenceValueParser() {
    }

    /**
     * @param baseUrl this server's base URL, e.g. {@code https://fhir.example.org/fhir}; a trailing '/' is ignored
     * @throws org.openspine.platform.error.OpenSpineException.Invalid for a malformed value or an unknown type
     */
    static ReferenceValue parse(String param, String raw, String baseUrl, Set<String> resourceTypes) {
        int bar = EscapedText.indexOf(raw, '|', 0);
        String target = EscapedText.unescape(bar < 0 ? raw : raw.substring(0, bar));
        String version = bar < 0 ? null : EscapedText.unescape(raw.substring(bar + 1));
        if (!ABSOLUTE.matcher(target).matches()) {
            if (version != null) {
                throw InvalidValue.of(param, raw, "has a '|version', which only a canonical URL may have");
            }
            return local(param, raw, target, resourceTypes, true);
        }
        if (version != null && version.isEmpty()) {
            throw InvalidValue.of(param, raw, "has an empty version after '|'");
        }
        String base = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        if (version == null && target.startsWith(base + "/")) {
            return local(param, raw, target.substring(base.length() + 1), resourceTypes, false);
        }
        return new ReferenceValue(null, null, target, version);
    }

    /** @param bareId whether a lone id is allowed (not after this server's base, where a type must follow) */
    private static ReferenceValue local(String param, String raw, String path, Set<String> resourceTypes,
            boolean bareId) {
        String[] parts = path.split("/", -1);
        if (parts.length == 1 && bareId) {
            return new ReferenceValue(null, id(param, raw, parts[0]), null, null);
        }
        boolean history = parts.length == 4 && parts[2].equals("_history");
        if (parts.length != 2 && !history) {
            throw InvalidValue.of(param, raw, "is not a reference " + FORMS);
        }
        if (!resourceTypes.contains(parts[0])) {
            throw InvalidValue.of(param, raw, "names '" + InvalidValue.shown(parts[0]) + "', which is not a resource type");
        }
        return new ReferenceValue(parts[0], id(param, raw, parts[1]), null, history ? id(param, raw, parts[3]) : null);
    }

    private static String id(String param, String raw, String id) {
        if (!ID.matcher(id).matches()) {
            throw InvalidValue.of(param, raw, "has '" + InvalidValue.shown(id) + "', which is not a valid id (1-64 of A-Z a-z 0-9 - .) "
                    + FORMS);
        }
        return id;
    }
}
