package org.openspine.fhir.search.index;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Objects;
import org.openspine.fhir.search.SearchParam;

/**
 * One row of the search index: a value a search parameter reaches in a resource, normalised the way
 * the matching search compares it. Each variant is stored in its own table (see the search index
 * migration). {@code param} is the parameter the entry belongs to; some variants are stored under a
 * derived parameter key (a token's {@code :text}, a reference's {@code :identifier}, an identifier's
 * {@code :of-type}), named by {@link #key()}.
 */
public sealed interface IndexEntry {

    /** @return the parameter this entry indexes */
    SearchParam param();

    /** @return the key the entry is stored under: {@code Type.code}, or {@code Type.code:modifier} */
    default String key() {
        return param().key();
    }

    /**
     * A token: a code with its system (Coding, CodeableConcept, Identifier, ContactPoint, code,
     * boolean, string, id, uri used as token). Also stored under a modifier key: a Reference's
     * identifier ({@code "identifier"}, for {@code subject:identifier=}) and an Identifier's type
     * ({@code "of-type"}: system and code of the type coding, code {@code typeCode|value}).
     *
     * @param system   the code system or identifier system; null when the value has none
     * @param code     the code or identifier value; never null
     * @param modifier null for the parameter itself, else {@code "identifier"} or {@code "of-type"}
     */
    record Token(SearchParam param, String system, String code, String modifier) implements IndexEntry {
        public Token {
            Objects.requireNonNull(param, "param");
            Objects.requireNonNull(code, "code");
        }

        /** A plain token of the parameter itself. */
        public Token(SearchParam param, String system, String code) {
            this(param, system, code, null);
        }

        @Override
        public String key() {
            return modifier == null ? param.key() : param.key() + ":" + modifier;
        }
    }

    /**
     * Text matched by a string parameter, or by a token parameter's {@code :text} modifier (then
     * {@code modifier} is {@code "text"}: CodeableConcept.text and Coding.display).
     *
     * @param normalised lower-case, accents removed, whitespace collapsed (see {@link TextNormaliser})
     * @param exact      the value as written, for {@code :exact}
     * @param modifier   null for a string parameter, {@code "text"} for a token's display text
     */
    record Text(SearchParam param, String normalised, String exact, String modifier) implements IndexEntry {
        public Text {
            Objects.requireNonNull(param, "param");
            Objects.requireNonNull(normalised, "normalised");
            Objects.requireNonNull(exact, "exact");
        }

        @Override
        public String key() {
            return modifier == null ? param.key() : param.key() + ":" + modifier;
        }
    }

    /**
     * The time range a date, dateTime, instant, Period or Timing covers, at its precision:
     * {@code 2024-03} covers [2024-03-01T00:00, 2024-04-01T00:00) in the service's time zone.
     *
     * @param low  inclusive start; {@link Instant#MIN} when open (a Period without start)
     * @param high exclusive end; {@link Instant#MAX} when open (a Period without end)
     */
    record Date(SearchParam param, Instant low, Instant high) implements IndexEntry {
        public Date {
            Objects.requireNonNull(param, "param");
            Objects.requireNonNull(low, "low");
            Objects.requireNonNull(high, "high");
        }
    }

    /**
     * A number (integer, decimal, positiveInt, unsignedInt).
     *
     * @param value the value as written (its scale kept)
     */
    record Number(SearchParam param, BigDecimal value) implements IndexEntry {
        public Number {
            Objects.requireNonNull(param, "param");
            Objects.requireNonNull(value, "value");
        }
    }

    /**
     * A quantity (Quantity, Age, Duration, Distance, Count, SimpleQuantity, Money), or a Range
     * (low and high differ, either may be open).
     *
     * @param system the unit system (e.g. UCUM), or the Money currency system; null when absent
     * @param code   the coded unit, else the human unit, else the currency; null when absent
     * @param low    the value, or the Range's low; null when open
     * @param high   the value, or the Range's high; null when open
     */
    record Quantity(SearchParam param, String system, String code, BigDecimal low, BigDecimal high)
            implements IndexEntry {
        public Quantity {
            Objects.requireNonNull(param, "param");
            if (low == null && high == null) {
                throw new IllegalArgumentException("a quantity entry needs a value");
            }
        }
    }

    /**
     * A reference to another resource, or a canonical URL.
     *
     * @param targetType the type referred to, for a relative ({@code Patient/1}) or same-server
     *                   reference; null for an absolute URL to elsewhere, or a canonical
     * @param target     the logical id (when {@code targetType} is set), else the absolute URL or
     *                   canonical URL without its version
     * @param version    the {@code _history} version or canonical {@code |version}; null when absent
     */
    record Reference(SearchParam param, String targetType, String target, String version) implements IndexEntry {
        public Reference {
            Objects.requireNonNull(param, "param");
            Objects.requireNonNull(target, "target");
        }
    }

    /**
     * A URI (uri, url, canonical, oid, uuid) for a uri parameter.
     */
    record Uri(SearchParam param, String uri) implements IndexEntry {
        public Uri {
            Objects.requireNonNull(param, "param");
            Objects.requireNonNull(uri, "uri");
        }
    }

    /**
     * One combination of a composite parameter's component values taken from the same element
     * (e.g. one Observation.component's code and value): one entry per component, in the
     * definition's order, each with its {@code param} set to the composite's.
     *
     * @param parts two or three entries; the first is a Token in every R4 composite
     */
    record Composite(SearchParam param, java.util.List<IndexEntry> parts) implements IndexEntry {
        public Composite {
            Objects.requireNonNull(param, "param");
            parts = java.util.List.copyOf(parts);
            if (parts.size() < 2) {
                throw new IllegalArgumentException("a composite entry needs at least two parts");
            }
        }
    }
}
