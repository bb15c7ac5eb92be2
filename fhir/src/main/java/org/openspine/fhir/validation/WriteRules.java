package org.openspine.fhir.validation;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.util.FhirTerser;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.DecimalType;
import org.hl7.fhir.r4.model.PrimitiveType;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.InstantType;
import org.hl7.fhir.r4.model.Narrative;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.utilities.xhtml.NodeType;
import org.hl7.fhir.utilities.xhtml.XhtmlNode;
import org.openspine.platform.identifier.NhsNumber;
import org.openspine.fhir.model.Decimals;
import org.openspine.platform.error.Issue;
import org.openspine.platform.error.OpenSpineException;

/**
 * Rules every written resource must pass beyond strict parsing, cheap enough for every write, in
 * one walk over the resource:
 * <ul>
 * <li>dates, dateTimes and instants in their exact lexical form (HAPI accepts a dateTime with a
 *     time but no zone, and an instant without a time; FHIR does not);</li>
 * <li>narratives that are safe to show: a {@code div} in the XHTML namespace holding only the
 *     elements FHIR allows, no event attributes and no {@code javascript:} links (invariant txt-1);</li>
 * <li>identifiers in the NHS Number system are valid NHS Numbers (ten digits, Modulus 11).</li>
 * </ul>
 * The first two are malformed content (400); a bad NHS Number breaks a business rule (422).
 *
 * <p>Full profile validation (cardinalities, invariants, terminology) is the HAPI validator's job
 * and runs on {@code $validate}; it costs milliseconds per resource, too much for every write.
 */
public final class WriteRules {

    private static final String YEAR = "([0-9]([0-9]([0-9][1-9]|[1-9]0)|[1-9]00)|[1-9]000)";
    private static final String TIME = "([01][0-9]|2[0-3]):[0-5][0-9]:([0-5][0-9]|60)(\\.[0-9]+)?";
    private static final String ZONE = "(Z|(\\+|-)((0[0-9]|1[0-3]):[0-5][0-9]|14:00))";
    private static final String MONTH_DAY = "-(0[1-9]|1[0-2])(-(0[1-9]|[1-2][0-9]|3[0-1]))";
    private static final Pattern DATE = Pattern.compile(YEAR + "(-(0[1-9]|1[0-2])(-(0[1-9]|[1-2][0-9]|3[0-1]))?)?");
    private static final Pattern DATE_TIME = Pattern.compile(
            YEAR + "(-(0[1-9]|1[0-2])(-(0[1-9]|[1-2][0-9]|3[0-1])(T" + TIME + ZONE + ")?)?)?");
    private static final Pattern INSTANT = Pattern.compile(YEAR + MONTH_DAY + "T" + TIME + ZONE);
    private static final String XHTML = "http://www.w3.org/1999/xhtml";
    private static final Set<String> NARRATIVE_ELEMENTS = Set.of("a", "abbr", "acronym", "b", "big", "blockquote", "br",
            "caption", "cite", "code", "col", "colgroup", "dd", "dfn", "div", "dl", "dt", "em", "h1", "h2", "h3", "h4", "h5",
            "h6", "hr", "i", "img", "li", "ol", "p", "pre", "q", "samp", "small", "span", "strong", "sub", "sup", "table",
            "tbody", "td", "tfoot", "th", "thead", "tr", "tt", "ul", "var");

    private static final Set<String> SAFE_SCHEMES = Set.of("http", "https", "mailto", "tel", "urn");

    private final FhirTerser terser;

    public WriteRules(FhirContext context) {
        this.terser = context.newTerser();
    }

