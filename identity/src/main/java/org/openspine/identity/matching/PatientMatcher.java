package org.openspine.identity.matching;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.openspine.identity.matching.Evidence.Agreement;
import org.openspine.identity.matching.Evidence.Field;

/**
 * Scores how likely a candidate record is the person a query describes, for the demographics fuzzy search,
 * letter filing and record transfer.
 *
 * <p>The NHS Number decides when both sides have a valid one: equal is {@link Strength.Certain} (unless the
 * first given name or the birth date disagrees outright, which makes it {@link Strength.Possible}, the
 * classic mother-and-baby mix-up), different is {@link Strength.NoMatch} whatever the demographics say.
 * Otherwise family name, given names, birth date, gender and postcode are compared with tolerance for keying
 * slips, sound-alike spellings, swapped name fields and transposed dates, and each comparison adds its
 * Fellegi–Sunter weight ({@link Evidence#weight()}); a missing field adds nothing. Because twins share family
 * name, birth date and postcode, those three together weigh no more than a co-twin leaves them. The sum is turned
 * into a probability against prior odds of one in 2<sup>{@value #PRIOR_BITS}</sup>, about one person in a
 * population of a million, and the probability into a {@link Strength} by {@link #MATCH_SCORE} and
 * {@link #POSSIBLE_SCORE}; a family name, given name, birth date or gender that disagrees outright keeps a
 * candidate at possible however high its score, since that is how relatives look.
 *
 * <p>Stateless and thread-safe; a score costs a few microseconds and never blocks.
 */
public final class PatientMatcher {

    /** The prior odds against a candidate being the person, in bits: log2 of a population of about a million. */
    public static final double PRIOR_BITS = 20;
    /**
     * The score from which a candidate is a {@link Strength.Match}: the evidence must outweigh the prior by
     * {@code log2(0.95/0.05)}, about 4.2 bits (24.2 in all). Names and birth date reach it (28.7 bits), and so do
     * names, a transposed birth date and a postcode (32.2), a mistyped family name, given name and birth date
     * (25.8), or family name, birth date and postcode without a given name (25.7, what a twin leaves of them);
     * family name, birth date and gender alone do not (23.2), nor do names, gender and a transposed birth date
     * (23.2).
     */
    public static final double MATCH_SCORE = 0.95;
    /** The score from which a candidate is a {@link Strength.Possible}, worth showing to a person. */
    public static final double POSSIBLE_SCORE = 0.01;
    /**
     * How far ahead of the next match, in bits, the best must be for {@link #resolve} to call it unique: four bits
     * is sixteen to one, what one agreeing given name or gender is worth.
     */
    public static final double MARGIN_BITS = 4;

    private static final Comparator<Scored<?>> BEST_FIRST = Comparator
            .comparingInt((Scored<?> scored) -> rank(scored.score().strength()))
            .thenComparing(scored -> -scored.score().score())
            .thenComparing(scored -> -scored.score().weight());

    /** A matcher with the documented weights and thresholds. */
    public PatientMatcher() {
    }

    /**
     * Scores one candidate. Both sides are normalised on every call; to score many candidates against one
     * query, {@link #rank} normalises the query once.
     *
     * @return how well {@code candidate} matches {@code query}
     */
    public MatchScore score(Demographics query, Demographics candidate) {
        return score(NormalDemographics.of(query), NormalDemographics.of(candidate));
    }

    /**
     * @param demographics what to compare of each candidate
     * @return every candidate with its score, best first: certain, then match, possible and no match, each by
     *     descending score
     */
    public <T> List<Scored<T>> rank(Demographics query, Collection<? extends T> candidates,
                                    Function<? super T, Demographics> demographics) {
        NormalDemographics normalQuery = NormalDemographics.of(query);
        List<Scored<T>> scored = new ArrayList<>(candidates.size());
        for (T candidate : candidates) {
            Demographics candidateDemographics = demographics.apply(candidate);
            scored.add(new Scored<>(candidate, score(normalQuery, NormalDemographics.of(candidateDemographics))));
        }
        scored.sort(BEST_FIRST);
        return scored;
    }

    /**
     * Decides which one candidate, if any, the query identifies: the certain one, or the best match when no
     * other match comes within {@link #MARGIN_BITS} of it.
     *
     * @param demographics what to compare of each candidate
     * @return unique, ambiguous (several certain, or matches too close to call), or unmatched with the possible
     *     candidates
     */
    public <T> Resolution<T> resolve(Demographics query, Collection<? extends T> candidates,
                                     Function<? super T, Demographics> demographics) {
        List<Scored<T>> ranked = rank(query, candidates, demographics);
        List<Scored<T>> matches = ranked.stream().filter(scored -> scored.score().isMatch()).toList();
        if (matches.isEmpty()) {
            return new Resolution.Unmatched<>(ranked.stream()
                    .filter(scored -> scored.score().strength() instanceof Strength.Possible).toList());
        }
        Scored<T> best = matches.getFirst();
        List<Scored<T>> contenders = matches.stream().filter(scored -> best.score().strength()
                instanceof Strength.Certain ? scored.score().strength() instanceof Strength.Certain
                : scored.score().weight() > best.score().weight() - MARGIN_BITS).toList();
        return contenders.size() == 1 ? new Resolution.Unique<>(best) : new Resolution.Ambiguous<>(contenders);
    }

