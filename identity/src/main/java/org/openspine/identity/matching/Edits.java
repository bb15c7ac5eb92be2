package org.openspine.identity.matching;

/**
 * The single keying slips a clerk makes, recognised between two strings: one character substituted, inserted
 * or deleted, or two adjacent characters swapped (the edits Damerau counted, which cover about four in five
 * misspellings). Each check is a linear scan rather than a distance table, because matching only ever asks
 * "one slip or not".
 */
final class Edits {

    private Edits() {
    }

    /** @return whether {@code a} and {@code b} differ by at most one substitution, insertion, deletion or swap */
    static boolean withinOne(String a, String b) {
        int lengths = a.length() - b.length();
        if (lengths == 0) {
            return a.equals(b) || oneSubstitution(a, b) || adjacentSwap(a, b);
        }
        if (lengths == 1) {
            return oneDeletion(a, b);
        }
        return lengths == -1 && oneDeletion(b, a);
    }

    /** @return whether equally long {@code a} and {@code b} differ in exactly one position */
    static boolean oneSubstitution(String a, String b) {
        if (a.length() != b.length()) {
            return false;
        }
        int differences = 0;
        for (int i = 0; i < a.length() && differences < 2; i++) {
            if (a.charAt(i) != b.charAt(i)) {
                differences++;
            }
        }
        return differences == 1;
    }

    /** @return whether {@code b} is {@code a} with two adjacent, different characters swapped */
    static boolean adjacentSwap(String a, String b) {
        if (a.length() != b.length()) {
            return false;
        }
        int first = 0;
        while (first < a.length() && a.charAt(first) == b.charAt(first)) {
            first++;
        }
        if (first >= a.length() - 1) {
            return false; // equal, or only the last character differs
        }
        return a.charAt(first) == b.charAt(first + 1) && a.charAt(first + 1) == b.charAt(first)
                && a.regionMatches(first + 2, b, first + 2, a.length() - first - 2);
    }

    /** @return whether {@code shorter} is {@code longer} with one character removed */
    private static boolean oneDeletion(String longer, String shorter) {
        int i = 0;
        while (i < shorter.length() && longer.charAt(i) == shorter.charAt(i)) {
            i++;
        }
        return longer.regionMatches(i + 1, shorter, i, shorter.length() - i);
    }
}
