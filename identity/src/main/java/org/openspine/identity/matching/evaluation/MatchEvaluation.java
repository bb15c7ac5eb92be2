package org.openspine.identity.matching.evaluation;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.openspine.identity.matching.Demographics;
import org.openspine.identity.matching.MatchKeys;
import org.openspine.identity.matching.PatientMatcher;
import org.openspine.identity.matching.Resolution;
import org.openspine.identity.matching.Strength;
import org.openspine.identity.matching.evaluation.EvaluationReport.Blocking;
import org.openspine.identity.matching.evaluation.EvaluationReport.KindFigures;
import org.openspine.identity.matching.evaluation.EvaluationReport.NhsNumberCheck;
import org.openspine.identity.matching.evaluation.EvaluationReport.OutsiderFigures;
import org.openspine.identity.matching.evaluation.SyntheticPopulation.Person;

/**
 * Measures the patient matcher end to end on a synthetic population: every record is filed under its
 * {@link MatchKeys}, and each query (a person's record without NHS Number, with an injected {@link ErrorKind})
 * fetches the records sharing a key and is resolved by {@link PatientMatcher#resolve}. Queries for people
 * outside the population, one for every ten others, measure false matches.
 *
 * <p>Steps that a benchmark can time apart: {@link #prepare} draws the population and queries and files the
 * keys; {@link #run} blocks and matches; {@link #scoreFetched} scores the fetched candidates once more, and only
 * that. Deterministic for a seed; not thread-safe. Memory grows with the population: a million patients take
 * a few gigabytes.
 */
public final class MatchEvaluation {

    /** Queries for people outside the population, per query for someone in it. */
    public static final double OUTSIDER_SHARE = 0.1;
    private static final int OUTSIDER = -1;
    /** At most this many members take part in the NHS Number check. */
    private static final int NHS_CHECKS = 1_000;

    private final int patients;
    private final long seed;
    private final List<Person> members;
    private final KeyIndex index = new KeyIndex();
    /** The queries for members, then those for outsiders. */
    private final List<QueryErrors.Query> queries = new ArrayList<>();
    /** The member each query is for, by position in {@link #queries}; {@link #OUTSIDER} for outsiders. */
    private final int[] truth;
    private final List<Demographics> nhsQueries = new ArrayList<>();
    private final PatientMatcher matcher = new PatientMatcher();
    private final int maxKeysPerRecord;
    private final long keysFiled;
    /** The candidates each query fetched in the last run, in the order of {@link #queries}. */
    private final List<int[]> fetched = new ArrayList<>();

    private MatchEvaluation(int patients, int queryCount, long seed) {
        this.patients = patients;
        this.seed = seed;
        int outsiderCount = Math.max(1, (int) Math.round(queryCount * OUTSIDER_SHARE));
        SyntheticPopulation population = new SyntheticPopulation(patients, outsiderCount, seed);
        this.members = population.members();
        int most = 0;
        long filed = 0;
        for (Person person : members) {
            Set<String> keys = MatchKeys.of(person.demographics());
            index.add(keys, person.index());
            most = Math.max(most, keys.size());
            filed += keys.size();
        }
        this.maxKeysPerRecord = most;
        this.keysFiled = filed;
        QueryErrors errors = new QueryErrors(population);
        Random random = new Random(seed * 31 + 7);
        List<Person> outsiders = population.outsiders();
        this.truth = new int[queryCount + outsiders.size()];
        for (int i = 0; i < queryCount; i++) {
            truth[i] = (int) ((long) i * patients / queryCount);
            queries.add(errors.query(members.get(truth[i]).demographics(), random));
        }
        for (Person outsider : outsiders) {
            truth[queries.size()] = OUTSIDER;
            queries.add(errors.query(outsider.demographics(), random));
        }
        for (int i = 0; i < Math.min(NHS_CHECKS, patients); i++) {
            nhsQueries.add(errors.query(members.get(nhsMember(i)).demographics(), random).demographics());
        }
    }

    /**
     * Draws the population and the queries and files the population's keys.
     *
     * @param patients the population's size, at least 10
     * @param queries how many queries for people in the population, at least 1; spread evenly over it, so with
     *     {@code queries == patients} every person is queried once
     * @throws IllegalArgumentException when a count is out of range
     */
    public static MatchEvaluation prepare(int patients, int queries, long seed) {
        if (patients < 10) {
            throw new IllegalArgumentException("matching evaluation: patients must be at least 10, was " + patients);
        }
        if (queries < 1) {
            throw new IllegalArgumentException("matching evaluation: queries must be at least 1, was " + queries);
        }
        return new MatchEvaluation(patients, queries, seed);
    }

