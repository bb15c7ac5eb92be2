package org.openspine.fhir.search.index;

import java.util.AbstractCollection;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * Collects entries, each once, in the order first added. Entries of different parameters are never
 * equal, so a new entry is compared only with those of the current parameter (see {@link #nextParam}),
 * by a short linear scan: hashing an entry would hash its SearchParam, lists and all, every time.
 * A parameter with many values falls back to a hash set. Not thread-safe: one per indexed resource.
 */
final class DistinctEntries extends AbstractCollection<IndexEntry> {

    private static final int SCAN_LIMIT = 16;

    private final List<IndexEntry> entries = new ArrayList<>(64);
    private int paramStart;
    private Set<IndexEntry> paramEntries;

    /** Starts the entries of another parameter: earlier entries cannot equal its ones. */
    void nextParam() {
        paramStart = entries.size();
        paramEntries = null;
    }

    @Override
    public boolean add(IndexEntry entry) {
        if (paramEntries != null) {
            return paramEntries.add(entry) && entries.add(entry);
        }
        int end = entries.size();
        for (int i = paramStart; i < end; i++) {
            if (entries.get(i).equals(entry)) {
                return false;
            }
        }
        entries.add(entry);
        if (end + 1 - paramStart > SCAN_LIMIT) {
            paramEntries = new HashSet<>(entries.subList(paramStart, entries.size()));
        }
        return true;
    }

    @Override
    public Iterator<IndexEntry> iterator() {
        return entries.iterator();
    }

    @Override
    public int size() {
        return entries.size();
    }

    /** @return the entries, unmodifiable */
    List<IndexEntry> toList() {
        return List.copyOf(entries);
    }
}
