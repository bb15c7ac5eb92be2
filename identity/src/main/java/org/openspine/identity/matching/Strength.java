package org.openspine.identity.matching;

/**
 * What a score means for a caller: file the letter (certain or match), show a person the candidate (possible),
 * or discard it (no match). Match exhaustively with {@code switch}.
 *
 * <p>The thresholds are {@link PatientMatcher#MATCH_SCORE} and {@link PatientMatcher#POSSIBLE_SCORE}.
 */
public sealed interface Strength {

    /** The NHS Numbers are equal and valid, and the demographics do not contradict them. */
    record Certain() implements Strength {
    }

    /**
     * Without a shared NHS Number, the score is at least {@link PatientMatcher#MATCH_SCORE} and none of family
     * name, given name, birth date or gender disagrees outright.
     */
    record Match() implements Strength {
    }

    /**
     * Worth a person's look, but not to be acted on unchecked.
     *
     * @param reason why the candidate is no more than possible
     */
    record Possible(Reason reason) implements Strength {
    }

    /**
     * Not the same person, as far as the evidence goes.
     *
     * @param reason why
     */
    record NoMatch(Reason reason) implements Strength {
    }

    /** Why a candidate is possible or no match. */
    enum Reason {
        /** The score is below the next threshold up. */
        LOW_SCORE,
        /**
         * The score reaches {@link PatientMatcher#MATCH_SCORE}, but family name, given name, birth date or gender
         * disagrees outright: the signature of a relative (a twin; a parent and child of the same name).
         */
        FIELD_CONTRADICTED,
        /** The NHS Numbers are equal, but the first given name or the birth date disagrees outright. */
        NHS_NUMBER_CONTRADICTED,
        /** Both have valid NHS Numbers, and they differ: the NHS Number is authoritative. */
        NHS_NUMBER_DIFFERS
    }
}
