package org.openspine.fhir.search.index;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.Collection;
import java.util.Optional;
import org.openspine.fhir.search.SearchParam;

/**
 * Quantity parameters (FHIR R4 search, "quantity"). A Quantity and its profiles (Age, Duration,
 * Distance, Count, SimpleQuantity) give (system, code else unit, value); Money gives the ISO 4217
 * system and its currency; a Range gives its low and high values with the unit of its low (else
 * high), either end open. SampledData and anything without a numeric value give nothing.
 */
final class QuantityIndexer implements ValueIndexer {

    private static final String CURRENCIES = "urn:iso:std:iso:4217";

    @Override
    public Optional<Conversion> conversion(String fhirType) {
        return Optional.ofNullable(switch (fhirType) {
            case "Quantity", "Age", "Duration", "Distance", "Count", "SimpleQuantity", "MoneyQuantity" ->
                    QuantityIndexer::quantity;
            case "Money" -> QuantityIndexer::money;
            case "Range" -> QuantityIndexer::range;
            default -> null;
        });
    }

    private static void quantity(SearchParam param, JsonNode quantity, Collection<IndexEntry> out) {
        BigDecimal value = NumberIndexer.decimal(quantity.get("value"));
        if (value != null) {
            out.add(new IndexEntry.Quantity(param, JsonFields.text(quantity, "system"), unit(quantity), value, value));
        }
    }

    private static void money(SearchParam param, JsonNode money, Collection<IndexEntry> out) {
        BigDecimal value = NumberIndexer.decimal(money.get("value"));
        if (value != null) {
            String currency = JsonFields.text(money, "currency");
            out.add(new IndexEntry.Quantity(param, currency == null ? null : CURRENCIES, currency, value, value));
        }
    }

    private static void range(SearchParam param, JsonNode range, Collection<IndexEntry> out) {
        JsonNode low = range.path("low");
        JsonNode high = range.path("high");
        BigDecimal from = NumberIndexer.decimal(low.get("value"));
        BigDecimal to = NumberIndexer.decimal(high.get("value"));
        if (from != null || to != null) {
            JsonNode units = from != null ? low : high;
            out.add(new IndexEntry.Quantity(param, JsonFields.text(units, "system"), unit(units), from, to));
        }
    }

    /** The coded unit, else the human-readable one: a search by unit alone matches either. */
    private static String unit(JsonNode quantity) {
        String code = JsonFields.text(quantity, "code");
        return code != null ? code : JsonFields.text(quantity, "unit");
    }
}
