package org.openspine.fhir.search.query;

import java.time.ZoneId;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.openspine.fhir.model.Decimals;
import org.openspine.fhir.search.query.SearchValue.CompositeValue;
import org.openspine.fhir.search.query.SearchValue.DateValue;
import org.openspine.fhir.search.query.SearchValue.NumberValue;
import org.openspine.fhir.search.query.SearchValue.QuantityValue;
import org.openspine.fhir.search.query.SearchValue.ReferenceValue;
import org.openspine.fhir.search.query.SearchValue.StringValue;
import org.openspine.fhir.search.query.SearchValue.TokenValue;
import org.openspine.fhir.search.query.SearchValue.UriValue;
import org.openspine.platform.error.OpenSpineException;

/**
 * Reads the value of a search parameter (the URL-decoded text right of {@code =}) into {@link SearchValue}s,
 * following <a href="https://hl7.org/fhir/R4/search.html">FHIR R4 search</a>. Stateless and thread-safe.
 *
 * <p>Every method throws {@link OpenSpineException.Invalid} (issue code {@code invalid}, naming the parameter
 * and the value) for a malformed value, and nothing else for any non-null text. Empty values and values with
 * control characters (below U+0020 other than tab, CR, LF) are malformed for every type.
 *
 * <p><b>Order of work.</b> First {@link #splitAlternatives} cuts the value at unescaped commas; then each
 * alternative goes to the parser for the parameter's type. Escapes ({@code \,} {@code \$} {@code \|}
 * {@code \\}) stay in the text through every split and are undone only by the parser that makes the final
 * strings, after its own split on {@code |} or {@code $}; so {@code a\|b} is one code, not a system and a
 * code. A backslash before any other character is kept as written. So each typed method takes one
 * alternative as {@link #splitAlternatives} returns it, and {@code param}, the parameter's name as written,
 * only to quote in messages.
 *
 * <p><b>Dates.</b> {@code YYYY}, {@code YYYY-MM}, {@code YYYY-MM-DD} and {@code YYYY-MM-DDThh:mm[:ss[.f…]]}
 * with an optional {@code Z} or {@code ±hh:mm}; the range is the whole unit of the last part written: a
 * year, month or day from local midnight to local midnight in the service zone (so a day across a DST change
 * is 23 or 25 hours), or the minute, the second, or the unit of the last fraction digit written
 * ({@code .5} is 100 ms, {@code .123} 1 ms, at most 9 digits). A time without an offset is local time in the
 * service zone; a local time a DST change makes ambiguous takes the earlier offset, one it skips is moved on
 * by the gap. A space before a closing {@code hh:mm} is read as {@code +}: an unencoded {@code +} in a URL
 * decodes to a space, and clients often forget to encode it. Hours 24, seconds 60 and year 0000 are refused.
 *
 * <p><b>Numbers and quantities.</b> The range is half a unit of the last significant digit either side:
 * {@code 100} is [99.5, 100.5), {@code 100.00} [99.995, 100.005), {@code 1e2} [50, 150). More than 1000
 * digits either side of the point is refused (see {@link Decimals}).
 *
 * <p><b>Prefixes.</b> Dates, numbers and quantities take an optional lower-case prefix ({@code eq ne gt lt ge
 * le sa eb ap}); two leading letters that are not one are an error. What {@code ap} tolerates, and whether a
 * prefix suits the modifier, is the caller's to decide.
 */
public final class SearchValues {

    private SearchValues() {
    }

    /**
     * Same as {@link #splitAlternatives(String, String)}, for when the parameter's name is not at hand; the
     * message then names none.
     */
    public static List<String> splitAlternatives(String raw) {
        return splitAlternatives(null, raw);
    }

    /**
     * @param param the parameter's name, for messages; null when not at hand
     * @param raw   the URL-decoded value, e.g. {@code a,b\,c}
     * @return the alternatives, in order, escapes kept ({@code a} and {@code b\,c}): give each to a typed parser
     * @throws OpenSpineException.Invalid when the value or any alternative is empty
     */
    public static List<String> splitAlternatives(String param, String raw) {
        checked(param, raw);
        List<String> parts = EscapedText.split(raw, ',');
        if (parts.contains("")) {
            throw InvalidValue.of(param, raw, "has an empty alternative between commas");
        }
        return List.copyOf(parts);
    }

    /**
     * @param zone the service zone, in which a date or a time without offset is read
     * @return the prefix and the instant range the date covers at its precision
     * @throws OpenSpineException.Invalid for an unknown prefix, a malformed or impossible date
     */
    public static DateValue date(String param, String raw, ZoneId zone) {
        Objects.requireNonNull(zone, "zone");
        return DateValueParser.parse(param, checked(param, raw), zone);
    }

