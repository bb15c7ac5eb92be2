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
 * that. Deterministic for a seed; not thread-safe.
 * Memory grows with the population, about a kilobyte a person.
 */
public final class MatchEvaluation {

    /** Queries for people outside the population, per query for someone in it. */
    public static final double OUTSIDER_SHARE = 0.1;
    /** At most this many members take part in the NHS Number check. */
    private static final int NHS_CHECKS = 1_000;

    private final int patients;
    private final long seed;
    private final List<Person> members;
    private final KeyIndex index = new KeyIndex();
    private final List<QueryErrors.Query> queries = new ArrayList<>();
    private final int[] truth;
    private final List<QueryErrors.Query> outsiderQueries = new ArrayList<>();
    private final List<Demographics> nhsQueries = new ArrayList<>();
    private final PatientMatcher matcher = new PatientMatcher();
    private final int maxKeysPerRecord;
    private final long keysFiled;
    /** The candidates each query fetched in the last run, queries for members first, then outsiders. */
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
        this.truth = new int[queryCount];
        for (int i = 0; i < queryCount; i++) {
            truth[i] = (int) ((long) i * patients / queryCount);
            queries.add(errors.query(members.get(truth[i]).demographics(), random));
        }
        for (Person outsider : population.outsiders()) {
            outsiderQueries.add(errors.query(outsider.demographics(), random));
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
        Map<ErrorKind, int[]> tallies = new EnumMap<>(ErrorKind.class);
        for (ErrorKind kind : ErrorKind.values()) {
            tallies.put(kind, new int[5]);
        }
        int[] candidateCounts = new int[queries.size() + outsiderQueries.size()];
        long scores = 0;
        fetched.clear();
        for (int i = 0; i < queries.size(); i++) {
            QueryErrors.Query query = queries.get(i);
            int[] candidates = index.lookUp(MatchKeys.of(query.demographics()));
            fetched.add(candidates);
            candidateCounts[i] = candidates.length;
            scores += candidates.length;
            int[] tally = tallies.get(query.kind());
            tally[0]++;
            tally[1] += Arrays.binarySearch(candidates, truth[i]) >= 0 ? 1 : 0;
            switch (resolve(query.demographics(), candidates)) {
                case Resolution.Unique<Integer> unique -> tally[unique.match().candidate() == truth[i] ? 2 : 3]++;
                case Resolution.Ambiguous<Integer> ambiguous -> tally[4]++;
                case Resolution.Unmatched<Integer> unmatched -> {
                    // counted as neither correct, wrong nor ambiguous
                }
            }
        }
        int falseMatches = 0;
        int outsidersAmbiguous = 0;
        for (int i = 0; i < outsiderQueries.size(); i++) {
            int[] candidates = index.lookUp(MatchKeys.of(outsiderQueries.get(i).demographics()));
            fetched.add(candidates);
            candidateCounts[queries.size() + i] = candidates.length;
            scores += candidates.length;
            switch (resolve(outsiderQueries.get(i).demographics(), candidates)) {
                case Resolution.Unique<Integer> unique -> falseMatches++;
                case Resolution.Ambiguous<Integer> ambiguous -> outsidersAmbiguous++;
                case Resolution.Unmatched<Integer> unmatched -> {
                    // the right answer for someone outside the population
                }
            }
        }
        List<KindFigures> kinds = new ArrayList<>();
        tallies.forEach((kind, t) -> kinds.add(new KindFigures(kind, t[0], t[1], t[2], t[3], t[4])));
        return new EvaluationReport(patients, seed, kinds,
                new OutsiderFigures(outsiderQueries.size(), falseMatches, outsidersAmbiguous),
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
            Demographics query = (i < queries.size() ? queries.get(i) : outsiderQueries.get(i - queries.size()))
                    .demographics();
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
}
