package org.openspine.fhir.search.query;

import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import org.openspine.fhir.search.SearchParam;
import org.openspine.fhir.store.Visibility;
import org.openspine.platform.error.Issue;

/**
 * A parsed search: what to match, in what order, how much, and what to bring along.
 *
 * @param types       the resource types searched (one for a type search; several or all for a
 *                    system search with or without {@code _type})
 * @param clauses     AND-ed conditions
 * @param sort        sort keys, most significant first; the rid (creation order) always breaks ties
 * @param count       page size ({@code _count}); 0 asks for the total only
 * @param total       {@code _total}
 * @param includes    {@code _include} and {@code _include:iterate}
 * @param revincludes {@code _revinclude} and {@code _revinclude:iterate}
 * @param ignored     parameters that were not understood and were ignored (lenient handling)
 * @param visibility  which resources the caller may see: every statement of the search is limited to them
 */
public record SearchQuery(List<String> types, List<Clause> clauses, List<SortKey> sort, int count, Total total,
        List<Include> includes, List<Include> revincludes, List<Issue> ignored, Visibility visibility) {

    /** A search that sees everything (until {@link #visibleTo} narrows it). */
    public SearchQuery(List<String> types, List<Clause> clauses, List<SortKey> sort, int count, Total total,
            List<Include> includes, List<Include> revincludes, List<Issue> ignored) {
        this(types, clauses, sort, count, total, includes, revincludes, ignored, Visibility.EVERYTHING);
    }

    /** @return this search limited to what {@code visibility} shows, over {@code types} */
    public SearchQuery visibleTo(Visibility visibility, List<String> types) {
        return new SearchQuery(types, clauses, sort, count, total, includes, revincludes, ignored, visibility);
    }

    /** @return the types the search's conditions read besides its own: chain targets, {@code _has} sources, List */
    public Set<String> reachedTypes() {
        Set<String> reached = new TreeSet<>();
        clauses.forEach(clause -> reach(clause, reached));
        return reached;
    }

    private static void reach(Clause clause, Set<String> reached) {
        switch (clause) {
            case Clause.Chain chain -> chain.targets().forEach((type, inner) -> {
                reached.add(type);
                reach(inner, reached);
            });
            case Clause.Has has -> {
                reached.add(has.sourceType());
                reach(has.condition(), reached);
            }
            case Clause.InList list -> reached.add("List");
            default -> {
            }
        }
    }

    public SearchQuery {
        Objects.requireNonNull(visibility, "visibility");
        types = List.copyOf(types);
        clauses = List.copyOf(clauses);
        sort = List.copyOf(sort);
        Objects.requireNonNull(total, "total");
        includes = List.copyOf(includes);
        revincludes = List.copyOf(revincludes);
        ignored = List.copyOf(ignored);
    }

    /** {@code _total}: none, estimate or accurate; AUTO gives it when it is free (one short page). */
    public enum Total {
        AUTO, NONE, ESTIMATE, ACCURATE
    }

    /**
     * One {@code _sort} key.
     *
     * @param param      the parameter sorted on; null for {@code _id} or {@code _lastUpdated}
     * @param special    {@code _id} or {@code _lastUpdated} when {@code param} is null
     * @param descending {@code -} prefix
     */
    public record SortKey(SearchParam param, String special, boolean descending) {
    }

    /**
     * One {@code _include} or {@code _revinclude}.
     *
     * @param sourceType  the type holding the references
     * @param references  the reference parameters followed (every reference parameter for {@code *})
     * @param targetType  only targets of this type, or null for any
     * @param iterate     also applied to what was included
     */
    public record Include(String sourceType, List<SearchParam> references, String targetType, boolean iterate) {
        public Include {
            Objects.requireNonNull(sourceType, "sourceType");
            references = List.copyOf(references);
        }
    }
}
