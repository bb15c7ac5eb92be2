package org.openspine.fhir.search.query;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One parsed search value (one of the comma-separated alternatives of a parameter), typed by the
 * parameter it is for. Ranges are half-open: {@code [low, high)}.
 */
public sealed interface SearchValue {

    /**
     * A date value at its precision: {@code 2024-03} is [2024-03-01T00:00, 2024-04-01T00:00) in the
     * service zone; an instant with seconds covers that second.
     */
    record DateValue(Prefix prefix, Instant low, Instant high) implements SearchValue {
        public DateValue {
            Objects.requireNonNull(prefix, "prefix");
            Objects.requireNonNull(low, "low");
            Objects.requireNonNull(high, "high");
        }
    }

    /**
     * A number with the range its precision implies: {@code 100} is [99.5, 100.5), {@code 1e2} is
     * [50, 150).
     */
    record NumberValue(Prefix prefix, BigDecimal value, BigDecimal low, BigDecimal high) implements SearchValue {
        public NumberValue {
            Objects.requireNonNull(prefix, "prefix");
            Objects.requireNonNull(value, "value");
            Objects.requireNonNull(low, "low");
            Objects.requireNonNull(high, "high");
        }
    }

    /**
     * A quantity {@code [prefix]number|system|code}; system and code null when not given ({@code 5.4}
     * or {@code 5.4||mg} has no system).
     */
    record QuantityValue(Prefix prefix, BigDecimal value, BigDecimal low, BigDecimal high, String system,
            String code) implements SearchValue {
        public QuantityValue {
            Objects.requireNonNull(prefix, "prefix");
            Objects.requireNonNull(value, "value");
            Objects.requireNonNull(low, "low");
            Objects.requireNonNull(high, "high");
        }
    }

    /**
     * A token: {@code system|code}, {@code |code} (system "" = must have no system), {@code system|}
     * (code null = any code in the system), or {@code code} (system null = any system).
     */
    record TokenValue(String system, String code) implements SearchValue {
        public TokenValue {
            if (system == null && code == null) {
                throw new IllegalArgumentException("a token needs a system or a code");
            }
        }
    }

    /** A string value as given (unescaped); normalise it before comparing. */
    record StringValue(String text) implements SearchValue {
        public StringValue {
            Objects.requireNonNull(text, "text");
        }
    }

    /**
     * A reference value: {@code id}, {@code Type/id}, {@code Type/id/_history/n}, or an absolute URL.
     *
     * @param type    the resource type, null when only an id or a foreign URL is given
     * @param id      the logical id, null for a URL that is not this server's
     * @param url     the absolute URL when one was given and it is not this server's, else null
     * @param version the version ({@code _history/n} or canonical {@code |v}), else null
     */
    record ReferenceValue(String type, String id, String url, String version) implements SearchValue {
        public ReferenceValue {
            if (id == null && url == null) {
                throw new IllegalArgumentException("a reference needs an id or a url");
            }
        }
    }

    /** A URI, compared exactly (or by prefix with {@code :below}/{@code :above}). */
    record UriValue(String uri) implements SearchValue {
        public UriValue {
            Objects.requireNonNull(uri, "uri");
        }
    }

    /** A composite value: the {@code $}-separated parts, unescaped, each to be parsed by its component's type. */
    record CompositeValue(List<String> parts) implements SearchValue {
        public CompositeValue {
            parts = List.copyOf(parts);
        }
    }
}
