package org.openspine.fhir.search.index;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import org.openspine.fhir.search.DerivedParam;
import org.openspine.fhir.search.SearchParam;

/** One search parameter compiled for one resource type: reads a resource's entries for it. Immutable and thread-safe. */
sealed interface ParamExtraction {

    /** Adds to {@code out} the parameter's entries for {@code resource}. */
    void extract(JsonNode resource, Collection<IndexEntry> out);

    /** A parameter computed by a module ({@link DerivedParam}): its codes, as tokens under its URL. */
    record Derived(SearchParam param, DerivedParam derivation) implements ParamExtraction {

        @Override
        public void extract(JsonNode resource, Collection<IndexEntry> out) {
            for (String code : derivation.codes(resource)) {
                out.add(new IndexEntry.Token(param, param.url(), code, null));
            }
        }
    }

    /** A parameter of any type but composite: each path's values converted by its search type. */
    record Values(SearchParam param, List<Extractor> extractors) implements ParamExtraction {
        public Values {
            extractors = List.copyOf(extractors);
        }

        @Override
        public void extract(JsonNode resource, Collection<IndexEntry> out) {
            for (Extractor extractor : extractors) {
                extractor.extract(param, resource, resource, out);
            }
        }
    }

    /**
     * A composite parameter: for each element its expression reaches, one entry per combination of
     * the components' values read from that same element (so a blood pressure's systolic code is
     * never paired with its diastolic value). An element lacking any component gives nothing.
     * The components' extractors convert with {@link ValueIndexer#plain}, so each part is a plain
     * value, never a token's {@code :text} or {@code :of-type} row.
     */
    record Composite(SearchParam param, List<Element> elements) implements ParamExtraction {
        public Composite {
            elements = List.copyOf(elements);
        }

        @Override
        public void extract(JsonNode resource, Collection<IndexEntry> out) {
            List<JsonNode> reached = new ArrayList<>(4);
            for (Element element : elements) {
                reached.clear();
                element.path().collect(resource, resource, reached);
                for (JsonNode node : reached) {
                    combine(components(element, resource, node), 0, new ArrayList<>(), out);
                }
            }
        }

        /** @return each component's plain entries from {@code node}, in order; empty when one has none */
        private List<List<IndexEntry>> components(Element element, JsonNode resource, JsonNode node) {
            int count = element.components().size();
            List<List<IndexEntry>> parts = new ArrayList<>(Collections.nCopies(count, List.of()));
            // last first: the value component is the one usually absent, and the code before it costs more
            for (int i = count - 1; i >= 0; i--) {
                DistinctEntries values = new DistinctEntries();
                for (Extractor extractor : element.components().get(i)) {
                    extractor.extract(param, resource, node, values);
                }
                if (values.isEmpty()) {
                    return List.of();
                }
                parts.set(i, values.toList());
            }
            return parts;
        }

        /** Adds one composite per way of choosing an entry from each part, chosen in order. */
        private void combine(List<List<IndexEntry>> parts, int index, List<IndexEntry> chosen,
                Collection<IndexEntry> out) {
            if (parts.isEmpty()) {
                return;
            }
            if (index == parts.size()) {
                out.add(new IndexEntry.Composite(param, chosen));
                return;
            }
            for (IndexEntry entry : parts.get(index)) {
                chosen.add(entry);
                combine(parts, index + 1, chosen, out);
                chosen.removeLast();
            }
        }

        /**
         * What the composite's expression reaches along one path, with each component compiled
         * against that path's type.
         *
         * @param components per component, in the definition's order, its extractors
         */
        record Element(Path path, List<List<Extractor>> components) {
            Element {
                components = components.stream().map(List::copyOf).toList();
            }
        }
    }
}
