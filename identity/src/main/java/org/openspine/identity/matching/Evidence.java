package org.openspine.identity.matching;

/**
 * How one field of a query compared with the same field of a candidate, and what that comparison weighed.
 *
 * @param field the field compared
 * @param agreement how closely the two values agree
 * @param weight the log-likelihood ratio in bits, {@code log2(m/u)}: positive when agreement at this level is
 *     more likely for the same person than for two different people; 0 for {@link Agreement#MISSING} and for
 *     the NHS Number, which is decided by rule rather than weighed; negative or 0 for {@link Field#TWIN}
 */
public record Evidence(Field field, Agreement agreement, double weight) {

    /** The fields a matcher compares. */
    public enum Field {
        /** The NHS Number: equal is decisive, different rules a match out, invalid counts as missing. */
        NHS_NUMBER,
        /** The family name. */
        FAMILY,
        /** The given names: the first of each, or the first of one among the other's further given names. */
        GIVEN,
        /** The date of birth. */
        BIRTH_DATE,
        /** The administrative gender. */
        GENDER,
        /** The postcode. */
        POSTCODE,
        /** Whether the family and given names had to be swapped to agree ({@link Agreement#EXACT}: no swap). */
        NAME_ORDER,
        /**
         * Not a field but a correction: family name, birth date and postcode all agree ({@link Agreement#EXACT}),
         * which a twin living with their co-twin also does, so together they weigh less than their sum.
         */
        TWIN
    }

    /**
     * How closely two values agree, from the same value down to a contradiction. What each level means depends on
     * the field:
     * <ul>
     *   <li>names: EXACT after normalisation; CLOSE one slip or a sound-alike (Double Metaphone equal, spelling
     *       not far off) in names of four letters or more, or one name a word of the other ("Smith" in
     *       "Smith-Jones"); PARTIAL similar (Jaro-Winkler at least 0.88), a slip or sound-alike in a shorter name,
     *       an initial that agrees, or a further given name of one equal to the first of the other;</li>
     *   <li>birth date: EXACT; CLOSE day and month swapped or two adjacent digits swapped; PARTIAL one digit
     *       wrong or one day apart; WEAK two of day, month and year equal;</li>
     *   <li>postcode: EXACT; CLOSE one slip; PARTIAL same sector ("LS6 3"); WEAK same district ("LS6");</li>
     *   <li>gender and NHS Number: EXACT or DIFFERENT.</li>
     * </ul>
     */
    public enum Agreement {
        /** The same value, after normalisation. */
        EXACT,
        /** What one keying slip or a sound-alike spelling would turn one value into. */
        CLOSE,
        /** Partly the same; an error of more than one slip, or a near relation of the value. */
        PARTIAL,
        /** A small part the same (birth date and postcode only). */
        WEAK,
        /** Different values. */
        DIFFERENT,
        /** One side or both have no value: no evidence either way. */
        MISSING
    }
}
