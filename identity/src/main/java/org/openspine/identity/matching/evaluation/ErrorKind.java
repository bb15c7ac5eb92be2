package org.openspine.identity.matching.evaluation;

/** The error a query was given before it was matched against the population. */
public enum ErrorKind {
    /** None: the record as it is, apart from formatting (case, accents, spacing, middle names left out). */
    NONE,
    /** One letter of the family name inserted, deleted, substituted (often by a neighbouring key) or swapped. */
    FAMILY_TYPO,
    /** The same slip in the first given name. */
    GIVEN_TYPO,
    /** Family name and first given name entered in each other's field. */
    NAMES_SWAPPED,
    /** Day and month of the birth date swapped (only for days up to 12 that differ from the month). */
    DAY_MONTH_SWAPPED,
    /** Two adjacent digits of the birth date, written yyyyMMdd, swapped (1978 for 1987; 21 for 12). */
    DATE_DIGITS_TRANSPOSED,
    /** One digit of the birth date wrong, or the date a day out. */
    DATE_TYPO,
    /** One character of the postcode wrong, or two adjacent ones swapped. */
    POSTCODE_TYPO,
    /** Another postcode of the area, as after a move. */
    MOVED,
    /** No given name. */
    GIVEN_MISSING,
    /** No gender. */
    GENDER_MISSING,
    /** No postcode. */
    POSTCODE_MISSING,
    /** Two of the errors above at once, neither two birth date errors nor two errors of one field. */
    TWO_ERRORS
}
