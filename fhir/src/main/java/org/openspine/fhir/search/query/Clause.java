package org.openspine.fhir.search.query;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.openspine.fhir.search.SearchParam;

/**
 * One AND-ed condition of a search, on the resources of one type. A parameter repeated in the URL
 * gives several clauses; its comma-separated values are the alternatives of one clause.
 */
public sealed interface Clause {

    /**
     * A parameter compared with values: any of {@code anyOf} matches.
     *
     * @param modifier null, or one of exact, contains, text, not, above, below, in, not-in, of-type,
     *                 identifier, or a resource type (a reference's type modifier)
     */
    record Match(SearchParam param, String modifier, List<SearchValue> anyOf) implements Clause {
        public Match {
            Objects.requireNonNull(param, "param");
            anyOf = List.copyOf(anyOf);
            if (anyOf.isEmpty()) {
                throw new IllegalArgumentException("a match needs a value");
            }
        }
    }

    /** {@code param:missing=true|false}: the resource has no (or some) value for the parameter. */
    record Missing(SearchParam param, boolean missing) implements Clause {
        public Missing {
            Objects.requireNonNull(param, "param");
        }
    }

    /** {@code _id}: any of the logical ids. */
    record Ids(List<String> ids) implements Clause {
        public Ids {
            ids = List.copyOf(ids);
        }
    }

    /** {@code _lastUpdated}: any of the date values against the version's time. */
    record LastUpdated(List<SearchValue.DateValue> anyOf) implements Clause {
        public LastUpdated {
            anyOf = List.copyOf(anyOf);
        }
    }

    /** {@code _list}: the resource is an item of any of these Lists. */
    record InList(List<String> listIds) implements Clause {
        public InList {
            listIds = List.copyOf(listIds);
        }
    }

    /**
     * A chained parameter ({@code subject:Patient.name=x}): the reference points to a resource of one
     * of the target types that meets that type's clause.
     *
     * @param targets target type -> the condition there (the chained parameter, resolved per type)
     */
    record Chain(SearchParam reference, Map<String, Clause> targets) implements Clause {
        public Chain {
            Objects.requireNonNull(reference, "reference");
            targets = Map.copyOf(targets);
        }
    }

    /**
     * Reverse chaining ({@code _has:Observation:patient:code=x}): some resource of {@code sourceType}
     * meeting {@code condition} refers to this one through {@code reference}.
     */
    record Has(String sourceType, SearchParam reference, Clause condition) implements Clause {
        public Has {
            Objects.requireNonNull(sourceType, "sourceType");
            Objects.requireNonNull(reference, "reference");
            Objects.requireNonNull(condition, "condition");
        }
    }

    /** Compartment search ({@code Patient/123/Observation}): any of these references points to the owner. */
    record InCompartment(String ownerType, String ownerId, List<SearchParam> references) implements Clause {
        public InCompartment {
            Objects.requireNonNull(ownerType, "ownerType");
            Objects.requireNonNull(ownerId, "ownerId");
            references = List.copyOf(references);
        }
    }

    /** Token {@code :in}/{@code :not-in}: the codes of a ValueSet, expanded by the parser. */
    record InValueSet(SearchParam param, List<SearchValue.TokenValue> codes, boolean negated) implements Clause {
        public InValueSet {
            Objects.requireNonNull(param, "param");
            codes = List.copyOf(codes);
        }
    }

    /**
     * A composite parameter: any of the alternatives, each the typed values of the components in
     * order (the parser parses each {@code $}-separated part by its component's type).
     */
    record CompositeMatch(SearchParam param, List<List<SearchValue>> anyOf) implements Clause {
        public CompositeMatch {
            Objects.requireNonNull(param, "param");
            anyOf = anyOf.stream().map(List::copyOf).toList();
        }
    }
}
