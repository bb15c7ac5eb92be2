package org.openspine.fhir.search.query;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.openspine.fhir.search.query.ParamName.Chained;
import org.openspine.fhir.search.query.ParamName.Has;
import org.openspine.fhir.search.query.ParamName.Link;
import org.openspine.fhir.search.query.ParamName.Modifier;
import org.openspine.fhir.search.query.ParamName.Simple;

/** Reads a {@link ParamName}; see there for the grammar and the limits. */
final class ParamNameParser {

    /** Chain links plus {@code _has} levels a name may have. */
    static final int MAX_HOPS = 5;

    private static final Pattern CODE = Pattern.compile("[A-Za-z_][A-Za-z0-9_\\-]{0,63}");
    private static final String HAS = "_has";
    private static final String MODIFIERS = "missing, exact, contains, text, not, above, below, in, not-in, of-type,"
            + " identifier or a resource type";

    private ParamNameParser() {
    }

    static ParamName parse(String name, Set<String> resourceTypes) {
        return parse(name, name, resourceTypes, 0);
    }

    /**
     * @param whole the whole name, for messages
     * @param name  the part of it still to read
     * @param hops  the hops read so far
     */
    private static ParamName parse(String whole, String name, Set<String> resourceTypes, int hops) {
        if (name.equals(HAS) || name.startsWith(HAS + ":")) {
            String[] parts = name.split(":", 4);
            if (parts.length < 4 || parts[1].isEmpty() || parts[3].isEmpty()) {
                throw InvalidValue.ofName(whole, "is not a reverse chain (expected _has:Type:reference:parameter)");
            }
            within(whole, hops + 1);
            return new Has(type(whole, parts[1], resourceTypes), code(whole, parts[2]),
                    parse(whole, parts[3], resourceTypes, hops + 1));
        }
        String[] parts = name.split("\\.", -1);
        within(whole, hops + parts.length - 1);
        List<Link> links = new ArrayList<>();
        for (int i = 0; i < parts.length - 1; i++) {
            Simple link = simple(whole, parts[i], resourceTypes);
            if (link.modifier() != Modifier.NONE && link.modifier() != Modifier.TYPE) {
                throw InvalidValue.ofName(whole, "has ':" + link.modifier().code()
                        + "' on a chained reference, which takes only a ':Type'");
            }
            links.add(new Link(link.code(), link.type()));
        }
        Simple target = simple(whole, parts[parts.length - 1], resourceTypes);
        return links.isEmpty() ? target : new Chained(links, target);
    }

    private static Simple simple(String whole, String part, Set<String> resourceTypes) {
        int colon = part.indexOf(':');
        String code = code(whole, colon < 0 ? part : part.substring(0, colon));
        if (colon < 0) {
            return new Simple(code, Modifier.NONE, null);
        }
        String modifier = part.substring(colon + 1);
        if (!modifier.isEmpty() && Character.isUpperCase(modifier.charAt(0))) {
            return new Simple(code, Modifier.TYPE, type(whole, modifier, resourceTypes));
        }
        for (Modifier known : Modifier.values()) {
            if (known != Modifier.NONE && known != Modifier.TYPE && known.code().equals(modifier)) {
                return new Simple(code, known, null);
            }
        }
        throw InvalidValue.ofName(whole, "has an unknown modifier ':" + InvalidValue.shown(modifier)
                + "' (expected " + MODIFIERS + ")");
    }

    private static String code(String whole, String code) {
        if (code.isEmpty()) {
            throw InvalidValue.ofName(whole, "has an empty part");
        }
        if (!CODE.matcher(code).matches() || code.equals(HAS)) {
            throw InvalidValue.ofName(whole, "has '" + InvalidValue.shown(code) + "', which is not a parameter code");
        }
        return code;
    }

    private static String type(String whole, String type, Set<String> resourceTypes) {
        if (!resourceTypes.contains(type)) {
            throw InvalidValue.ofName(whole, "names '" + InvalidValue.shown(type) + "', which is not a resource type");
        }
        return type;
    }

    private static void within(String whole, int hops) {
        if (hops > MAX_HOPS) {
            throw InvalidValue.ofName(whole, "has more than " + MAX_HOPS + " chained or _has steps");
        }
    }
}
