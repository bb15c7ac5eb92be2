package org.openspine.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The whole harness against a tiny fake FHIR server that counts what it is sent and fails on purpose. */
class BenchEndToEndTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-01-02T03:04:05Z"), ZoneOffset.UTC);
    private static final String TOKEN = "s3cret";

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

    /**
     * Just enough of a FHIR server for the bench: creates, reads, versioned updates with If-Match, history, and
     * transactions, all in memory. Injects a 500 on every fifth history read and a 412 on the first update of
     * each Patient.
     */
    private static final class FakeFhirServer implements AutoCloseable {
        private static final Pattern PATIENT = Pattern.compile("/fhir/R4/Patient/([^/]+)(/_history(/([^/]+))?)?");

        private final HttpServer server;
        private final ExecutorService executor = Executors.newFixedThreadPool(4);
        private final Map<String, AtomicLong> counts = new ConcurrentHashMap<>();
        private final Map<String, Integer> versions = new ConcurrentHashMap<>();
        private final AtomicInteger ids = new AtomicInteger();
        private final AtomicLong historyReads = new AtomicLong();
        private final AtomicLong resourcesIngested = new AtomicLong();
        private volatile boolean requireToken;

        FakeFhirServer() throws IOException {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            server.setExecutor(executor);
            server.createContext("/fhir/R4", this::handle);
            server.start();
        }

        String base() {
            return "http://127.0.0.1:" + server.getAddress().getPort() + "/fhir/R4";
        }

        long count(String key) {
            return counts.getOrDefault(key, new AtomicLong()).get();
        }

        @Override
        public void close() {
            server.stop(0);
            executor.shutdownNow();
        }

        private void handle(HttpExchange exchange) throws IOException {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            String method = exchange.getRequestMethod();
            String path = exchange.getRequestURI().getPath();
            String authorization = exchange.getRequestHeaders().getFirst("Authorization");
            if (!("Bearer " + TOKEN).equals(authorization) && (requireToken || path.endsWith("/metadata"))) {
                tick("unauthorised");
                send(exchange, 401, "{\"resourceType\":\"OperationOutcome\"}", Map.of());
                return;
            }
            if (path.equals("/fhir/R4/metadata")) {
                send(exchange, 200, "{\"resourceType\":\"CapabilityStatement\",\"fhirVersion\":\"4.0.1\","
                        + "\"software\":{\"name\":\"fake-fhir\",\"version\":\"1.0\"}}", Map.of());
            } else if (method.equals("POST") && path.equals("/fhir/R4")) {
                tick("POST transaction");
                if (body.contains("\"resourceType\":\"Patient\"")) {
                    resourcesIngested.addAndGet(body.split("\"fullUrl\"", -1).length - 1);
                }
                send(exchange, 200, "{\"resourceType\":\"Bundle\",\"type\":\"transaction-response\"}", Map.of());
            } else if (method.equals("POST") && path.equals("/fhir/R4/Patient")) {
                tick("POST Patient");
                String id = "p" + ids.incrementAndGet();
                versions.put(id, 1);
                send(exchange, 201, body, Map.of("Location", base() + "/Patient/" + id + "/_history/1",
                        "ETag", "W/\"1\""));
            } else {
                Matcher matcher = PATIENT.matcher(path);
                if (!matcher.matches() || !versions.containsKey(matcher.group(1))) {
                    send(exchange, 404, "{\"resourceType\":\"OperationOutcome\"}", Map.of());
                    return;
                }
                String id = matcher.group(1);
                if (method.equals("PUT")) {
                    update(exchange, id);
                } else if (matcher.group(4) != null) {
                    tick("GET vread");
                    send(exchange, 200, patient(id, Integer.parseInt(matcher.group(4))), Map.of());
                } else if (matcher.group(2) != null) {
                    tick("GET history");
                    int status = historyReads.incrementAndGet() % 5 == 0 ? 500 : 200;
                    send(exchange, status, "{\"resourceType\":\"Bundle\",\"type\":\"history\"}", Map.of());
                } else {
                    tick("GET read");
                    int version = versions.get(id);
                    send(exchange, 200, patient(id, version), Map.of("ETag", "W/\"" + version + "\""));
                }
            }
        }

        private void update(HttpExchange exchange, String id) throws IOException {
            tick("PUT Patient");
            String ifMatch = exchange.getRequestHeaders().getFirst("If-Match");
            synchronized (versions) {
                int current = versions.get(id);
                // Pretend someone else edited the Patient just before the bench's first update of it.
                if (current == 1) {
                    versions.put(id, ++current);
                }
                if (!("W/\"" + current + "\"").equals(ifMatch)) {
                    tick("PUT 412");
                    send(exchange, 412, "{\"resourceType\":\"OperationOutcome\"}", Map.of());
                    return;
                }
                versions.put(id, current + 1);
                send(exchange, 200, patient(id, current + 1), Map.of("ETag", "W/\"" + (current + 1) + "\""));
            }
        }

        private void tick(String key) {
            counts.computeIfAbsent(key, k -> new AtomicLong()).incrementAndGet();
        }

        private static String patient(String id, int version) {
            return "{\"resourceType\":\"Patient\",\"id\":\"" + id + "\",\"meta\":{\"versionId\":\"" + version + "\"}}";
        }

        private static void send(HttpExchange exchange, int status, String body, Map<String, String> headers)
                throws IOException {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            headers.forEach((name, value) -> exchange.getResponseHeaders().set(name, value));
            exchange.getResponseHeaders().set("Content-Type", "application/fhir+json");
            exchange.sendResponseHeaders(status, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }
}
