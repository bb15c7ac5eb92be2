package org.openspine.fhir.search.query;

import java.math.BigDecimal;
import java.util.List;
import java.util.regex.Pattern;
import org.openspine.fhir.model.Decimals;
import org.openspine.fhir.search.query.SearchValue.NumberValue;
import org.openspine.fhir.search.query.SearchValue.QuantityValue;

/**
 * Reads number and quantity search values into the range their significant figures imply: half a unit of the
 * last written digit either side, so {@code 100} is [99.5, 100.5), {@code 100.00} is [99.995, 100.005) and
 * {@code 1e2} (one figure) is [50, 150).
 */
final class NumberValueParser {

    /** FHIR's decimal, with leading zeros let through: they change neither value nor precision. */
    private static final Pattern DECIMAL = Pattern.compile("-?\\d+(?:\\.\\d+)?(?:[eE][+-]?\\d+)?");

    private NumberValueParser() {
    }

    /** @throws org.openspine.platform.error.OpenSpineException.Invalid when {@code raw} is no number */
    static NumberValue number(String param, String raw) {
        return number(param, raw, raw);
    }

    /** @throws org.openspine.platform.error.OpenSpineException.Invalid when {@code raw} is no quantity */
    static QuantityValue quantity(String param, String raw) {
        List<String> parts = EscapedText.split(raw, '|');
        if (parts.size() != 1 && parts.size() != 3) {
            throw InvalidValue.of(param, raw, "is not a quantity (expected number, number|system|code or number||code)");
        }
        NumberValue number = number(param, raw, parts.get(0));
        String system = parts.size() == 3 ? emptyToNull(EscapedText.unescape(parts.get(1))) : null;
        String code = parts.size() == 3 ? emptyToNull(EscapedText.unescape(parts.get(2))) : null;
        return new QuantityValue(number.prefix(), number.value(), number.low(), number.high(), system, code);
    }

    /** @param text the prefix and number, a part of {@code raw}, which the messages quote whole */
    private static NumberValue number(String param, String raw, String text) {
        Prefixed prefixed = Prefixed.split(param, text);
        BigDecimal value = decimal(param, raw, prefixed.rest());
        BigDecimal half = halfUnit(value);
        return new NumberValue(prefixed.prefix(), value, value.subtract(half), value.add(half));
    }

    private static BigDecimal decimal(String param, String raw, String text) {
        if (!DECIMAL.matcher(text).matches()) {
            throw InvalidValue.of(param, raw, "is not a number (expected a decimal such as 5.4, -3 or 1e2, after an optional prefix)");
        }
        BigDecimal value;
        try {
            value = new BigDecimal(text);
        } catch (NumberFormatException e) {
            // Only an exponent beyond the int range gets past the pattern.
            throw InvalidValue.of(param, raw, "has an exponent out of range");
        }
        if (!Decimals.isSane(value)) {
            throw InvalidValue.of(param, raw, "has more digits than a search value may have");
        }
        return value;
    }

    /** @return 5 in the place after the last significant digit: 0.5 for 100, 0.005 for 100.00, 50 for 1e2 */
    private static BigDecimal halfUnit(BigDecimal value) {
        return BigDecimal.valueOf(5, value.scale() + 1);
    }

    private static String emptyToNull(String text) {
        return text.isEmpty() ? null : text;
    }
}
