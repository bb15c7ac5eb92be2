package org.openspine.fhir.search.index;

import ca.uhn.fhir.context.FhirContext;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.openspine.fhir.search.SearchParam;
import org.openspine.fhir.search.SearchParamType;
import org.openspine.fhir.search.DerivedParam;
import org.openspine.fhir.search.SearchParameters;

/**
 * Reads the search index entries of a resource: every {@link IndexEntry} of every search parameter
 * of its type, straight from the JSON tree.
 *
 * <p>Each parameter's FHIRPath expression is compiled once, the first time its resource type is
 * indexed, into a small program over the JSON tree typed with HAPI's model definitions; HAPI's
 * FHIRPath engine is never used (it costs seconds and ~100 MB at first use). Parameters whose
 * expression is outside the compiled subset are not indexed and are listed by {@link #unsupported}.
 *
 * <p>Immutable once built, apart from the compiled-program cache; thread-safe. To index under a
 * changed set of parameters (a SearchParameter loaded), build a new indexer.
 */
public final class ResourceIndexer {

    private final SearchParameters parameters;
    private final ElementModel model;
    private final ParamCompiler compiler;
    private final Map<String, CompiledType> compiled = new ConcurrentHashMap<>();

    /**
     * @param context    the FHIR R4 context whose model types the expressions
     * @param parameters the search parameters to index
     * @param zone       where dates and dateTimes without an offset are placed ({@code 1970-03} is
     *                   March in this zone)
     */
    public ResourceIndexer(FhirContext context, SearchParameters parameters, ZoneId zone) {
        this(context, parameters, zone, List.of());
    }

    /**
     * @param derived the parameters among {@code parameters} that modules compute (see {@link DerivedParam})
     */
    public ResourceIndexer(FhirContext context, SearchParameters parameters, ZoneId zone, List<DerivedParam> derived) {
        this.parameters = Objects.requireNonNull(parameters, "parameters");
        this.model = new ElementModel(context);
        Map<SearchParamType, ValueIndexer> indexers = new EnumMap<>(SearchParamType.class);
        indexers.put(SearchParamType.STRING, new StringIndexer());
        indexers.put(SearchParamType.TOKEN, new TokenIndexer());
        indexers.put(SearchParamType.DATE, new DateIndexer(Objects.requireNonNull(zone, "zone")));
        indexers.put(SearchParamType.NUMBER, new NumberIndexer());
        indexers.put(SearchParamType.QUANTITY, new QuantityIndexer());
        indexers.put(SearchParamType.REFERENCE, new ReferenceIndexer(model.resourceTypes()));
        indexers.put(SearchParamType.URI, new UriIndexer());
        Map<String, DerivedParam> byKey = new java.util.HashMap<>();
        derived.forEach(param -> byKey.put(param.param().key(), param));
        this.compiler = new ParamCompiler(model, indexers, byKey);
    }

    /**
     * Does not block beyond compiling the type's parameters on its first use (milliseconds).
     *
     * @param resourceType the resource's type, e.g. {@code Observation}
     * @param resource     the resource as FHIR JSON
     * @return every entry of every supported parameter of the type, each once (identical entries,
     *         from a value reached twice or a union of overlapping paths, are kept once), in a stable order
     * @throws IllegalArgumentException when {@code resourceType} is not an R4 resource type
     */
    public List<IndexEntry> entries(String resourceType, JsonNode resource) {
        DistinctEntries entries = new DistinctEntries();
        for (ParamExtraction extraction : compiled(resourceType).extractions()) {
            entries.nextParam();
            extraction.extract(resource, entries);
        }
        return entries.toList();
    }

    /**
     * @return the parameters of {@code resourceType} that are not indexed, by code: special ones
     *         ({@code Location.near}), those without an expression ({@code _text}, {@code _content},
     *         {@code _query}) and those whose expression is outside the compiled FHIRPath subset
     * @throws IllegalArgumentException when {@code resourceType} is not an R4 resource type
     */
    public List<SearchParam> unsupported(String resourceType) {
        return compiled(resourceType).unsupported();
    }

    /** @return the parameters this indexer indexes */
    public SearchParameters parameters() {
        return parameters;
    }

    private CompiledType compiled(String resourceType) {
        CompiledType type = compiled.get(resourceType); // get first: computeIfAbsent may lock even when present
        return type != null ? type : compiled.computeIfAbsent(resourceType, this::compile);
    }

    private CompiledType compile(String resourceType) {
        model.resource(resourceType); // rejects an unknown type before anything is cached for it
        List<ParamExtraction> extractions = new ArrayList<>();
        List<SearchParam> unsupported = new ArrayList<>();
        List<SearchParam> params = parameters.of(resourceType).stream()
                .sorted(Comparator.comparing(SearchParam::code))
                .toList();
        for (SearchParam param : params) {
            if (param.code().equals("_id") || param.code().equals("_lastUpdated")) {
                continue; // columns of the resource row, searched there
            }
            try {
                extractions.add(compiler.compile(param, resourceType));
            } catch (UnsupportedExpressionException e) {
                unsupported.add(param); // listed for the caller to report; not a failure of the write
            }
        }
        return new CompiledType(List.copyOf(extractions), List.copyOf(unsupported));
    }

    private record CompiledType(List<ParamExtraction> extractions, List<SearchParam> unsupported) {
    }
}