    /** @return the figures of one pass over the queries: blocking, matching and the NHS Number check */
    public EvaluationReport run() {
        Map<ErrorKind, Tally> tallies = new EnumMap<>(ErrorKind.class);
        for (ErrorKind kind : ErrorKind.values()) {
            tallies.put(kind, new Tally());
        }
        Tally outsiders = new Tally();
        int[] candidateCounts = new int[queries.size()];
        long scores = 0;
        fetched.clear();
        for (int i = 0; i < queries.size(); i++) {
            Demographics query = queries.get(i).demographics();
            int[] candidates = index.lookUp(MatchKeys.of(query));
            fetched.add(candidates);
            candidateCounts[i] = candidates.length;
            scores += candidates.length;
            Tally tally = truth[i] == OUTSIDER ? outsiders : tallies.get(queries.get(i).kind());
            tally.count(resolve(query, candidates), truth[i], Arrays.binarySearch(candidates, truth[i]) >= 0);
        }
        List<KindFigures> kinds = new ArrayList<>();
        tallies.forEach((kind, tally) -> kinds.add(new KindFigures(kind, tally.queries, tally.blocked, tally.correct,
                tally.wrong, tally.ambiguous)));
        return new EvaluationReport(patients, seed, kinds,
                new OutsiderFigures(outsiders.queries, outsiders.wrong, outsiders.ambiguous),
                blocking(candidateCounts, scores), nhsNumberCheck());
    }

    /**
     * Scores every query of the last {@link #run} against each candidate it fetched, with
     * {@link PatientMatcher#score}, and does nothing else: what a measurement of the matcher alone times.
     *
     * @return how many scores were computed (also {@code run().blocking().scores()})
     * @throws IllegalStateException when {@link #run} has not been called
     */
    public long scoreFetched() {
        if (fetched.isEmpty()) {
            throw new IllegalStateException("matching evaluation: run() first, to fetch the candidates");
        }
        long scores = 0;
        double sum = 0;
        for (int i = 0; i < fetched.size(); i++) {
            Demographics query = queries.get(i).demographics();
            for (int candidate : fetched.get(i)) {
                sum += matcher.score(query, members.get(candidate).demographics()).score();
                scores++;
            }
        }
        // the sum is used, so that no compiler can drop the scoring as dead code
        return sum >= 0 ? scores : -1;
    }

    private Resolution<Integer> resolve(Demographics query, int[] candidates) {
        List<Integer> ids = Arrays.stream(candidates).boxed().toList();
        return matcher.resolve(query, ids, id -> members.get(id).demographics());
    }

    private Blocking blocking(int[] candidateCounts, long scores) {
        int[] sorted = candidateCounts.clone();
        Arrays.sort(sorted);
        double mean = (double) scores / sorted.length;
        int p99 = sorted[Math.min(sorted.length - 1, (int) Math.ceil(sorted.length * 0.99) - 1)];
        return new Blocking((double) keysFiled / members.size(), maxKeysPerRecord, index.keys(), index.largestKey(),
                mean, p99, sorted[sorted.length - 1], scores);
    }

    private NhsNumberCheck nhsNumberCheck() {
        int certain = 0;
        int rejected = 0;
        for (int i = 0; i < nhsQueries.size(); i++) {
            Demographics record = members.get(nhsMember(i)).demographics();
            Demographics query = nhsQueries.get(i);
            Demographics withOwn = new Demographics(record.nhsNumber(), query.family(), query.given(),
                    query.birthDate(), query.gender(), query.postcode());
            Demographics withOther = new Demographics(members.get((nhsMember(i) + 1) % patients).demographics()
                    .nhsNumber(), query.family(), query.given(), query.birthDate(), query.gender(), query.postcode());
            certain += matcher.score(withOwn, record).strength() instanceof Strength.Certain ? 1 : 0;
            rejected += matcher.score(withOther, record).strength() instanceof Strength.NoMatch ? 1 : 0;
        }
        return new NhsNumberCheck(nhsQueries.size(), certain, nhsQueries.size(), rejected);
    }

    private int nhsMember(int i) {
        return (int) ((long) i * patients / Math.min(NHS_CHECKS, patients));
    }

    /** How the queries of one kind came out. */
    private static final class Tally {

        private int queries;
        private int blocked;
        private int correct;
        private int wrong;
        private int ambiguous;

        /**
         * @param person the member the query was for, or {@link #OUTSIDER}, for whom any match is wrong
         * @param fetched whether the person was among the candidates
         */
        void count(Resolution<Integer> resolution, int person, boolean fetched) {
            queries++;
            blocked += fetched ? 1 : 0;
            switch (resolution) {
                case Resolution.Unique<Integer> unique -> {
                    if (unique.match().candidate() == person) {
                        correct++;
                    } else {
                        wrong++;
                    }
                }
                case Resolution.Ambiguous<Integer> contenders -> ambiguous++;
                case Resolution.Unmatched<Integer> unmatched -> {
                    // no one returned: right for an outsider, a miss for a member
                }
            }
        }
    }
}
