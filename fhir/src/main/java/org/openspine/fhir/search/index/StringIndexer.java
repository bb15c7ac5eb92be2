package org.openspine.fhir.search.index;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Collection;
import java.util.Optional;
import org.openspine.fhir.search.SearchParam;

/**
 * String parameters: one {@link IndexEntry.Text} per part a person might search on. A HumanName
 * gives its family, each given, prefix and suffix, and its text; an Address each line, city,
 * district, state, postal code, country and text (FHIR R4 search, "string").
 */
final class StringIndexer implements ValueIndexer {

    private static final String[] NAME_PARTS = {"family", "given", "prefix", "suffix", "text"};
    private static final String[] ADDRESS_PARTS = {"line", "city", "district", "state", "postalCode", "country", "text"};

    @Override
    public Optional<Conversion> conversion(String fhirType) {
        return Optional.ofNullable(switch (fhirType) {
            case "string", "markdown" -> (param, value, out) -> text(param, value, null, out);
            case "HumanName" -> (param, value, out) -> parts(param, value, NAME_PARTS, out);
            case "Address" -> (param, value, out) -> parts(param, value, ADDRESS_PARTS, out);
            default -> null;
        });
    }

    /**
     * Adds a text entry for a JSON string, normalised for matching and kept as written for
     * {@code :exact}; nothing for a blank or non-string value.
     *
     * @param modifier null for a string parameter, {@code "text"} for a token's display text
     */
    static void text(SearchParam param, JsonNode value, String modifier, Collection<IndexEntry> out) {
        String exact = JsonFields.nonBlank(value);
        if (exact != null) {
            out.add(new IndexEntry.Text(param, TextNormaliser.normalise(exact), exact, modifier));
        }
    }

    private static void parts(SearchParam param, JsonNode value, String[] parts, Collection<IndexEntry> out) {
        for (String part : parts) {
            for (JsonNode item : JsonFields.each(value, part)) {
                text(param, item, null, out);
            }
        }
    }
}
