package org.openspine.identity.matching.evaluation;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * The in-memory stand-in for the indexed key table the demographics search uses: each {@code MatchKeys} key
 * with the people filed under it, looked up as {@code key = ANY(?)} would be. Not thread-safe.
 */
final class KeyIndex {

    private static final int[] NONE = new int[0];

    /** Key to people, in the order added; most keys hold one person, so arrays grow one at a time. */
    private final Map<String, int[]> people = new HashMap<>();

    void add(Set<String> keys, int person) {
        for (String key : keys) {
            int[] filed = people.getOrDefault(key, NONE);
            int[] grown = Arrays.copyOf(filed, filed.length + 1);
            grown[filed.length] = person;
            people.put(key, grown);
        }
    }

    /** @return the distinct people filed under any of {@code keys}, in ascending order */
    int[] lookUp(Set<String> keys) {
        int[] found = NONE;
        for (String key : keys) {
            int[] filed = people.getOrDefault(key, NONE);
            int[] merged = Arrays.copyOf(found, found.length + filed.length);
            System.arraycopy(filed, 0, merged, found.length, filed.length);
            found = merged;
        }
        return Arrays.stream(found).sorted().distinct().toArray();
    }

    /** @return how many distinct keys are filed */
    int keys() {
        return people.size();
    }

    /** @return the largest number of people filed under one key */
    int largestKey() {
        int largest = 0;
        for (int[] filed : people.values()) {
            largest = Math.max(largest, filed.length);
        }
        return largest;
    }
}
