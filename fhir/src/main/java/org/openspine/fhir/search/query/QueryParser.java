package org.openspine.fhir.search.query;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.openspine.fhir.search.SearchParam;
import org.openspine.fhir.search.SearchParamType;
import org.openspine.fhir.search.SearchParameters;
import org.openspine.platform.error.Issue;
import org.openspine.platform.error.OpenSpineException;

/**
 * Reads a search's URL parameters into a {@link SearchQuery}: resolves each name against the
 * parameters of the types searched, checks the modifier suits the parameter's type, parses each
 * value by that type, and resolves chains, reverse chains, includes and sort keys. Thread-safe.
 */
final class QueryParser {

    static final int DEFAULT_COUNT = 20;
    static final int MAX_COUNT = 1000;
    /** Parameters about the response, not the matching; the REST layer reads them. */
    private static final Set<String> RESULT_PARAMS = Set.of("_format", "_pretty", "_summary", "_elements", "_cursor",
            "_type");
    private static final Set<String> UNSUPPORTED = Set.of("_text", "_content", "_query", "_filter", "_containedType");

    private final SearchParameters parameters;
    private final Set<String> resourceTypes;
    private final ZoneId zone;
    private final ValueSetCodes valueSets;
    private final CompartmentMembers compartments;

    QueryParser(SearchParameters parameters, Set<String> resourceTypes, ZoneId zone, CompartmentMembers compartments) {
        this.parameters = parameters;
        this.resourceTypes = Set.copyOf(resourceTypes);
        this.zone = zone;
        this.valueSets = new ValueSetCodes();
        this.compartments = compartments;
    }

    SearchQuery parse(Connection connection, List<String> types, Map<String, List<String>> params, String baseUrl,
            boolean strict, Optional<FhirSearch.Compartment> compartment) throws SQLException {
        Context context = new Context(connection, baseUrl);
        List<Clause> clauses = new ArrayList<>();
        List<SearchQuery.SortKey> sort = List.of();
        int count = DEFAULT_COUNT;
        SearchQuery.Total total = SearchQuery.Total.AUTO;
        List<SearchQuery.Include> includes = new ArrayList<>();
        List<SearchQuery.Include> revincludes = new ArrayList<>();
        List<Issue> ignored = new ArrayList<>();
        for (Map.Entry<String, List<String>> param : params.entrySet()) {
            String name = param.getKey();
            List<String> values = param.getValue();
            try {
                switch (name) {
                    case "_count" -> count = count(single(name, values));
                    case "_sort" -> sort = sort(types, single(name, values));
                    case "_total" -> total = total(single(name, values));
                    case "_include", "_include:iterate" -> {
                        for (String value : values) {
                            includes.add(include(types, value, name.endsWith(":iterate"), false));
                        }
                    }
                    case "_revinclude", "_revinclude:iterate" -> {
                        for (String value : values) {
                            revincludes.add(include(types, value, name.endsWith(":iterate"), true));
                        }
                    }
                    case "_contained" -> {
                        if (!single(name, values).equals("false")) {
                            throw new Unknown("_contained=" + values.get(0)
                                    + " is not supported: contained resources are not indexed");
                        }
                    }
                    default -> {
                        if (RESULT_PARAMS.contains(name)) {
                            continue;
                        }
                        if (UNSUPPORTED.contains(name)) {
                            throw new Unknown("search parameter '" + name + "' is not supported");
                        }
                        for (String value : values) {
                            clauses.add(clause(context, types, name, value));
                        }
                    }
                }
            } catch (Unknown e) {
                if (strict) {
                    throw new OpenSpineException.Invalid("not-supported", e.getMessage()
                            + " (Prefer: handling=strict)");
                }
                ignored.add(Issue.warning("not-supported", e.getMessage() + "; it was ignored"));
            }
        }
        compartment.ifPresent(c -> clauses.add(compartmentClause(types, c)));
        return new SearchQuery(types, clauses, sort, count, total, includes, revincludes, ignored);
    }

    // ---- one parameter ------------------------------------------------------------------------------

