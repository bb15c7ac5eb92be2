package org.openspine.fhir.search.query;

import java.util.List;
import java.util.Optional;
import org.openspine.fhir.store.StoredResource;

/**
 * One page of search results.
 *
 * @param matches  the resources that matched, in sort order
 * @param included resources brought in by {@code _include}/{@code _revinclude} (none repeated, none a match)
 * @param next     where the next page starts, when there are more matches
 * @param previous where the previous page ends, when this is not the first page
 */
public record SearchPage(List<Hit> matches, List<Hit> included, Optional<PageCursor> next,
        Optional<PageCursor> previous) {

    public SearchPage {
        matches = List.copyOf(matches);
        included = List.copyOf(included);
    }

    /** A resource found, with its surrogate key. */
    public record Hit(long rid, StoredResource resource) {
    }
}
