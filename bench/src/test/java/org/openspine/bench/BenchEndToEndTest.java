package org.openspine.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openspine.server.demo.SyntheticPopulation;

/** The whole harness against a tiny fake FHIR server ({@link FakeFhirServer}) that counts what it is sent. */
class BenchEndToEndTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-01-02T03:04:05Z"), ZoneOffset.UTC);
    private static final String TOKEN = FakeFhirServer.TOKEN;

    private FakeFhirServer fake;
    private final ByteArrayOutputStream table = new ByteArrayOutputStream();
    private final ByteArrayOutputStream progress = new ByteArrayOutputStream();

    @TempDir
    Path temp;

    @BeforeEach
    void start() throws IOException {
        fake = new FakeFhirServer();
    }

    @AfterEach
    void stop() {
        fake.close();
    }

    @Test
    void a_request_budget_run_has_a_row_per_scenario_with_exact_request_and_error_counts() throws Exception {
        Path markdown = temp.resolve("results.md");

        List<ScenarioReport> reports = run("--base", fake.base(), "--clients", "3", "--warmup", "0",
                "--requests", "30", "--patients", "6", "--token", TOKEN, "--seed", "7", "--out", markdown.toString());

        assertThat(reports).extracting(ScenarioReport::name)
                .containsExactly("create", "read", "vread", "update", "history", "ingest");
        assertThat(reports).allSatisfy(report -> assertThat(report).isInstanceOf(ScenarioReport.Ran.class));
        assertThat(reports).allSatisfy(report -> assertThat(((ScenarioReport.Ran) report).requests()).isEqualTo(30));
        // The fake fails every fifth history read; the update conflicts it injects are retried, not errors.
        assertThat(errors(reports)).containsExactly(0L, 0L, 0L, 0L, 6L, 0L);
        ScenarioReport.Ran ingest = (ScenarioReport.Ran) reports.get(5);
        assertThat(ingest.resources()).isEqualTo(fake.resourcesIngested.get()).isGreaterThan(30 * 5);
        assertThat(fake.count("POST Patient")).isEqualTo(6 + 30);
        assertThat(fake.count("GET vread")).isEqualTo(30);
        assertThat(fake.count("GET history")).isEqualTo(30);
        assertThat(fake.count("PUT 412")).isPositive();
        assertThat(fake.count("PUT Patient")).isEqualTo(30 + fake.count("PUT 412"));
        assertThat(fake.count("POST transaction")).isEqualTo(1 + 30);
        assertThat(fake.count("unauthorised")).isZero();

        String text = table.toString(StandardCharsets.UTF_8);
        assertThat(row(text, "create")).startsWith("create 30 0 ");
        assertThat(row(text, "read")).startsWith("read 30 0 ");
        assertThat(row(text, "vread")).startsWith("vread 30 0 ");
        assertThat(row(text, "update")).startsWith("update 30 0 ");
        assertThat(row(text, "history")).startsWith("history 30 6 ");
        assertThat(row(text, "ingest")).startsWith("ingest 30 0 ");
        assertThat(row(text, "create").split(" ")[4]).isEqualTo("-");
        assertThat(Double.parseDouble(row(text, "ingest").split(" ")[4])).isPositive();
        assertThat(text).contains("scenario", "requests", "errors", "req/s", "resources/s", "p50 ms", "p95 ms",
                "p99 ms", "max ms");
        assertThat(text).contains("fake-fhir 1.0 (FHIR 4.0.1)", "cores, Java", "token=(set)",
                "2026-01-02T03:04:05Z", "history: errors HTTP 500 x6", "version conflicts (409/412) re-read");
        assertThat(text).doesNotContain(TOKEN);
        assertThat(Files.readString(markdown)).contains("| history | 30 | 6 |", "| scenario | requests | errors |");
    }

    @Test
    void a_timed_run_counts_every_request_the_server_saw() throws Exception {
        List<ScenarioReport> reports = run("--base", fake.base(), "--clients", "2", "--warmup", "0",
                "--duration", "1", "--patients", "4", "--scenarios", "read,history");

        ScenarioReport.Ran read = (ScenarioReport.Ran) reports.get(0);
        ScenarioReport.Ran history = (ScenarioReport.Ran) reports.get(1);
        assertThat(read.requests()).isPositive().isEqualTo(fake.count("GET read"));
        assertThat(history.requests()).isEqualTo(fake.count("GET history"));
        assertThat(history.errors()).isEqualTo(fake.count("GET history") / 5);
        assertThat(read.seconds()).isBetween(0.9, 5.0);
        assertThat(read.latency().count()).isEqualTo(read.requests());
        // Without --token the fake refuses metadata, which the header says, and the preload, which is reported.
        assertThat(table.toString(StandardCharsets.UTF_8)).contains("GET metadata answered HTTP 401");
    }

    @Test
    void without_the_token_nothing_can_be_preloaded_and_the_dependent_scenarios_say_why() throws Exception {
        fake.requireToken = true;

        List<ScenarioReport> reports = run("--base", fake.base(), "--clients", "2", "--warmup", "0",
                "--requests", "5", "--patients", "2", "--scenarios", "read,create");

        assertThat(reports.get(0)).isEqualTo(new ScenarioReport.NotRun("read", "no Patients could be preloaded"));
        assertThat(((ScenarioReport.Ran) reports.get(1)).errors()).isEqualTo(5);
        String text = table.toString(StandardCharsets.UTF_8);
        assertThat(text).contains("0 of 2 Patients created (failed: HTTP 401 x2)", "read: not run",
                "create: errors HTTP 401 x5");
    }

    @Test
    void an_unreachable_server_ends_the_run_with_no_reports() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }

        List<ScenarioReport> reports = run("--base", "http://127.0.0.1:" + closedPort + "/fhir/R4", "--timeout", "2");

        assertThat(reports).isEmpty();
        assertThat(progress.toString(StandardCharsets.UTF_8)).contains("cannot reach http://127.0.0.1:" + closedPort);
    }

    @Test
    void a_load_fills_the_server_up_to_the_target_and_a_second_load_adds_only_what_is_missing() throws Exception {
        ScenarioReport.Ran first = (ScenarioReport.Ran) run("--base", fake.base(), "--clients", "3",
                "--scenarios", "load", "--resources", "400", "--seed", "7").getFirst();
        int firstPatients = fake.patients.size();
        long firstResources = fake.resourcesIngested.get();

        assertThat(first.errors()).isZero();
        assertThat(first.requests()).isEqualTo(firstPatients);
        assertThat(first.resources()).isEqualTo(firstResources);
        assertThat(firstResources).isGreaterThanOrEqualTo(400 - 30);
        assertThat(first.notes()).anySatisfy(note -> assertThat(note).startsWith("the server holds "));

        ScenarioReport.Ran second = (ScenarioReport.Ran) run("--base", fake.base(), "--clients", "3",
                "--scenarios", "load", "--resources", "800", "--seed", "7").getFirst();

        assertThat(second.errors()).isZero();
        assertThat(second.requests()).isEqualTo(fake.patients.size() - firstPatients);
        assertThat(fake.resourcesIngested.get()).isGreaterThanOrEqualTo(800 - 30);
        assertThat(second.notes()).contains("resumed: " + firstPatients + " bundles were already loaded");
        assertThat(fake.count("patient sent again")).isZero();
        assertThat(fake.patients.keySet()).isEqualTo(loadPatients(fake.patients.size()));
    }

    @Test
    void a_refused_bundle_stops_the_load_and_the_next_load_fills_the_gap() throws Exception {
        PatientRecords records = new PatientRecords(7);
        fake.refused.add(records.nhsNumber(4));

        ScenarioReport.Ran stopped = (ScenarioReport.Ran) run("--base", fake.base(), "--clients", "3",
                "--scenarios", "load", "--resources", "2000", "--seed", "7").getFirst();

        assertThat(stopped.errors()).isEqualTo(1);
        assertThat(stopped.errorReasons()).containsEntry("HTTP 400", 1L);
        assertThat(stopped.notes()).contains("stopped before the target: patient 4 failed: HTTP 400");
        assertThat(fake.patients).doesNotContainKey(records.nhsNumber(4));

        fake.refused.clear();
        ScenarioReport.Ran resumed = (ScenarioReport.Ran) run("--base", fake.base(), "--clients", "3",
                "--scenarios", "load", "--resources", "2000", "--seed", "7").getFirst();

        assertThat(resumed.errors()).isZero();
        assertThat(fake.count("patient sent again")).isZero();
        assertThat(fake.patients.keySet()).isEqualTo(loadPatients(fake.patients.size()));
    }

    @Test
    void a_patients_load_registers_whole_bundles_of_patients_up_to_the_target_and_resumes_where_it_stopped()
            throws Exception {
        ScenarioReport.Ran first = (ScenarioReport.Ran) run("--base", fake.base(), "--clients", "3",
                "--scenarios", "load-patients", "--patients-total", "750", "--seed", "7").getFirst();

        // whole bundles of 100, the last ones past the target: clients take a bundle before it is counted
        long bundles = first.requests();
        assertThat(first.errors()).isZero();
        assertThat(bundles).isBetween(8L, 10L);
        assertThat(first.resources()).isEqualTo(bundles * 100);
        assertThat(fake.patients.keySet()).isEqualTo(registered((int) bundles * 100));
        // as the note writes numbers: grouped by thousands (the run ends with 8 to 10 bundles, so 800 to 1,000)
        assertThat(first.notes()).contains(String.format(Locale.ROOT, "the server holds %,d patients of this seed's "
                + "load-patients (%,d bundles)", bundles * 100, bundles));

        ScenarioReport.Ran second = (ScenarioReport.Ran) run("--base", fake.base(), "--clients", "3",
                "--scenarios", "load-patients", "--patients-total", "1500", "--seed", "7").getFirst();

        assertThat(second.requests()).isBetween(15 - bundles, 17 - bundles);
        assertThat(second.notes()).contains("resumed: " + bundles + " bundles were already loaded");
        assertThat(fake.count("patient sent again")).isZero();
        assertThat(fake.patients.keySet()).isEqualTo(registered(fake.patients.size()));
        assertThat(fake.patients.size()).isBetween(1500, 1700);
    }

    @Test
    void the_demographics_scenarios_look_up_registered_patients_when_the_server_has_them() throws Exception {
        run("--base", fake.base(), "--clients", "1", "--scenarios", "load-patients", "--patients-total", "300",
                "--seed", "7");
        table.reset();

        ScenarioReport.Ran retrieve = (ScenarioReport.Ran) run("--base", fake.base(), "--clients", "2", "--warmup", "0",
                "--requests", "40", "--scenarios", "pds-retrieve", "--seed", "7").getFirst();

        assertThat(retrieve.errors()).isZero();
        assertThat(fake.count("GET demographics")).isEqualTo(40);
        assertThat(table.toString(StandardCharsets.UTF_8)).contains("people", "300 registered patients (load-patients) "
                + "on the server; 300 sampled as demographics subjects");
    }

    @Test
    void searches_ask_for_loaded_patients_and_count_answers_without_the_expected_resources_as_errors()
            throws Exception {
        List<ScenarioReport> reports = run("--base", fake.base(), "--clients", "2", "--warmup", "0",
                "--requests", "20", "--scenarios", "search-chain,load,search-identifier,search-include",
                "--resources", "300", "--seed", "7");

        assertThat(reports.get(0)).isInstanceOf(ScenarioReport.NotRun.class);
        ScenarioReport.Ran identifier = (ScenarioReport.Ran) reports.get(2);
        ScenarioReport.Ran include = (ScenarioReport.Ran) reports.get(3);
        assertThat(identifier.requests()).isEqualTo(20);
        assertThat(identifier.errors()).isZero();
        // The fake never includes the Patient, so every include search is an error.
        assertThat(include.errorReasons()).isEqualTo(Map.of("Patient not included", 20L));
        assertThat(table.toString(StandardCharsets.UTF_8)).contains(
                "searched", fake.patients.size() + " load patients on the server");
    }

    @Test
    void searches_without_a_load_say_so() throws Exception {
        List<ScenarioReport> reports = run("--base", fake.base(), "--clients", "2", "--warmup", "0",
                "--requests", "5", "--scenarios", "search-chain", "--seed", "7");

        assertThat(reports).containsExactly(new ScenarioReport.NotRun("search-chain",
                "no loaded patients found to search for; run the load scenario first, with the same --seed"));
    }

    /** @return the NHS Numbers of load patients 0 to {@code count} - 1 of seed 7 */
    private static Set<String> loadPatients(int count) {
        PatientRecords records = new PatientRecords(7);
        return IntStream.range(0, count).mapToObj(records::nhsNumber)
                .collect(Collectors.toSet());
    }

    /** @return the NHS Numbers of registered patients 0 to {@code count} - 1 of seed 7 */
    private static Set<String> registered(int count) {
        SyntheticPopulation population = new SyntheticPopulation(7);
        return IntStream.range(0, count).mapToObj(p -> population.nhsNumber(PatientBatches.index(p)).value())
                .collect(Collectors.toSet());
    }

    private List<ScenarioReport> run(String... args) throws InterruptedException {
        BenchOptions options = BenchOptions.parse(args);
        return new BenchRun(options, new PrintStream(table, true, StandardCharsets.UTF_8),
                new PrintStream(progress, true, StandardCharsets.UTF_8), CLOCK).run();
    }

    private static List<Long> errors(List<ScenarioReport> reports) {
        return reports.stream().map(r -> ((ScenarioReport.Ran) r).errors()).toList();
    }

    /** @return the table row for {@code scenario}, runs of spaces collapsed */
    private static String row(String text, String scenario) {
        return text.lines().filter(line -> line.startsWith(scenario + " ")).findFirst().orElseThrow()
                .trim().replaceAll(" +", " ");
    }

}