    private Clause clause(Context context, List<String> types, String name, String value) throws SQLException {
        switch (name) {
            case "_id" -> {
                List<String> ids = new ArrayList<>();
                for (String id : SearchValues.splitAlternatives(name, value)) {
                    ids.add(logicalId(name, id));
                }
                return new Clause.Ids(ids);
            }
            case "_lastUpdated" -> {
                List<SearchValue.DateValue> dates = new ArrayList<>();
                for (String alternative : SearchValues.splitAlternatives(name, value)) {
                    dates.add(SearchValues.date(name, alternative, zone));
                }
                return new Clause.LastUpdated(dates);
            }
            case "_list" -> {
                List<String> lists = new ArrayList<>();
                for (String id : SearchValues.splitAlternatives(name, value)) {
                    lists.add(logicalId(name, id));
                }
                return new Clause.InList(lists);
            }
            default -> {
                ParamName parsed = ParamName.parse(name, resourceTypes);
                return named(context, types, parsed, name, value);
            }
        }
    }

    /** @throws OpenSpineException.Invalid unless {@code raw} is a FHIR id, which no resource could otherwise have */
    private static String logicalId(String name, String raw) {
        String id = SearchValues.string(name, raw).text();
        if (!ReferenceValueParser.ID.matcher(id).matches()) {
            throw InvalidValue.of(name, raw, "is not a valid id (1-64 of A-Z a-z 0-9 - .)");
        }
        return id;
    }

    private Clause named(Context context, List<String> types, ParamName name, String whole, String value)
            throws SQLException {
        return switch (name) {
            case ParamName.Simple simple -> simple(context, param(types, simple.code(), whole), simple, whole, value);
            case ParamName.Chained chained -> chain(context, types, chained.links(), chained.target(), whole, value);
            case ParamName.Has has -> {
                if (types.size() != 1) {
                    throw new Unknown("_has needs a search of one resource type");
                }
                SearchParam reference = param(List.of(has.type()), has.reference(), whole);
                if (reference.type() != SearchParamType.REFERENCE) {
                    throw invalid("_has names '" + has.reference() + "', which is not a reference parameter of "
                            + has.type());
                }
                yield new Clause.Has(has.type(), reference, named(context, List.of(has.type()), has.target(), whole, value));
            }
        };
    }

    private Clause chain(Context context, List<String> types, List<ParamName.Link> links, ParamName.Simple target,
            String whole, String value) throws SQLException {
        ParamName.Link link = links.get(0);
        SearchParam reference = param(types, link.code(), whole);
        if (reference.type() != SearchParamType.REFERENCE) {
            throw invalid("'" + whole + "' chains through '" + link.code() + "', which is not a reference parameter");
        }
        String nextCode = links.size() > 1 ? links.get(1).code() : target.code();
        List<String> candidates = link.type() != null ? List.of(link.type()) : reference.targets();
        Map<String, Clause> targets = new LinkedHashMap<>();
        for (String candidate : candidates) {
            if (parameters.find(candidate, nextCode).isEmpty() && !nextCode.startsWith("_")) {
                continue;
            }
            List<String> targetTypes = List.of(candidate);
            Clause inner = links.size() > 1
                    ? chain(context, targetTypes, links.subList(1, links.size()), target, whole, value)
                    : simpleOrCommon(context, targetTypes, target, whole, value);
            targets.put(candidate, inner);
        }
        if (targets.isEmpty()) {
            throw invalid("chain '" + whole + "': no target type of '" + link.code() + "' has a parameter '"
                    + nextCode + "'");
        }
        return new Clause.Chain(reference, targets);
    }

    private Clause simpleOrCommon(Context context, List<String> types, ParamName.Simple target, String whole,
            String value) throws SQLException {
        if (target.code().equals("_id") || target.code().equals("_lastUpdated")) {
            return clause(context, types, target.code(), value);
        }
        return simple(context, param(types, target.code(), whole), target, whole, value);
    }

    private Clause simple(Context context, SearchParam param, ParamName.Simple name, String whole, String value)
            throws SQLException {
        ParamName.Modifier modifier = name.modifier();
        if (modifier == ParamName.Modifier.MISSING) {
            return switch (value) {
                case "true" -> new Clause.Missing(param, true);
                case "false" -> new Clause.Missing(param, false);
                default -> throw invalid(whole + " must be true or false, was '" + value + "'");
            };
        }
        checkModifier(param, modifier, whole);
        List<String> alternatives = SearchValues.splitAlternatives(whole, value);
        if (modifier == ParamName.Modifier.IN || modifier == ParamName.Modifier.NOT_IN) {
            List<SearchValue.TokenValue> codes = new ArrayList<>();
            for (String alternative : alternatives) {
                codes.addAll(valueSets.codes(context.connection(), SearchValues.uri(whole, alternative).uri()));
            }
            return new Clause.InValueSet(param, codes, modifier == ParamName.Modifier.NOT_IN);
        }
        if (param.type() == SearchParamType.COMPOSITE) {
            List<List<SearchValue>> anyOf = new ArrayList<>();
            for (String alternative : alternatives) {
                anyOf.add(compositeParts(context, param, whole, alternative));
            }
            return new Clause.CompositeMatch(param, anyOf);
        }
        List<SearchValue> values = new ArrayList<>();
        for (String alternative : alternatives) {
            values.add(value(context, param.type(), modifier, whole, alternative));
        }
        String modifierText = switch (modifier) {
            case NONE -> null;
            case TYPE -> name.type();
            default -> modifier.code();
        };
        return new Clause.Match(param, modifierText, values);
    }

