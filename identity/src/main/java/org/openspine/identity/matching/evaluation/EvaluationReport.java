package org.openspine.identity.matching.evaluation;

import java.util.List;

/**
 * The figures of one {@link MatchEvaluation} run. A query counts as matched only when the matcher resolves it
 * to one person ({@code Resolution.Unique}); ambiguous and unmatched queries return no one.
 *
 * @param patients the population's size
 * @param seed the seed it was drawn with
 * @param kinds the queries for people in the population, by error kind, in the order of {@link ErrorKind}
 * @param outsiders the queries for people outside it
 * @param blocking what the blocking keys cost and found
 * @param nhsNumbers the separate check of matching by NHS Number
 */
public record EvaluationReport(int patients, long seed, List<KindFigures> kinds, OutsiderFigures outsiders,
                               Blocking blocking, NhsNumberCheck nhsNumbers) {

    /** The list is copied. */
    public EvaluationReport {
        kinds = List.copyOf(kinds);
    }

    /** @return correct matches over all matches returned, outsiders' false matches included; 1 when none */
    public double precision() {
        int correct = kinds.stream().mapToInt(KindFigures::correct).sum();
        int returned = correct + kinds.stream().mapToInt(KindFigures::wrong).sum() + outsiders.falseMatches();
        return returned == 0 ? 1 : (double) correct / returned;
    }

    /** @return correct matches over the queries for people in the population */
    public double recall() {
        int queries = queries();
        return queries == 0 ? 0 : (double) kinds.stream().mapToInt(KindFigures::correct).sum() / queries;
    }

    /** @return the share of queries for people in the population whose person was among the candidates */
    public double blockingRecall() {
        int queries = queries();
        return queries == 0 ? 0 : (double) kinds.stream().mapToInt(KindFigures::blocked).sum() / queries;
    }

    /** @return how many queries were for people in the population */
    public int queries() {
        return kinds.stream().mapToInt(KindFigures::queries).sum();
    }

    /**
     * The queries of one error kind for people in the population.
     *
     * @param kind the error the queries were given
     * @param queries how many there were
     * @param blocked how many had their person among the candidates the keys fetched
     * @param correct how many resolved to their person
     * @param wrong how many resolved to someone else
     * @param ambiguous how many resolved to several people
     */
    public record KindFigures(ErrorKind kind, int queries, int blocked, int correct, int wrong, int ambiguous) {

        /** @return correct over queries */
        public double recall() {
            return queries == 0 ? 0 : (double) correct / queries;
        }

        /** @return correct over the matches returned; 1 when none */
        public double precision() {
            return correct + wrong == 0 ? 1 : (double) correct / (correct + wrong);
        }

        /** @return how many found no match */
        public int unmatched() {
            return queries - correct - wrong - ambiguous;
        }
    }

    /**
     * The queries, with errors like the others, for people outside the population: any match is false.
     *
     * @param queries how many there were
     * @param falseMatches how many resolved to someone
     * @param ambiguous how many resolved to several people (no harm: nobody is returned)
     */
    public record OutsiderFigures(int queries, int falseMatches, int ambiguous) {
    }

    /**
     * What blocking cost and found.
     *
     * @param keysPerRecord the mean number of keys of a population record
     * @param maxKeysPerRecord the most keys of one record
     * @param distinctKeys how many different keys the population has
     * @param largestKey the most records under one key
     * @param meanCandidates the mean number of candidates a query fetched (all queries)
     * @param p99Candidates the 99th percentile of candidates per query
     * @param maxCandidates the most candidates of one query
     * @param scores how many candidate scores the matching computed in all
     */
    public record Blocking(double keysPerRecord, int maxKeysPerRecord, int distinctKeys, int largestKey,
                           double meanCandidates, int p99Candidates, int maxCandidates, long scores) {
    }

    /**
     * The check that the NHS Number decides: queries with errors as above, carrying their person's NHS Number,
     * must be certain; the same queries carrying another person's valid NHS Number must be no match.
     *
     * @param sameNumber queries scored against their own record with its NHS Number
     * @param certain how many of those scored certain
     * @param otherNumber queries scored against their own record with someone else's NHS Number
     * @param rejected how many of those scored no match
     */
    public record NhsNumberCheck(int sameNumber, int certain, int otherNumber, int rejected) {
    }
}