    MatchScore score(NormalDemographics query, NormalDemographics candidate) {
        Agreement nhsNumber = equality(query.nhsNumber(), candidate.nhsNumber());
        Names names = names(query, candidate);
        Evidence family = evidence(Field.FAMILY, names.family());
        Evidence given = evidence(Field.GIVEN, names.given());
        Evidence birthDate = evidence(Field.BIRTH_DATE, BirthDateComparison.compare(
                query.birthDate().orElse(null), candidate.birthDate().orElse(null)));
        Evidence gender = evidence(Field.GENDER, equality(query.gender(), candidate.gender()));
        Evidence postcode = evidence(Field.POSTCODE, query.postcode().isEmpty() || candidate.postcode().isEmpty()
                ? Agreement.MISSING : query.postcode().get().compare(candidate.postcode().get()));
        double twin = FieldWeights.twinCorrection(family.weight(), birthDate.weight(), postcode.weight());
        List<Evidence> evidence = List.of(new Evidence(Field.NHS_NUMBER, nhsNumber, 0), family, given, birthDate,
                gender, postcode,
                new Evidence(Field.NAME_ORDER, names.swapped() ? Agreement.DIFFERENT : Agreement.EXACT,
                        names.swapped() ? FieldWeights.SWAPPED_NAMES : 0),
                new Evidence(Field.TWIN, twin < 0 ? Agreement.EXACT : Agreement.MISSING, twin));
        double weight = 0;
        for (Evidence entry : evidence) {
            weight += entry.weight();
        }
        double probability = probability(weight);
        return switch (nhsNumber) {
            case DIFFERENT -> new MatchScore(0, weight, new Strength.NoMatch(Strength.Reason.NHS_NUMBER_DIFFERS),
                    evidence);
            case EXACT -> contradicts(given) || contradicts(birthDate)
                    ? new MatchScore(probability, weight,
                            new Strength.Possible(Strength.Reason.NHS_NUMBER_CONTRADICTED), evidence)
                    : new MatchScore(1, weight, new Strength.Certain(), evidence);
            default -> new MatchScore(probability, weight, strength(probability, contradicts(family)
                    || contradicts(given) || contradicts(birthDate) || contradicts(gender)), evidence);
        };
    }

    private static Strength strength(double probability, boolean contradicted) {
        if (probability >= MATCH_SCORE) {
            return contradicted ? new Strength.Possible(Strength.Reason.FIELD_CONTRADICTED) : new Strength.Match();
        }
        return probability >= POSSIBLE_SCORE ? new Strength.Possible(Strength.Reason.LOW_SCORE)
                : new Strength.NoMatch(Strength.Reason.LOW_SCORE);
    }

    /**
     * Compares the names as entered and with family and first given name swapped, and keeps the swap only when
     * both swapped names agree, one at least closely, and the swap, penalty included, outweighs the straight
     * comparison.
     */
    private static Names names(NormalDemographics query, NormalDemographics candidate) {
        Agreement family = NameComparison.family(query.family(), candidate.family());
        Agreement given = NameComparison.given(query.given(), candidate.given());
        Names straight = new Names(family, given, false);
        Optional<NormalName> queryGiven = query.firstGiven();
        Optional<NormalName> candidateGiven = candidate.firstGiven();
        if (query.family().isEmpty() || queryGiven.isEmpty() || candidate.family().isEmpty()
                || candidateGiven.isEmpty()) {
            return straight;
        }
        Names swapped = new Names(NameComparison.compare(query.family().get(), candidateGiven.get()),
                NameComparison.compare(queryGiven.get(), candidate.family().get()), true);
        return swapped.agreeClosely() && swapped.weight() > straight.weight() ? swapped : straight;
    }

    private static Evidence evidence(Field field, Agreement agreement) {
        return new Evidence(field, agreement, FieldWeights.of(field, agreement));
    }

    private static boolean contradicts(Evidence evidence) {
        return evidence.agreement() == Agreement.DIFFERENT;
    }

    /** @return EXACT or DIFFERENT for two values compared whole, MISSING when either is absent */
    private static Agreement equality(Optional<?> a, Optional<?> b) {
        if (a.isEmpty() || b.isEmpty()) {
            return Agreement.MISSING;
        }
        return a.equals(b) ? Agreement.EXACT : Agreement.DIFFERENT;
    }

    private static double probability(double weight) {
        return 1 / (1 + Math.pow(2, PRIOR_BITS - weight));
    }

    private static int rank(Strength strength) {
        return switch (strength) {
            case Strength.Certain certain -> 0;
            case Strength.Match match -> 1;
            case Strength.Possible possible -> 2;
            case Strength.NoMatch noMatch -> 3;
        };
    }

    /** How the names compared, and whether only after swapping family and given. */
    private record Names(Agreement family, Agreement given, boolean swapped) {

        double weight() {
            return FieldWeights.of(Field.FAMILY, family) + FieldWeights.of(Field.GIVEN, given)
                    + (swapped ? FieldWeights.SWAPPED_NAMES : 0);
        }

        /** @return whether both names agree, one of them closely: a swap needs more than one similar name */
        boolean agreeClosely() {
            return family != Agreement.DIFFERENT && given != Agreement.DIFFERENT
                    && (close(family) || close(given));
        }

        private static boolean close(Agreement agreement) {
            return agreement == Agreement.EXACT || agreement == Agreement.CLOSE;
        }
    }
}
