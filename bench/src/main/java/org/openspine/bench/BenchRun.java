package org.openspine.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.openspine.server.demo.SyntheticPopulation;

/**
 * One run of the harness: checks the server answers, preloads Patients if needed, runs the chosen scenarios in
 * order (finding the loaded patients before the first search), and prints the results table. Progress goes to
 * one stream and the table to another, so the table can be redirected to a file on its own.
 */
final class BenchRun {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long PROGRESS_SECONDS = 5;

    private final BenchOptions options;
    private final PrintStream out;
    private final PrintStream progress;
    private final Clock clock;

    BenchRun(BenchOptions options, PrintStream out, PrintStream progress, Clock clock) {
        this.options = options;
        this.out = out;
        this.progress = progress;
        this.clock = clock;
    }

    /**
     * Runs everything. Blocks for roughly (warm-up + duration) per scenario.
     *
     * @return the reports in scenario order; empty when the server could not be reached at all (said on the
     *     progress stream)
     * @throws InterruptedException when interrupted; the run stops
     */
    List<ScenarioReport> run() throws InterruptedException {
        Instant started = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        int timeoutMillis = options.timeoutSeconds() * 1000;
        FhirServer server = new FhirServer(options.endpoint(), options.token());
        List<String[]> header = new ArrayList<>();
        header.add(new String[] {"target", options.endpoint().toString()});
        try (HttpConnection http = new HttpConnection(options.endpoint(), timeoutMillis)) {
            header.add(new String[] {"server", describeServer(http.send(server.get("metadata")))});
        } catch (IOException e) {
            progress.println("bench: cannot reach " + options.endpoint() + ": " + e);
            return List.of();
        }
        header.add(new String[] {"settings", options.describe()});
        header.add(new String[] {"machine", machine()});
        header.add(new String[] {"started", started.toString()});

        SyntheticPopulation population = new SyntheticPopulation(options.seed());
        PatientBodies bodies = new PatientBodies(population);
        PreloadedPatients patients = null;
        if (options.needsPatients()) {
            progress.printf("preloading %d Patients...%n", options.patients());
            patients = PreloadedPatients.load(server, bodies, options.patients(), options.clients(), timeoutMillis);
            String line = patients.size() + " of " + patients.attempted() + " Patients created"
                    + (patients.failures().isEmpty() ? "" : " (failed: " + reasons(patients.failures()) + ")");
            header.add(new String[] {"preload", line});
            progress.println(line);
        }

        ScenarioRunner runner = new ScenarioRunner(options.endpoint(), options.clients(), options.warmupSeconds(),
                options.durationSeconds(), options.requests(), timeoutMillis);
        PatientRecords records = new PatientRecords(options.seed());
        PatientBatches batches = new PatientBatches(population);
        SearchPool pool = null;
        DemographicsPool people = null;
        List<ScenarioReport> reports = new ArrayList<>();
        for (String name : options.scenarios()) {
            Optional<SearchKind> search = SearchKind.of(name);
            ScenarioReport report;
            if (name.equals("load") || name.equals("load-patients")) {
                report = name.equals("load") ? load(server, population, records, options.resources())
                        : load(server, population, batches, options.patientsTotal());
                pool = null; // the load changed what there is to search for
                people = null;
            } else if (DemographicsScenario.SCENARIOS.contains(name)) {
                if (people == null) {
                    people = demographicsPool(server, population, batches);
                    if (people.subjects().isEmpty()) {
                        pool = pool == null ? searchPool(server, records, header) : pool;
                        people = DemographicsPool.of(pool);
                    }
                    header.add(new String[] {"people", people.description()});
                }
                report = demographics(name, runner, server, people);
            } else if (search.isPresent()) {
                pool = pool == null ? searchPool(server, records, header) : pool;
                report = search(search.get(), runner, server, pool);
            } else {
                report = run(name, runner, server, population, bodies, patients);
            }
            progress.println(summary(report));
            reports.add(report);
        }

        ResultTable table = new ResultTable(header, reports);
        out.print(table.text());
        out.flush();
        if (options.out().isPresent()) {
            try {
                Files.writeString(options.out().get(), table.markdown(), StandardCharsets.UTF_8);
                progress.println("wrote " + options.out().get());
            } catch (IOException e) {
                progress.println("bench: could not write --out " + options.out().get() + ": " + e);
            }
        }
        return reports;
    }

    private ScenarioReport run(String name, ScenarioRunner runner, FhirServer server, SyntheticPopulation population,
                               PatientBodies bodies, PreloadedPatients patients) throws InterruptedException {
        if (BenchOptions.NEED_PATIENTS.contains(name) && patients.size() == 0) {
            return new ScenarioReport.NotRun(name, "no Patients could be preloaded");
        }
        if (name.equals("update") && patients.size() < options.clients()) {
            // Each client needs Patients of its own; sharing would turn the run into a test of conflicts.
            return new ScenarioReport.NotRun(name, "only " + patients.size() + " Patients were preloaded and update "
                    + "needs one per client (" + options.clients() + ")");
        }
        if (name.equals("vread") && !patients.versioned()) {
            return new ScenarioReport.NotRun(name, "the server reported no version ids for the preloaded Patients");
        }
        Scenario scenario = switch (name) {
            case "create" -> new CreateScenario(server, bodies);
            case "read" -> new ReadScenario(server, patients, options.seed());
            case "vread" -> new VreadScenario(server, patients, options.seed());
            case "update" -> new UpdateScenario(server, patients);
            case "history" -> new HistoryScenario(server, patients, options.seed());
            case "ingest" -> new IngestScenario(server, population);
            case MeshExchangeScenario.NAME -> new MeshExchangeScenario(mesh(server), options.clients(), options.seed());
            case MeshLargeScenario.NAME -> {
                announce(name);
                yield null;
            }
            default -> throw new IllegalStateException("bench: scenario not wired: " + name);
        };
        if (scenario == null) { // mesh-large: one round trip, however long it takes
            return ScenarioRunner.untilDone(options.endpoint(), 1, options.timeoutSeconds() * 1000)
                    .run(new MeshLargeScenario(mesh(server)));
        }
        announce(name);
        return runner.run(scenario);
    }

