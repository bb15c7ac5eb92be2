package org.openspine.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Locale;
import org.openspine.identity.matching.PatientMatcher;
import org.openspine.identity.matching.evaluation.EvaluationReport;
import org.openspine.identity.matching.evaluation.EvaluationReport.KindFigures;
import org.openspine.identity.matching.evaluation.MatchEvaluation;

/**
 * Measures the patient matcher's precision and recall on a synthetic population and prints them as a table,
 * with the blocking figures and the matcher's single-thread throughput. In process, no server needed:
 *
 * <pre>java -cp bench/target/openspine-bench.jar:bench/target/lib/* org.openspine.bench.MatcherEvaluation
 *     --patients 10000 --seed 42</pre>
 *
 * <p>The matching runs twice, the first time to warm up the JIT compiler; the figures are the same both times.
 * Times are CPU time of the one thread, which a machine shared with other work distorts less than elapsed time.
 * A million patients want about 4 GB of heap ({@code -Xmx4g}). Exit status: 0 when the run reached 99%
 * precision and 95% recall, 1 when it did not, 2 for bad options.
 */
public final class MatcherEvaluation {

    static final String USAGE = """
            usage: java -cp 'openspine-bench.jar:lib/*' org.openspine.bench.MatcherEvaluation [options]
              --patients N   size of the synthetic population (default 10000)
              --queries N    queries for people in it, spread evenly (default: one per patient)
              --seed N       seed of the population, its errors and the queries (default 42)
              --help         show this text""";
    private static final double TARGET_PRECISION = 0.99;
    private static final double TARGET_RECALL = 0.95;
    private static final double NANOS_PER_SECOND = 1e9;

    private MatcherEvaluation() {
    }

    /** Runs the evaluation with command-line {@code args}, prints the table and exits the JVM. */
    public static void main(String[] args) {
        Optional<Options> parsed = CommandLine.options(args, USAGE, Options::parse);
        if (parsed.isEmpty()) {
            return;
        }
        Options options = parsed.get();
        System.err.printf(Locale.ROOT, "matcher: drawing %,d patients and %,d queries (seed %d)%n", options.patients,
                options.queries, options.seed);
        MatchEvaluation evaluation = MatchEvaluation.prepare(options.patients, options.queries, options.seed);
        System.err.println("matcher: blocking and matching, once to warm up and once timed");
        evaluation.run(); // the same work as the timed pass, so that it times compiled code
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long cpuStarted = threads.getCurrentThreadCpuTime();
        EvaluationReport report = evaluation.run();
        double matchingSeconds = (threads.getCurrentThreadCpuTime() - cpuStarted) / NANOS_PER_SECOND;
        System.err.println("matcher: scoring the fetched candidates again, alone");
        cpuStarted = threads.getCurrentThreadCpuTime();
        evaluation.scoreFetched();
        double scoringSeconds = (threads.getCurrentThreadCpuTime() - cpuStarted) / NANOS_PER_SECOND;
        System.out.print(table(report, matchingSeconds, scoringSeconds));
        System.exit(report.precision() >= TARGET_PRECISION && report.recall() >= TARGET_RECALL ? 0 : 1);
    }

