package org.openspine.fhir.store;

import java.util.List;
import java.util.Objects;

/**
 * What a conditional interaction or an identifier search matches on: all of {@code ids} (any of
 * the listed ids, when given) and each group in {@code identifiers} (any token in a group; every
 * group must match). The full search language arrives with the search indexes; this covers the
 * parameters that identify a resource.
 *
 * @param ids         logical ids from {@code _id}; empty means any
 * @param identifiers AND-ed groups of OR-ed identifier tokens
 */
public record Criteria(List<String> ids, List<List<TokenMatch>> identifiers) {

    public Criteria {
        ids = List.copyOf(ids);
        identifiers = identifiers.stream().map(List::copyOf).toList();
    }

    /**
     * One token as FHIR writes it: {@code system|code}, {@code |code} (no system),
     * {@code system|} (any code in the system), or {@code code} (any system).
     *
     * @param system null for any system, "" for no system
     * @param code   null for any code
     */
    public record TokenMatch(String system, String code) {
        public TokenMatch {
            if (system == null && code == null) {
                throw new IllegalArgumentException("a token needs a system or a code");
            }
        }

        /** @return the token parsed from a search value */
        public static TokenMatch parse(String value) {
            Objects.requireNonNull(value, "value");
            int bar = value.indexOf('|');
            if (bar < 0) {
                return new TokenMatch(null, value);
            }
            String system = value.substring(0, bar);
            String code = value.substring(bar + 1);
            return new TokenMatch(system, code.isEmpty() ? null : code);
        }
    }
}