    private SearchValue value(Context context, SearchParamType type, ParamName.Modifier modifier, String name,
            String raw) {
        if (modifier == ParamName.Modifier.TEXT) {
            return SearchValues.string(name, raw);
        }
        if (modifier == ParamName.Modifier.IDENTIFIER) {
            return SearchValues.token(name, raw);
        }
        return switch (type) {
            case STRING -> SearchValues.string(name, raw);
            case TOKEN -> SearchValues.token(name, raw);
            case DATE -> SearchValues.date(name, raw, zone);
            case NUMBER -> SearchValues.number(name, raw);
            case QUANTITY -> SearchValues.quantity(name, raw);
            case REFERENCE -> SearchValues.reference(name, raw, context.baseUrl(), resourceTypes);
            case URI -> SearchValues.uri(name, raw);
            case COMPOSITE, SPECIAL -> throw new IllegalStateException("handled by the caller: " + type);
        };
    }

    private List<SearchValue> compositeParts(Context context, SearchParam param, String name, String raw) {
        List<String> parts = SearchValues.composite(name, raw).parts();
        if (parts.size() != param.components().size()) {
            throw invalid(name + " has " + param.components().size() + " components; '" + raw + "' has "
                    + parts.size() + " parts");
        }
        List<SearchValue> values = new ArrayList<>();
        for (int i = 0; i < parts.size(); i++) {
            SearchParamType type = param.components().get(i).type();
            if (type == SearchParamType.SPECIAL || type == SearchParamType.COMPOSITE) {
                throw new Unknown("composite parameter '" + name + "' has a component the server cannot search");
            }
            values.add(value(context, type, ParamName.Modifier.NONE, name, parts.get(i)));
        }
        return values;
    }

    private static void checkModifier(SearchParam param, ParamName.Modifier modifier, String whole) {
        boolean hierarchy = modifier == ParamName.Modifier.ABOVE || modifier == ParamName.Modifier.BELOW;
        if (hierarchy && (param.type() == SearchParamType.TOKEN || param.type() == SearchParamType.REFERENCE)) {
            // R4 defines these, but they need code system (or reference) hierarchies the server does not keep
            throw new Unknown("modifier :" + modifier.code() + " on " + param.type().code() + " parameter '" + whole
                    + "' is not supported");
        }
        boolean allowed = switch (modifier) {
            case NONE, MISSING -> true;
            case EXACT, CONTAINS -> param.type() == SearchParamType.STRING;
            case TEXT, NOT, IN, NOT_IN, OF_TYPE -> param.type() == SearchParamType.TOKEN;
            case IDENTIFIER, TYPE -> param.type() == SearchParamType.REFERENCE;
            case ABOVE, BELOW -> param.type() == SearchParamType.URI;
        };
        if (!allowed) {
            throw invalid("modifier :" + modifier.code() + " does not apply to " + param.type().code()
                    + " parameter '" + whole + "'");
        }
        if (param.type() == SearchParamType.SPECIAL) {
            throw new Unknown("search parameter '" + param.code() + "' (special) is not supported");
        }
    }

    /** @return the parameter {@code code} shared by all {@code types} */
    private SearchParam param(List<String> types, String code, String whole) {
        if (types.isEmpty()) {
            return parameters.find("Patient", code).filter(p -> p.resourceType().equals("Resource"))
                    .orElseThrow(() -> new Unknown("search parameter '" + whole + "' is not one every type has;"
                            + " name the types with _type or search one type"));
        }
        SearchParam found = null;
        for (String type : types) {
            SearchParam param = parameters.find(type, code).orElseThrow(() -> new Unknown("search parameter '"
                    + whole + "' is not defined for " + type));
            if (found != null && !found.key().equals(param.key())) {
                throw new Unknown("search parameter '" + whole + "' differs between the types searched; search"
                        + " one type");
            }
            found = param;
        }
        return found;
    }

    // ---- result parameters --------------------------------------------------------------------------

