package org.openspine.fhir.search.index;

import java.util.Optional;

/** URI parameters: uri, url, canonical, oid and uuid values as written (a canonical keeps its {@code |version}). */
final class UriIndexer implements ValueIndexer {

    @Override
    public Optional<Conversion> conversion(String fhirType) {
        return switch (fhirType) {
            case "uri", "url", "canonical", "oid", "uuid" -> Optional.of((param, value, out) -> {
                String uri = JsonFields.nonBlank(value);
                if (uri != null) {
                    out.add(new IndexEntry.Uri(param, uri));
                }
            });
            default -> Optional.empty();
        };
    }
}
