package org.openspine.fhir.search.index;

import ca.uhn.fhir.context.FhirContext;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.ZoneId;
import java.util.List;
import org.openspine.fhir.search.SearchParam;
import org.openspine.fhir.search.SearchParameters;

/** PLACEHOLDER until the extractor lands (replaced wholesale by branch search-index). */
public final class ResourceIndexer {

    private final SearchParameters parameters;

    public ResourceIndexer(FhirContext context, SearchParameters parameters, ZoneId zone) {
        this.parameters = parameters;
    }

    public List<IndexEntry> entries(String resourceType, JsonNode resource) {
        return List.of();
    }

    public List<SearchParam> unsupported(String resourceType) {
        return List.of();
    }

    public SearchParameters parameters() {
        return parameters;
    }
}
