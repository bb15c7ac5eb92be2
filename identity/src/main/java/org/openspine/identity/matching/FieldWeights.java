package org.openspine.identity.matching;

import java.util.EnumMap;
import java.util.Map;
import org.openspine.identity.matching.Evidence.Agreement;
import org.openspine.identity.matching.Evidence.Field;

/**
 * The Fellegi–Sunter weights: for each field and level of agreement, {@code log2(m/u)}, where m is the chance of
 * that agreement when query and candidate are the same person and u the chance when they are two people drawn
 * at random from an English population. Agreement that is likely for the same person and rare by chance weighs
 * a lot; a disagreement weighs against. A missing field weighs nothing.
 *
 * <p>The m values are estimates of how often records of one person differ (keying slips in a few per cent of
 * names and dates, one person in eight having moved since the record was written); the u values come from how
 * names, birth dates and postcodes are spread (about 30,000 birth dates in a living population; one family name
 * in 200 on average; a postcode shared by about 40 people, far fewer than it seems because relatives share
 * one). They were set by reasoning, not fitted to the synthetic evaluation, so that it can measure them.
 */
final class FieldWeights {

    /** The weight of finding the names only in swapped fields, on top of the names' own: a swap in ten. */
    static final double SWAPPED_NAMES = log2(0.1);
    /**
     * The most that family name, birth date and postcode agreeing together may weigh: log2(m/u) with m = 0.8 (all
     * three agree for the same person) and u the chance that a record is the person's co-twin living with them,
     * about one person in 66 (one in 33 is a twin, half of them at home with their co-twin) divided by the
     * population of 2^{@link PatientMatcher#PRIOR_BITS}. The independent weights would sum to about 34 bits, as if
     * such a look-alike were one in 2^34; with this cap the three alone leave a one-in-66 doubt that the given
     * name or the gender has to settle.
     */
    static final double TWIN_CAP = PatientMatcher.PRIOR_BITS + log2(0.8 * 66);
    private static final Map<Field, Map<Agreement, Double>> WEIGHTS = new EnumMap<>(Field.class);

    static {
        // field, level, m, u
        weigh(Field.FAMILY, Agreement.EXACT, 0.90, 0.005);
        weigh(Field.FAMILY, Agreement.CLOSE, 0.07, 0.003);
        weigh(Field.FAMILY, Agreement.PARTIAL, 0.015, 0.01);
        weigh(Field.FAMILY, Agreement.DIFFERENT, 0.015, 0.98);
        weigh(Field.GIVEN, Agreement.EXACT, 0.88, 0.01);
        weigh(Field.GIVEN, Agreement.CLOSE, 0.07, 0.005);
        weigh(Field.GIVEN, Agreement.PARTIAL, 0.03, 0.01);
        weigh(Field.GIVEN, Agreement.DIFFERENT, 0.02, 0.975);
        weigh(Field.BIRTH_DATE, Agreement.EXACT, 0.92, 1.0 / 30_000);
        weigh(Field.BIRTH_DATE, Agreement.CLOSE, 0.03, 1.0e-4);
        weigh(Field.BIRTH_DATE, Agreement.PARTIAL, 0.03, 5.0e-4);
        weigh(Field.BIRTH_DATE, Agreement.WEAK, 0.01, 0.004);
        weigh(Field.BIRTH_DATE, Agreement.DIFFERENT, 0.01, 0.995);
        weigh(Field.GENDER, Agreement.EXACT, 0.98, 0.5);
        weigh(Field.GENDER, Agreement.DIFFERENT, 0.02, 0.5);
        weigh(Field.POSTCODE, Agreement.EXACT, 0.80, 2.0e-4);
        weigh(Field.POSTCODE, Agreement.CLOSE, 0.03, 5.0e-4);
        weigh(Field.POSTCODE, Agreement.PARTIAL, 0.03, 0.003);
        weigh(Field.POSTCODE, Agreement.WEAK, 0.02, 0.01);
        weigh(Field.POSTCODE, Agreement.DIFFERENT, 0.12, 0.99);
    }

    private FieldWeights() {
    }

    /** @return the weight in bits of {@code agreement} on {@code field}; 0 for MISSING and unweighed fields */
    static double of(Field field, Agreement agreement) {
        Map<Agreement, Double> levels = WEIGHTS.get(field);
        if (levels == null || agreement == Agreement.MISSING) {
            return 0;
        }
        Double weight = levels.get(agreement);
        if (weight == null) {
            throw new IllegalArgumentException("matching: " + field + " has no level " + agreement);
        }
        return weight;
    }

    /**
     * @return the correction, 0 or negative, that brings the weights of family name, birth date and postcode
     *     down to {@link #TWIN_CAP} when all three agree
     */
    static double twinCorrection(double family, double birthDate, double postcode) {
        if (family <= 0 || birthDate <= 0 || postcode <= 0) {
            return 0;
        }
        return Math.min(0, TWIN_CAP - (family + birthDate + postcode));
    }

    private static void weigh(Field field, Agreement agreement, double m, double u) {
        WEIGHTS.computeIfAbsent(field, f -> new EnumMap<>(Agreement.class)).put(agreement, log2(m / u));
    }

    private static double log2(double x) {
        return Math.log(x) / Math.log(2);
    }
}