    private MeshClient mesh(FhirServer server) {
        return new MeshClient(server.root(), options.token(), options.meshKey());
    }

    private ScenarioReport load(FhirServer server, SyntheticPopulation population, LoadDataset dataset, long target)
            throws InterruptedException {
        LoadScenario load = new LoadScenario(server, population, dataset, target, progress);
        progress.printf(Locale.ROOT, "running %s: until the server holds %,d %s, with %d clients...%n",
                dataset.scenario(), target, dataset.unit(), options.clients());
        ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(
                task -> Thread.ofPlatform().daemon().name("bench-load-progress").unstarted(task));
        ticker.scheduleAtFixedRate(() -> {
            String line = load.progressLine();
            if (!line.isEmpty()) {
                progress.println(line);
            }
        }, PROGRESS_SECONDS, PROGRESS_SECONDS, TimeUnit.SECONDS);
        try {
            return ScenarioRunner.untilDone(options.endpoint(), options.clients(), options.timeoutSeconds() * 1000)
                    .run(load);
        } finally {
            ticker.shutdownNow();
        }
    }

    /** @return the load patients to search for, described in {@code header} */
    private SearchPool searchPool(FhirServer server, PatientRecords records, List<String[]> header)
            throws InterruptedException {
        progress.println("finding the loaded patients to search for...");
        SearchPool pool;
        try {
            pool = SearchPool.find(server, records, options.seed(), options.clients(), options.timeoutSeconds() * 1000);
        } catch (IOException e) {
            pool = new SearchPool(0, List.of(), Map.of(String.valueOf(e.getMessage()), 1L));
        }
        header.add(new String[] {"searched", pool.describe()});
        return pool;
    }

    private DemographicsPool demographicsPool(FhirServer server, SyntheticPopulation population,
                                              PatientBatches batches) {
        progress.println("finding the registered patients to look up...");
        try {
            return DemographicsPool.registered(server, batches, population, options.seed(),
                    options.timeoutSeconds() * 1000);
        } catch (IOException e) {
            progress.println("bench: could not find registered patients (" + e.getMessage() + "); using the load's");
            return new DemographicsPool(List.of(), "");
        }
    }

    private ScenarioReport search(SearchKind kind, ScenarioRunner runner, FhirServer server, SearchPool pool)
            throws InterruptedException {
        if (pool.subjects().isEmpty()) {
            return new ScenarioReport.NotRun(kind.scenario(), "no loaded patients found to search for; run the "
                    + "load scenario first, with the same --seed");
        }
        SearchScenario scenario = new SearchScenario(kind, server, pool.subjects(), options.seed());
        if (scenario.distinct() == 0) {
            return new ScenarioReport.NotRun(kind.scenario(), "no sampled patient has what this search looks for");
        }
        announce(kind.scenario());
        return runner.run(scenario);
    }

    private ScenarioReport demographics(String name, ScenarioRunner runner, FhirServer server, DemographicsPool people)
            throws InterruptedException {
        if (people.subjects().isEmpty()) {
            return new ScenarioReport.NotRun(name, "no loaded patients found; run the load-patients (or load) "
                    + "scenario first, with the same --seed");
        }
        announce(name);
        return runner.run(new DemographicsScenario(name, server, people.subjects(), options.seed()));
    }

    private void announce(String name) {
        progress.printf("running %s: %ds warm-up, then %s with %d clients...%n", name, options.warmupSeconds(),
                options.requests() > 0 ? options.requests() + " requests" : options.durationSeconds() + "s",
                options.clients());
    }

    private static String summary(ScenarioReport report) {
        return switch (report) {
            case ScenarioReport.Ran ran -> String.format(java.util.Locale.ROOT,
                    "  %s: %d requests, %d errors, %.1f req/s", ran.name(), ran.requests(), ran.errors(),
                    ran.requestsPerSecond());
            case ScenarioReport.NotRun notRun -> "  " + notRun.name() + ": not run, " + notRun.reason();
        };
    }

    private static String describeServer(HttpResponse metadata) {
        if (!metadata.successful()) {
            return "GET metadata answered HTTP " + metadata.status();
        }
        try {
            JsonNode capability = JSON.readTree(metadata.body());
            String name = capability.path("software").path("name").asText("");
            String version = capability.path("software").path("version").asText("");
            String fhir = capability.path("fhirVersion").asText("");
            String software = (name + " " + version).trim();
            return (software.isEmpty() ? "unnamed server" : software) + (fhir.isEmpty() ? "" : " (FHIR " + fhir + ")");
        } catch (IOException e) {
            // The metadata is only for the report header; an unreadable one does not stop the run.
            return "GET metadata returned a body that is not JSON";
        }
    }

    private static String machine() {
        Runtime runtime = Runtime.getRuntime();
        return runtime.availableProcessors() + " cores, Java " + Runtime.version() + " ("
                + System.getProperty("java.vendor") + "), " + System.getProperty("os.name") + " "
                + System.getProperty("os.arch") + ", bench heap max " + runtime.maxMemory() / (1024 * 1024) + " MB";
    }

    private static String reasons(Map<String, Long> reasons) {
        return reasons.entrySet().stream().map(e -> e.getKey() + " x" + e.getValue())
                .collect(Collectors.joining(", "));
    }
}
