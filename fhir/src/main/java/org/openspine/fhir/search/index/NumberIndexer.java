package org.openspine.fhir.search.index;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.Optional;

/**
 * Number parameters: integer, decimal, positiveInt and unsignedInt values as written. The tree
 * keeps decimals exact (BigDecimal nodes), so {@code 1.50} stays 1.50 and its precision is there
 * for the implicit range a number search compares against.
 */
final class NumberIndexer implements ValueIndexer {

    @Override
    public Optional<Conversion> conversion(String fhirType) {
        return switch (fhirType) {
            case "integer", "decimal", "positiveInt", "unsignedInt", "integer64" -> Optional.of((param, value, out) -> {
                BigDecimal number = decimal(value);
                if (number != null) {
                    out.add(new IndexEntry.Number(param, number));
                }
            });
            default -> Optional.empty();
        };
    }

    /** @return the exact value of a JSON number (int, long, big integer or decimal node); null when absent or not a number */
    static BigDecimal decimal(JsonNode value) {
        return value != null && value.isNumber() ? value.decimalValue() : null;
    }
}
