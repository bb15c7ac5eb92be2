package org.openspine.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.openspine.server.demo.SyntheticBundle;
import org.openspine.server.demo.SyntheticPopulation;

/**
 * Fills the server with a {@link LoadDataset}, one transaction Bundle at a time, until it holds at least the
 * target: resources of load patients ({@link PatientRecords}, the {@code load} scenario) or registered patients
 * ({@link PatientBatches}, {@code load-patients}); run under {@link ScenarioRunner#untilDone}.
 *
 * <p>Resumable: before loading it finds what an earlier load with the same seed left ({@link ResumePoint}) and
 * counts what those bundles hold, then loads only the bundles that are missing, in order ({@link LoadFrontier}).
 * A bundle that fails is sent again up to {@value #ATTEMPTS} times, unless its probe Patient turns out to be
 * there (a transaction is all or nothing, so the answer was lost, not the bundle); one that still fails stops
 * the load, since loading on past a gap would break what resuming relies on.
 *
 * <p>The count is of what the loaded bundles hold (plus the organisations Bundle, when counting resources),
 * worked out from the seed; other resources on the server are not counted.
 */
final class LoadScenario implements Scenario {

    private static final int ATTEMPTS = 3;
    private static final long BACKOFF_MILLIS = 250;

    private final FhirServer server;
    private final SyntheticPopulation population;
    private final LoadDataset dataset;
    private final PatientProbe probe;
    private final long target;
    private final PrintStream progress;
    private final LongAdder written = new LongAdder();
    private final LongAdder bundles = new LongAdder();
    private final LongAdder retries = new LongAdder();
    // Set by prepare, before the workers exist; volatile for the progress thread.
    private volatile ResumePoint resume;
    private volatile LoadFrontier frontier;
    private volatile long held;
    private volatile long started;

    /**
     * @param population the organisations Bundle's population, sent first: patients refer to its GP practices
     * @param target what the server should hold at the end, in the dataset's {@link LoadDataset#unit()}s
     */
    LoadScenario(FhirServer server, SyntheticPopulation population, LoadDataset dataset, long target,
                 PrintStream progress) {
        this.server = server;
        this.population = population;
        this.dataset = dataset;
        this.probe = new PatientProbe(server, dataset);
        this.target = target;
        this.progress = progress;
    }

    @Override
    public String name() {
        return dataset.scenario();
    }

    @Override
    public boolean countsResources() {
        return true;
    }

    @Override
    public void prepare(HttpConnection http) throws IOException {
        int organisations = IngestScenario.postOrganisations(http, server, population);
        progress.println(name() + ": looking for bundles an earlier load left...");
        resume = ResumePoint.find(probe.over(http), dataset.capacity(), LoadFrontier.WINDOW);
        if (resume.loaded() > 0) {
            progress.printf("%s: %d bundles are there already; counting their %s...%n", name(), resume.loaded(),
                    dataset.unit());
        }
        held = (dataset.countsOrganisations() ? organisations : 0)
                + resume.patients().parallel().mapToLong(dataset::counted).sum();
        frontier = new LoadFrontier(resume, dataset.capacity(), LoadFrontier.WINDOW, target - held);
        started = System.nanoTime();
    }

    @Override
    public List<String> notes() {
        List<String> notes = new ArrayList<>();
        if (resume.loaded() > 0) {
            notes.add("resumed: " + resume.loaded() + " bundles were already loaded");
        }
        notes.add(String.format(Locale.ROOT, "the server holds %,d %s of this seed's %s (%,d bundles)",
                held + written.sum(), dataset.unit(), name(), resume.loaded() + bundles.sum()));
        if (retries.sum() > 0) {
            notes.add(retries.sum() + " bundles sent again after a failure");
        }
        frontier.stopped().ifPresent(reason -> notes.add("stopped before the target: " + reason));
        return notes;
    }

    @Override
    public Worker worker(int client, int clients) {
        return new Worker() {
            private int number;
            private SyntheticBundle bundle;

            @Override
            public boolean prepareNext() {
                OptionalInt next;
                try {
                    next = frontier.take();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
                if (next.isEmpty()) {
                    return false;
                }
                number = next.getAsInt();
                bundle = dataset.bundle(number);
                frontier.planned(dataset.counted(number));
                return true;
            }

            @Override
            public Outcome call(HttpConnection http) {
                String failure = send(http, number, bundle);
                if (!failure.isEmpty()) {
                    frontier.fail(number, failure);
                    return new Outcome.Failure(failure);
                }
                frontier.done(number);
                written.add(dataset.counted(number));
                bundles.increment();
                return new Outcome.Success(bundle.resourceCount());
            }
        };
    }

    /** @return the progress line for now; empty before the load has started */
    String progressLine() {
        if (frontier == null) {
            return "";
        }
        return progressLine(name(), dataset.unit(), held + written.sum(), target, bundles.sum(), written.sum(),
                System.nanoTime() - started);
    }

    /**
     * @param unit what is counted, e.g. {@code resources}
     * @param held {@code unit}s on the server now
     * @param loaded bundles loaded by this run
     * @param written {@code unit}s written by this run, in {@code elapsedNanos}
     */
    static String progressLine(String name, String unit, long held, long target, long loaded, long written,
                               long elapsedNanos) {
        double seconds = elapsedNanos / 1e9;
        double rate = seconds > 0 ? written / seconds : 0;
        String eta = held >= target ? "done"
                : rate > 0 ? "about " + duration((long) ((target - held) / rate)) + " to go" : "rate not known yet";
        return String.format(Locale.ROOT, "%s: %,d of %,d %s, %,d bundles this run, %,.0f %s/s, %s",
                name, held, target, unit, loaded, rate, unit, eta);
    }

    /** @return "" when the bundle was loaded, otherwise why it could not be */
    private String send(HttpConnection http, int number, SyntheticBundle bundle) {
        String failure = "";
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            try {
                HttpResponse response = http.send(server.postBundleMinimal(bundle.json()));
                if (response.successful()) {
                    return "";
                }
                failure = "HTTP " + response.status();
                if (response.status() < 500 && response.status() != 429) {
                    return failure; // the server refused this bundle; sending it again cannot help
                }
            } catch (IOException e) {
                failure = e.getClass().getSimpleName();
            }
            try {
                if (probe.find(http, number).isPresent()) {
                    return "";
                }
            } catch (IOException e) {
                // The server cannot say now; if an attempt is left, it asks again.
            }
            if (attempt < ATTEMPTS) {
                retries.increment();
                try {
                    Thread.sleep(BACKOFF_MILLIS * attempt); // an overloaded server gets a moment to recover
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return failure;
                }
            }
        }
        return failure + " after " + ATTEMPTS + " attempts";
    }

    private static String duration(long seconds) {
        long hours = TimeUnit.SECONDS.toHours(seconds);
        long minutes = TimeUnit.SECONDS.toMinutes(seconds) % 60;
        if (hours > 0) {
            return String.format(Locale.ROOT, "%dh %02dm", hours, minutes);
        }
        return minutes > 0 ? String.format(Locale.ROOT, "%dm %02ds", minutes, seconds % 60) : seconds % 60 + "s";
    }
}
