package org.openspine.identity.matching;

import java.util.List;

/**
 * Which one candidate, if any, a query identifies: what letter filing and record transfer act on. Match
 * exhaustively with {@code switch}.
 *
 * @param <T> the caller's type of candidate
 */
public sealed interface Resolution<T> {

    /**
     * Exactly one candidate matches: certain, or a match that no other match comes within
     * {@link PatientMatcher#MARGIN_BITS} of.
     *
     * @param match the candidate
     */
    record Unique<T>(Scored<T> match) implements Resolution<T> {
    }

    /**
     * More than one candidate matches and the evidence does not single one out (twins with no given name in the
     * query; two records with one NHS Number): a person must choose.
     *
     * @param contenders the matching candidates, best first
     */
    record Ambiguous<T>(List<Scored<T>> contenders) implements Resolution<T> {

        /** The list is copied. */
        public Ambiguous {
            contenders = List.copyOf(contenders);
        }
    }

    /**
     * No candidate matches.
     *
     * @param possible the candidates that are possible matches, best first, for a person to review; may be empty
     */
    record Unmatched<T>(List<Scored<T>> possible) implements Resolution<T> {

        /** The list is copied. */
        public Unmatched {
            possible = List.copyOf(possible);
        }
    }
}
