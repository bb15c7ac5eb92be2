package org.openspine.fhir.search.index;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Collection;
import java.util.Optional;
import org.openspine.fhir.search.SearchParam;

/**
 * Turns the values a search parameter reaches into index entries, for one search-parameter type
 * (one implementation each: string, token, date, ...). The conversion is chosen per FHIR datatype
 * when a parameter is compiled, so indexing a resource never dispatches on type names.
 * Implementations are immutable and thread-safe.
 */
interface ValueIndexer {

    /**
     * @param fhirType the FHIR type of the values, e.g. {@code CodeableConcept}, {@code dateTime}, or
     *                 {@code Resource} for an embedded resource of any type
     * @return how such a value becomes entries; empty when this search type indexes nothing of it
     *         (a quantity parameter reaching SampledData)
     */
    Optional<Conversion> conversion(String fhirType);

    /**
     * @return this indexer without the entries stored under a modifier key ({@code :text},
     *         {@code :of-type}, {@code :identifier}), for the parts of a composite, which are plain
     *         values; building those entries there would be wasted (a display text is normalised)
     */
    default ValueIndexer plain() {
        return this;
    }

    /** Converts one value. */
    @FunctionalInterface
    interface Conversion {

        /** Adds to {@code out} the entries {@code value} gives {@code param}; a malformed value gives none. */
        void convert(SearchParam param, JsonNode value, Collection<IndexEntry> out);
    }
}