    /**
     * @return the prefix, the decimal as written (scale kept) and the range its significant figures imply
     * @throws OpenSpineException.Invalid for an unknown prefix or a malformed or oversized number
     */
    public static NumberValue number(String param, String raw) {
        return NumberValueParser.number(param, checked(param, raw));
    }

    /**
     * @param raw {@code [prefix]number}, {@code [prefix]number|system|code} or {@code [prefix]number||code};
     *            an empty system or code is null
     * @return the number as {@link #number} reads it, with the unescaped system and code
     * @throws OpenSpineException.Invalid for a bad number or a count of {@code |} other than 0 or 2
     */
    public static QuantityValue quantity(String param, String raw) {
        return NumberValueParser.quantity(param, checked(param, raw));
    }

    /**
     * Everything after the first unescaped {@code |} is the code, so {@code :of-type}'s
     * {@code system|type|value} reads as its system and the code {@code type|value}.
     *
     * @return {@code system|code}; {@code |code} (system ""); {@code system|} (code null); {@code code} (system
     *         null); both parts unescaped
     * @throws OpenSpineException.Invalid for a value that is empty or {@code |} alone
     */
    public static TokenValue token(String param, String raw) {
        checked(param, raw);
        int bar = EscapedText.indexOf(raw, '|', 0);
        if (bar < 0) {
            return new TokenValue(null, EscapedText.unescape(raw));
        }
        String system = EscapedText.unescape(raw.substring(0, bar));
        String code = EscapedText.unescape(raw.substring(bar + 1));
        if (system.isEmpty() && code.isEmpty()) {
            throw InvalidValue.of(param, raw, "names neither a system nor a code");
        }
        return new TokenValue(system, code.isEmpty() ? null : code);
    }

    /**
     * @return the text unescaped, otherwise as given (normalise it before comparing)
     * @throws OpenSpineException.Invalid for an empty value
     */
    public static StringValue string(String param, String raw) {
        return new StringValue(EscapedText.unescape(checked(param, raw)));
    }

    /**
     * A URL under {@code baseUrl} is this server's: its type, id and {@code _history} version are read, and
     * {@code url} is null. Any other absolute URL (a scheme, then ':') keeps {@code url}, with a canonical's
     * {@code |version} split off; so does a URL under the base that has a {@code |version}, as that is a
     * canonical. A lone id has a null type (the caller applies a {@code :Type} modifier or the targets).
     *
     * @param baseUrl       this server's base URL, e.g. {@code https://fhir.example.org/fhir}
     * @param resourceTypes the resource types a {@code Type/} may name
     * @throws OpenSpineException.Invalid for an unknown type, an invalid id or version, or another shape
     */
    public static ReferenceValue reference(String param, String raw, String baseUrl, Set<String> resourceTypes) {
        Objects.requireNonNull(baseUrl, "baseUrl");
        return ReferenceValueParser.parse(param, checked(param, raw), baseUrl, resourceTypes);
    }

    /**
     * @return the URI unescaped
     * @throws OpenSpineException.Invalid for an empty value or one with white space, which no URI has
     */
    public static UriValue uri(String param, String raw) {
        String uri = EscapedText.unescape(checked(param, raw));
        if (uri.chars().anyMatch(Character::isWhitespace)) {
            throw InvalidValue.of(param, raw, "is not a URI: it has white space");
        }
        return new UriValue(uri);
    }

    /**
     * Parts keep every escape, {@code \$} included, so that each component's parser can make its own split:
     * pass part {@code i} to the parser for the type of component {@code i}, which unescapes. (Read so,
     * {@link CompositeValue}'s "unescaped" parts are the ones those parsers return.) Checking the count
     * against the parameter's components is the caller's.
     *
     * @return the {@code $}-separated parts, at least two
     * @throws OpenSpineException.Invalid for fewer than two parts or an empty part
     */
    public static CompositeValue composite(String param, String raw) {
        List<String> parts = EscapedText.split(checked(param, raw), '$');
        if (parts.size() < 2 || parts.contains("")) {
            throw InvalidValue.of(param, raw, "is not a composite value (expected two or more non-empty parts joined by '$')");
        }
        return new CompositeValue(parts);
    }

    private static String checked(String param, String raw) {
        Objects.requireNonNull(raw, "raw");
        if (raw.isEmpty()) {
            throw InvalidValue.of(param, raw, "is empty; a search value is needed");
        }
        if (Decimals.hasForbiddenControl(raw)) {
            throw InvalidValue.of(param, raw, "has a control character");
        }
        return raw;
    }
}