    /** @return the report as aligned text: a row per error kind, the outsiders, the totals, then notes */
    static String table(EvaluationReport report, double matchingSeconds, double scoringSeconds) {
        StringBuilder text = new StringBuilder();
        text.append(String.format(Locale.ROOT, "patient matching: %,d patients, seed %d, match score >= %s%n%n",
                report.patients(), report.seed(), PatientMatcher.MATCH_SCORE));
        String row = "%-24s %8s %9s %8s %6s %9s %8s %9s%n";
        text.append(String.format(Locale.ROOT, row, "error kind", "queries", "blocked", "correct", "wrong",
                "ambiguous", "recall", "precision"));
        for (KindFigures kind : report.kinds()) {
            text.append(String.format(Locale.ROOT, row, kind.kind().name().toLowerCase(Locale.ROOT),
                    count(kind.queries()), percent((double) kind.blocked() / kind.queries()), count(kind.correct()),
                    count(kind.wrong()), count(kind.ambiguous()), percent(kind.recall()), percent(kind.precision())));
        }
        EvaluationReport.OutsiderFigures outsiders = report.outsiders();
        text.append(String.format(Locale.ROOT, row, "not in population", count(outsiders.queries()), "-", "-",
                count(outsiders.falseMatches()), count(outsiders.ambiguous()), "-", "-"));
        int correct = report.kinds().stream().mapToInt(KindFigures::correct).sum();
        int wrong = report.kinds().stream().mapToInt(KindFigures::wrong).sum() + outsiders.falseMatches();
        int ambiguous = report.kinds().stream().mapToInt(KindFigures::ambiguous).sum() + outsiders.ambiguous();
        text.append(String.format(Locale.ROOT, row, "all", count(report.queries() + outsiders.queries()),
                percent(report.blockingRecall()), count(correct), count(wrong), count(ambiguous),
                percent(report.recall()), percent(report.precision())));
        EvaluationReport.Blocking blocking = report.blocking();
        EvaluationReport.NhsNumberCheck nhs = report.nhsNumbers();
        int queries = report.queries() + outsiders.queries();
        List<String> notes = new ArrayList<>();
        notes.add(String.format(Locale.ROOT, "precision %.2f%%, recall %.2f%% (targets %.0f%% and %.0f%%)",
                report.precision() * 100, report.recall() * 100, TARGET_PRECISION * 100, TARGET_RECALL * 100));
        notes.add(String.format(Locale.ROOT, "keys per record: mean %.2f, max %d; %,d distinct keys, at most %,d "
                + "records under one", blocking.keysPerRecord(), blocking.maxKeysPerRecord(), blocking.distinctKeys(),
                blocking.largestKey()));
        notes.add(String.format(Locale.ROOT, "candidates per query: mean %.2f, p99 %d, max %d",
                blocking.meanCandidates(), blocking.p99Candidates(), blocking.maxCandidates()));
        notes.add(String.format(Locale.ROOT, "matcher alone, one thread: %,.0f scores per CPU second (%,d scores)",
                blocking.scores() / scoringSeconds, blocking.scores()));
        notes.add(String.format(Locale.ROOT, "keys, in-memory look-up and resolution, one thread: %,.0f queries per "
                + "CPU second", queries / matchingSeconds));
        notes.add(String.format(Locale.ROOT, "NHS Number check: %d/%d own number certain, %d/%d other number no match",
                nhs.certain(), nhs.sameNumber(), nhs.rejected(), nhs.otherNumber()));
        text.append(System.lineSeparator());
        notes.forEach(note -> text.append(note).append(System.lineSeparator()));
        return text.toString();
    }

    private static String count(int value) {
        return String.format(Locale.ROOT, "%,d", value);
    }

    private static String percent(double share) {
        return String.format(Locale.ROOT, "%.2f%%", share * 100);
    }

    /** The command line, checked on entry. */
    private record Options(int patients, int queries, long seed) {

        static Options parse(String[] args) {
            int patients = 10_000;
            Integer queries = null;
            long seed = 42;
            for (int i = 0; i < args.length; i++) {
                String option = args[i];
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException("matcher: " + option + " needs a value");
                }
                String value = args[++i];
                switch (option) {
                    case "--patients" -> patients = number(option, value, 10);
                    case "--queries" -> queries = number(option, value, 1);
                    case "--seed" -> seed = seed(value);
                    default -> throw new IllegalArgumentException("matcher: unknown option " + option);
                }
            }
            return new Options(patients, queries == null ? patients : queries, seed);
        }

        private static long seed(String value) {
            try {
                return Long.parseLong(value);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("matcher: --seed must be a number, was " + value, e);
            }
        }

        private static int number(String option, String value, int least) {
            try {
                int number = Integer.parseInt(value.replace("_", ""));
                if (number < least) {
                    throw new IllegalArgumentException("matcher: " + option + " must be at least " + least
                            + ", was " + value);
                }
                return number;
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("matcher: " + option + " must be a number, was " + value, e);
            }
        }
    }
}
