package org.openspine.fhir.search.query;

import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * The name of a search parameter as written left of {@code =}: a parameter with an optional modifier
 * ({@code name:exact}, {@code subject:Patient}), a chain through references ({@code subject:Patient.name},
 * {@code general-practitioner:Organization.partof.name}), or a reverse chain
 * ({@code _has:Observation:patient:code}, which may nest). Whether the codes are parameters of the types
 * involved, and whether a modifier suits the parameter's type, is the caller's to check: this reads the
 * syntax only, so it needs no registry.
 *
 * <p>A name has at most five hops (chain links plus {@code _has} levels): each
 * is a join in the query, and a long chain in a URL would be a cheap way to make the database work hard.
 */
public sealed interface ParamName permits ParamName.Simple, ParamName.Chained, ParamName.Has {

    /**
     * @param name          the URL-decoded name, e.g. {@code subject:Patient.name:exact}
     * @param resourceTypes the resource types a {@code :Type} modifier or {@code _has} may name
     * @return the name read
     * @throws org.openspine.platform.error.OpenSpineException.Invalid for an empty part, a code that is not a
     *         parameter code, an unknown modifier (notably {@code :iterate}, which belongs to
     *         {@code _include}, not to a parameter), an unknown type, or too many hops
     */
    static ParamName parse(String name, Set<String> resourceTypes) {
        return ParamNameParser.parse(name, resourceTypes);
    }

    /**
     * One parameter with its modifier.
     *
     * @param code     the parameter's code, e.g. {@code name}
     * @param modifier the modifier, {@link Modifier#NONE} when none is written
     * @param type     the resource type of a {@code :Type} modifier ({@code subject:Patient}), else null
     */
    record Simple(String code, Modifier modifier, String type) implements ParamName {
        public Simple {
            Objects.requireNonNull(code, "code");
            Objects.requireNonNull(modifier, "modifier");
            if ((type != null) != (modifier == Modifier.TYPE)) {
                throw new IllegalArgumentException("a type goes with the TYPE modifier, and only with it");
            }
        }
    }

    /**
     * A chain: each link a reference parameter followed to its target, then the parameter searched there.
     *
     * @param links  the reference parameters followed, in order, at least one
     * @param target the parameter of the last link's target, with its modifier
     */
    record Chained(List<Link> links, Simple target) implements ParamName {
        public Chained {
            links = List.copyOf(links);
            Objects.requireNonNull(target, "target");
            if (links.isEmpty()) {
                throw new IllegalArgumentException("a chain needs at least one link");
            }
        }
    }

    /**
     * A reverse chain {@code _has:type:reference:target}: resources of {@code type} whose {@code reference}
     * points at the resource searched, and which match {@code target}.
     *
     * @param type      the resource type that refers, e.g. {@code Observation}
     * @param reference the reference parameter of {@code type}, e.g. {@code patient}
     * @param target    the parameter those resources must match; may itself be a chain or a {@code _has}
     */
    record Has(String type, String reference, ParamName target) implements ParamName {
        public Has {
            Objects.requireNonNull(type, "type");
            Objects.requireNonNull(reference, "reference");
            Objects.requireNonNull(target, "target");
        }
    }

    /**
     * One link of a chain.
     *
     * @param code the reference parameter, e.g. {@code subject}
     * @param type the target type written as {@code subject:Patient}, else null (any of the parameter's targets)
     */
    record Link(String code, String type) {
        public Link {
            Objects.requireNonNull(code, "code");
        }
    }

    /** The modifiers a parameter may carry in R4; {@link #TYPE} stands for {@code :ResourceType}. */
    enum Modifier {
        NONE, MISSING, EXACT, CONTAINS, TEXT, NOT, ABOVE, BELOW, IN, NOT_IN, OF_TYPE, IDENTIFIER, TYPE;

        /** @return the modifier as written after ':', e.g. {@code not-in}; "" for NONE, "[type]" for TYPE */
        public String code() {
            return switch (this) {
                case NONE -> "";
                case TYPE -> "[type]";
                default -> name().toLowerCase(Locale.ROOT).replace('_', '-');
            };
        }
    }
}