    /**
     * Checks {@code resource}, and hands back the references the same walk passed, so a caller that
     * rewrites them (a transaction resolving {@code urn:uuid:}s) needs no second walk.
     *
     * @return every Reference element in the resource, in document order
     * @throws OpenSpineException.Invalid listing malformed dates and unsafe narratives
     * @throws OpenSpineException.Unprocessable listing broken business rules (NHS Numbers)
     */
    public List<Reference> check(IBaseResource resource) {
        List<Issue> invalid = new ArrayList<>();
        List<Issue> unprocessable = new ArrayList<>();
        List<Reference> references = new ArrayList<>();
        String type = resource.fhirType();
        // one linear visit; getAllPopulatedChildElementsOfType re-checks emptiness at every level
        terser.visit(resource, (owner, element, path, child, definition) -> {
            switch (element) {
                case InstantType instant -> lexical(instant.getValueAsString(), INSTANT, "instant", type, invalid);
                case DateTimeType dateTime -> lexical(dateTime.getValueAsString(), DATE_TIME, "dateTime", type, invalid);
                case DateType date -> lexical(date.getValueAsString(), DATE, "date", type, invalid);
                case Narrative narrative -> narrative(narrative, type, invalid);
                case Reference reference -> references.add(reference);
                case DecimalType decimal -> {
                    if (decimal.getValue() != null && !Decimals.isSane(decimal.getValue())) {
                        invalid.add(Issue.error("value", "a decimal is outside the range FHIR decimals can hold", type));
                    }
                }
                case PrimitiveType<?> primitive -> {
                    String text = primitive.getValueAsString();
                    if (text != null && Decimals.hasForbiddenControl(text)) {
                        invalid.add(Issue.error("value", "a FHIR string may not contain control characters other than "
                                + "tab, carriage return and line feed", type));
                    }
                }
                case Identifier identifier -> {
                    if (NhsNumber.SYSTEM.equals(identifier.getSystem()) && !NhsNumber.isValid(identifier.getValue())) {
                        unprocessable.add(Issue.error("value", "'" + identifier.getValue() + "' is not a valid NHS Number"
                                + " (ten digits with a Modulus 11 check digit)", type + ".identifier"));
                    }
                }
                default -> {
                }
            }
        });
        if (!invalid.isEmpty()) {
            throw new OpenSpineException.Invalid(invalid);
        }
        if (!unprocessable.isEmpty()) {
            throw new OpenSpineException.Unprocessable(unprocessable);
        }
        return references;
    }

    private static void lexical(String value, Pattern pattern, String kind, String type, List<Issue> issues) {
        if (value != null && !pattern.matcher(value).matches()) {
            String hint = kind.equals("date") ? "YYYY, YYYY-MM or YYYY-MM-DD"
                    : kind.equals("instant") ? "a full date and time with seconds and a time zone"
                    : "a date, or a date and time with seconds and a time zone";
            issues.add(Issue.error("value", "'" + value + "' is not a valid " + kind + ": expected " + hint, type));
        }
    }

    private static void narrative(Narrative narrative, String type, List<Issue> issues) {
        XhtmlNode div = narrative.getDiv();
        if (div == null || div.isEmpty()) {
            return;
        }
        String at = type + ".text.div";
        if (!"div".equals(div.getName()) || !XHTML.equals(div.getAttribute("xmlns"))) {
            issues.add(Issue.error("value", "a narrative must be a <div> in the XHTML namespace " + XHTML, at));
            return;
        }
        xhtml(div, at, issues);
    }

    /**
     * Browsers ignore whitespace and control characters inside a URL's scheme ("java\tscript:"), so
     * they are removed before the scheme is read; then only known-safe schemes pass.
     */
    private static boolean safeLink(String value) {
        StringBuilder cleaned = new StringBuilder(value.length());
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c > 0x20 && c != 0x7f) {
                cleaned.append(c);
            }
        }
        String link = cleaned.toString().toLowerCase(Locale.ROOT);
        int colon = link.indexOf(':');
        int end = indexOfAny(link, "/?#");
        if (colon < 0 || (end >= 0 && end < colon)) {
            return true; // relative or in-document: no scheme
        }
        return SAFE_SCHEMES.contains(link.substring(0, colon));
    }

    private static int indexOfAny(String text, String characters) {
        for (int i = 0; i < text.length(); i++) {
            if (characters.indexOf(text.charAt(i)) >= 0) {
                return i;
            }
        }
        return -1;
    }

    private static void xhtml(XhtmlNode node, String at, List<Issue> issues) {
        for (XhtmlNode child : node.getChildNodes()) {
            if (child.getNodeType() != NodeType.Element) {
                continue;
            }
            String name = child.getName() == null ? "" : child.getName().toLowerCase(Locale.ROOT);
            if (!NARRATIVE_ELEMENTS.contains(name)) {
                issues.add(Issue.error("value", "the narrative may not contain <" + name + "> (FHIR txt-1)", at));
                continue;
            }
            child.getAttributes().forEach((attribute, value) -> {
                String lower = attribute.toLowerCase(Locale.ROOT);
                if (lower.startsWith("on")) {
                    issues.add(Issue.error("value", "the narrative may not contain event attribute '" + attribute
                            + "' (FHIR txt-1)", at));
                } else if ((lower.equals("href") || lower.equals("src")) && value != null && !safeLink(value)) {
                    issues.add(Issue.error("value", "the narrative may only link to http, https, mailto, tel or urn"
                            + " addresses, or within the document (FHIR txt-1)", at));
                }
            });
            xhtml(child, at, issues);
        }
    }
}
