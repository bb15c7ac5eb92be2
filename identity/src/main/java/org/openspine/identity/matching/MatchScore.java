package org.openspine.identity.matching;

import java.util.List;
import org.openspine.identity.matching.Evidence.Agreement;
import org.openspine.identity.matching.Evidence.Field;

/**
 * How well a candidate matches a query.
 *
 * @param score the probability, from 0 to 1, that the candidate is the person the query describes: the weight
 *     turned into a probability against prior odds of one in {@code 2^}{@value PatientMatcher#PRIOR_BITS}
 *     (about a million); 1 when the NHS Numbers settle it, 0 when they differ
 * @param weight the sum of the evidence weights in bits, NHS Number aside
 * @param strength what the score means for a caller
 * @param evidence one entry per field, in the order of {@link Field}
 */
public record MatchScore(double score, double weight, Strength strength, List<Evidence> evidence) {

    /** @throws IllegalArgumentException when {@code score} is outside [0, 1] */
    public MatchScore {
        if (!(score >= 0 && score <= 1)) {
            throw new IllegalArgumentException("matching: a score is between 0 and 1, was " + score);
        }
        evidence = List.copyOf(evidence);
    }

    /** @return whether the candidate may be taken as the person without a human check (certain or match) */
    public boolean isMatch() {
        return switch (strength) {
            case Strength.Certain certain -> true;
            case Strength.Match match -> true;
            case Strength.Possible possible -> false;
            case Strength.NoMatch noMatch -> false;
        };
    }

    /** @return how {@code field} agreed; {@link Agreement#MISSING} when it was not compared */
    public Agreement agreement(Field field) {
        for (Evidence entry : evidence) {
            if (entry.field() == field) {
                return entry.agreement();
            }
        }
        return Agreement.MISSING;
    }
}
