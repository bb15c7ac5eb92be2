package org.openspine.fhir.search.index;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.openspine.fhir.search.DerivedParam;
import org.openspine.fhir.search.SearchParam;
import org.openspine.fhir.search.SearchParamType;

/**
 * Compiles a search parameter for its resource type: its expression into typed paths, each paired
 * with its search type's conversion for the type reached. Paths reaching a type the search type
 * does not index (a quantity parameter's SampledData) are dropped here. Thread-safe.
 */
final class ParamCompiler {

    private final ElementModel model;
    private final PathCompiler paths;
    private final Map<SearchParamType, ValueIndexer> indexers;
    private final Map<String, DerivedParam> derived;

    /**
     * @param indexers the value indexer for each search type but composite and special
     * @param derived  the parameters modules compute, by {@link SearchParam#key()}
     */
    ParamCompiler(ElementModel model, Map<SearchParamType, ValueIndexer> indexers, Map<String, DerivedParam> derived) {
        this.model = model;
        this.paths = new PathCompiler(model);
        this.indexers = Map.copyOf(indexers);
        this.derived = Map.copyOf(derived);
    }

    /**
     * @param resourceType the type whose resources the parameter is compiled for
     * @return the compiled parameter
     * @throws UnsupportedExpressionException when the parameter is special, has no expression, or
     *                                        its expression (or a component's) is outside the subset
     */
    ParamExtraction compile(SearchParam param, String resourceType) {
        DerivedParam derivation = derived.get(param.key());
        if (derivation != null) {
            return new ParamExtraction.Derived(param, derivation);
        }
        if (param.type() == SearchParamType.SPECIAL) {
            throw new UnsupportedExpressionException("special parameters need an index of their own");
        }
        if (param.expression().isBlank()) {
            throw new UnsupportedExpressionException("no expression");
        }
        // the indexed type, not param.resourceType(): shared parameters carry their base (Resource)
        ElementType resource = model.resource(resourceType);
        if (param.type() != SearchParamType.COMPOSITE) {
            ValueIndexer indexer = indexer(param.type());
            return new ParamExtraction.Values(param, extractors(param.expression(), resource, resource, indexer));
        }
        if (param.components().size() < 2) {
            throw new UnsupportedExpressionException("a composite needs two or more components");
        }
        List<ParamExtraction.Composite.Element> elements = new ArrayList<>();
        for (PathCompiler.TypedPath element : paths.compile(param.expression(), resource, resource)) {
            List<List<Extractor>> components = new ArrayList<>();
            for (SearchParam.Component component : param.components()) {
                // plain(): a composite's parts are plain values, never :text or :identifier rows
                ValueIndexer indexer = indexer(component.type()).plain();
                List<Extractor> extractors = extractors(component.expression(), element.type(), resource, indexer);
                if (extractors.isEmpty()) {
                    break; // this element can never have every component
                }
                components.add(extractors);
            }
            if (components.size() == param.components().size()) {
                elements.add(new ParamExtraction.Composite.Element(element.path(), components));
            }
        }
        return new ParamExtraction.Composite(param, elements);
    }

    private ValueIndexer indexer(SearchParamType type) {
        ValueIndexer indexer = indexers.get(type);
        if (indexer == null) {
            throw new UnsupportedExpressionException("no indexer for " + type.code() + " values");
        }
        return indexer;
    }

    private List<Extractor> extractors(String expression, ElementType focus, ElementType resource, ValueIndexer indexer) {
        List<Extractor> extractors = new ArrayList<>();
        for (PathCompiler.TypedPath path : paths.compile(expression, focus, resource)) {
            indexer.conversion(path.type().name()).ifPresent(c -> extractors.add(new Extractor(path.path(), c)));
        }
        return extractors;
    }
}
