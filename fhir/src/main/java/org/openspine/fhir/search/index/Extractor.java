package org.openspine.fhir.search.index;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.openspine.fhir.search.SearchParam;

/**
 * A compiled path together with the conversion for the one type it reaches. Immutable and thread-safe.
 */
record Extractor(Path path, ValueIndexer.Conversion conversion) {

    /** Adds to {@code out} the entries for {@code param} of the values the path reaches from {@code focus}. */
    void extract(SearchParam param, JsonNode resource, JsonNode focus, Collection<IndexEntry> out) {
        List<JsonNode> values = new ArrayList<>(2);
        path.collect(resource, focus, values);
        for (JsonNode value : values) {
            conversion.convert(param, value, out);
        }
    }
}