    private static int count(String value) {
        try {
            int count = Integer.parseInt(value.trim());
            if (count >= 0 && count <= MAX_COUNT) {
                return count;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw invalid("_count must be an integer from 0 to " + MAX_COUNT + ", was '" + value + "'");
    }

    private static SearchQuery.Total total(String value) {
        return switch (value) {
            case "none" -> SearchQuery.Total.NONE;
            case "estimate" -> SearchQuery.Total.ESTIMATE;
            case "accurate" -> SearchQuery.Total.ACCURATE;
            default -> throw invalid("_total must be none, estimate or accurate, was '" + value + "'");
        };
    }

    private List<SearchQuery.SortKey> sort(List<String> types, String value) {
        List<SearchQuery.SortKey> keys = new ArrayList<>();
        for (String part : value.split(",")) {
            String key = part.trim();
            boolean descending = key.startsWith("-");
            String code = descending ? key.substring(1) : key;
            if (code.equals("_id") || code.equals("_lastUpdated")) {
                keys.add(new SearchQuery.SortKey(null, code, descending));
                continue;
            }
            SearchParam param;
            try {
                param = param(types, code, code);
            } catch (Unknown e) {
                throw invalid("_sort: " + e.getMessage());
            }
            if (param.type() == SearchParamType.COMPOSITE || param.type() == SearchParamType.SPECIAL) {
                throw invalid("_sort: cannot sort by " + param.type().code() + " parameter '" + code + "'");
            }
            keys.add(new SearchQuery.SortKey(param, null, descending));
        }
        return keys;
    }

    /** {@code Source:param}, {@code Source:param:Target}, {@code Source:*} or {@code *}. */
    private SearchQuery.Include include(List<String> types, String value, boolean iterate, boolean reverse) {
        String name = reverse ? "_revinclude" : "_include";
        String[] parts = value.split(":");
        if (value.equals("*")) {
            if (types.size() != 1) {
                throw invalid(name + "=* needs a search of one resource type");
            }
            return new SearchQuery.Include(types.get(0), referencesOf(types.get(0)), null, iterate);
        }
        if (parts.length < 2 || parts.length > 3 || !resourceTypes.contains(parts[0])) {
            throw invalid(name + " must be Type:parameter or Type:parameter:TargetType, was '" + value + "'");
        }
        String source = parts[0];
        String target = parts.length == 3 ? parts[2] : null;
        if (target != null && !resourceTypes.contains(target)) {
            throw invalid(name + " target type '" + target + "' is not a resource type");
        }
        if (parts[1].equals("*")) {
            return new SearchQuery.Include(source, referencesOf(source), target, iterate);
        }
        SearchParam param = parameters.find(source, parts[1]).orElseThrow(() -> invalid(name + ": " + source
                + " has no search parameter '" + parts[1] + "'"));
        if (param.type() != SearchParamType.REFERENCE) {
            throw invalid(name + ": '" + parts[1] + "' is not a reference parameter of " + source);
        }
        return new SearchQuery.Include(source, List.of(param), target, iterate);
    }

    private List<SearchParam> referencesOf(String type) {
        return parameters.of(type).stream().filter(p -> p.type() == SearchParamType.REFERENCE).toList();
    }

    private Clause compartmentClause(List<String> types, FhirSearch.Compartment compartment) {
        String type = types.get(0);
        List<SearchParam> references = new ArrayList<>();
        for (String code : compartments.of(compartment.type(), type)) {
            parameters.find(type, code).filter(p -> p.type() == SearchParamType.REFERENCE).ifPresent(references::add);
        }
        if (type.equals(compartment.type())) {
            return new Clause.Ids(List.of(compartment.id()));
        }
        if (references.isEmpty()) {
            throw invalid(type + " is not in the " + compartment.type() + " compartment");
        }
        return new Clause.InCompartment(compartment.type(), compartment.id(), references);
    }

    private static String single(String name, List<String> values) {
        if (values.size() != 1) {
            throw invalid(name + " may be given once, was given " + values.size() + " times");
        }
        return values.get(0);
    }

    private static OpenSpineException.Invalid invalid(String message) {
        return new OpenSpineException.Invalid("invalid", message);
    }

    /** What the parser needs from the request beyond the parameters. */
    private record Context(Connection connection, String baseUrl) {
    }

    /** A parameter the server does not know or support: ignored (lenient) or refused (strict). */
    private static final class Unknown extends RuntimeException {
        Unknown(String message) {
            super(message, null, false, false);
        }
    }
}
