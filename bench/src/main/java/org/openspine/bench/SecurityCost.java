package org.openspine.bench;

import java.io.OutputStream;
import java.io.PrintStream;
import java.sql.Connection;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.openspine.fhir.model.FhirCodec;
import org.openspine.fhir.rest.FhirRequest;
import org.openspine.fhir.rest.FhirRoutes;
import org.openspine.fhir.rest.InteractionAudit;
import org.openspine.platform.http.AuditedRequest;
import org.openspine.platform.http.HttpConfig;
import org.openspine.platform.http.HttpServer;
import org.openspine.platform.security.Access;
import org.openspine.platform.security.AccessPolicy;
import org.openspine.platform.security.Caller;
import org.openspine.server.OpenSpine;
import org.openspine.server.ServerConfig;

/**
 * What security costs a read (the Security issue's numbers): the {@code read} scenario against one OpenSpine,
 * on one database, served three ways at once, each measured in turn for several rounds:
 * <ol>
 *   <li><b>baseline</b>: every request is taken to be the integrator without looking at its token, and
 *       nothing is audited (a measurement baseline only: no shipped code path runs like this);</li>
 *   <li><b>token</b>: the bearer token verified and the access policy applied, nothing audited;</li>
 *   <li><b>token + audit</b>: OpenSpine as shipped, every read committed to the audit trail first.</li>
 * </ol>
 * Then the token check and policy decision alone, timed call by call in this JVM. Prints a table.
 *
 * <p>Usage: {@code SecurityCost [--clients 16] [--duration 20] [--warmup 45] [--patients 200] [--rounds 2]
 * [--variants 123]} ({@code --variants 3} measures only the shipped server, e.g. to profile it). The warm-up is
 * long because the audited path runs least often and is compiled last: with 20 s the JIT's compiler threads
 * still took up to half a core of the measured window.
 */
public final class SecurityCost {

    private static final int CHECKS = 200_000;

    private SecurityCost() {
    }

    /** Runs the comparison; exits 2 on a bad option. */
    public static void main(String[] args) throws Exception {
        Map<String, Integer> options = new java.util.LinkedHashMap<>(Map.of("--clients", 16, "--duration", 20,
                "--warmup", 45, "--patients", 200, "--rounds", 2, "--variants", 123));
        for (int i = 0; i < args.length; i += 2) {
            if (!options.containsKey(args[i]) || i + 1 >= args.length) {
                System.err.println("usage: SecurityCost " + String.join(" ", options.keySet().stream()
                        .map(o -> "[" + o + " N]").toList()));
                System.exit(2);
            }
            options.put(args[i], Integer.parseInt(args[i + 1]));
        }
        Clock clock = Clock.systemUTC();
        ScratchDirectory data = ScratchDirectory.create("openspine-security-cost");
        ServerConfig config = ServerConfig.parse(List.of("--port", "0", "--data-dir", data.path().toString(),
                "--demo-users"), Map.of());
        try (data; OpenSpine shipped = OpenSpine.start(config, clock)) {
            shipped.markReady();
            String token = DemoToken.signIn("http://127.0.0.1:" + shipped.port(), "integrator");
            Caller integrator = shipped.authentication().authenticate("Bearer " + token, null);
            HttpConfig http = new HttpConfig("127.0.0.1", 0, HttpConfig.DEFAULT_MAX_BODY_BYTES, Optional.empty(),
                    List.of(), config.http().rateLimit());
            FhirCodec codec = new FhirCodec();
            InteractionAudit unaudited = new Unaudited();
            try (HttpServer baseline = HttpServer.start(http, (authorization, role) -> integrator, event -> { },
                    List.of(new FhirRoutes(shipped.fhir(), codec, shipped.database(), unaudited)));
                 HttpServer tokenOnly = HttpServer.start(http, shipped.authentication(), event -> { },
                    List.of(new FhirRoutes(shipped.fhir(), codec, shipped.database(), unaudited)))) {
                List<String> names = List.of("baseline (no token check, no audit)", "token check + policy",
                        "token check + policy + audit");
                List<Integer> ports = List.of(baseline.port(), tokenOnly.port(), shipped.port());
                List<List<ScenarioReport.Ran>> runs = new ArrayList<>();
                names.forEach(n -> runs.add(new ArrayList<>()));
                for (int round = 0; round < options.get("--rounds"); round++) {
                    for (int v = 0; v < names.size(); v++) {
                        if (!options.get("--variants").toString().contains(Integer.toString(v + 1))) {
                            continue;
                        }
                        System.err.printf("round %d: %s%n", round + 1, names.get(v));
                        runs.get(v).add(read(ports.get(v), token, options, clock));
                    }
                }
                if (runs.stream().allMatch(r -> !r.isEmpty())) {
                    print(names, runs, checks(shipped, token));
                } else {
                    runs.forEach(r -> r.forEach(ran -> System.out.printf(Locale.ROOT, "%s: %,.0f requests/s%n", ran.name(),
                            ran.requestsPerSecond())));
                }
            }
        }
    }

    private static ScenarioReport.Ran read(int port, String token, Map<String, Integer> options, Clock clock)
            throws InterruptedException {
        BenchOptions bench = BenchOptions.parse("--base", "http://127.0.0.1:" + port + "/fhir/R4", "--scenarios", "read",
                "--clients", options.get("--clients").toString(), "--duration", options.get("--duration").toString(),
                "--warmup", options.get("--warmup").toString(), "--patients", options.get("--patients").toString(),
                "--token", token);
        List<ScenarioReport> reports = new BenchRun(bench, new PrintStream(OutputStream.nullOutputStream()), System.err,
                clock).run();
        if (reports.isEmpty() || !(reports.get(0) instanceof ScenarioReport.Ran ran)) {
            throw new IllegalStateException("the read scenario did not run against port " + port + ": " + reports);
        }
        if (ran.errors() > 0) {
            throw new IllegalStateException("the read scenario had errors against port " + port + ": " + ran.errorReasons());
        }
        return ran;
    }

    /** @return microseconds per token check + policy decision, call by call: p50, p99 */
    private static long[] checks(OpenSpine shipped, String token) {
        AccessPolicy policy = AccessPolicy.nhs();
        long[] nanos = new long[CHECKS];
        String authorization = "Bearer " + token;
        for (int i = 0; i < CHECKS; i++) {
            long start = System.nanoTime();
            Caller caller = shipped.authentication().authenticate(authorization, null);
            policy.require(Access.of(caller), "Patient", false, true);
            policy.scope(Access.of(caller));
            nanos[i] = System.nanoTime() - start;
        }
        long[] measured = Arrays.copyOfRange(nanos, CHECKS / 2, CHECKS); // the first half warms the JIT
        Arrays.sort(measured);
        return new long[] {measured[measured.length / 2], measured[(int) (measured.length * 0.99)]};
    }

    private static void print(List<String> names, List<List<ScenarioReport.Ran>> runs, long[] checkNanos) {
        double baseline = best(runs.get(0));
        System.out.println("| read, served | requests/s (best of rounds) | rounds | p50 ms | p99 ms | vs baseline |");
        System.out.println("|---|---:|---|---:|---:|---:|");
        for (int v = 0; v < names.size(); v++) {
            List<ScenarioReport.Ran> ran = runs.get(v);
            ScenarioReport.Ran best = ran.stream().max((a, b) -> Double.compare(a.requestsPerSecond(), b.requestsPerSecond()))
                    .orElseThrow();
            System.out.printf(Locale.ROOT, "| %s | %,.0f | %s | %.2f | %.2f | %.0f%% |%n", names.get(v), best.requestsPerSecond(),
                    String.join(" ", ran.stream().map(r -> String.format(Locale.ROOT, "%,.0f", r.requestsPerSecond())).toList()),
                    best.latency().percentileMicros(50) / 1000.0, best.latency().percentileMicros(99) / 1000.0,
                    100 * best.requestsPerSecond() / baseline);
        }
        double audited = best(runs.get(2));
        double checked = best(runs.get(1));
        System.out.printf(Locale.ROOT, "%nauthenticated / baseline: %.0f%% (target >= 90%%); audited / unaudited: %.0f%% "
                + "(target >= 80%%)%n", 100 * checked / baseline, 100 * audited / checked);
        System.out.printf(Locale.ROOT, "token check + policy, cached token, one call: p50 %.1f us, p99 %.1f us "
                + "(target p50 < 200 us)%n", checkNanos[0] / 1000.0, checkNanos[1] / 1000.0);
    }

    private static double best(List<ScenarioReport.Ran> runs) {
        return runs.stream().mapToDouble(ScenarioReport.Ran::requestsPerSecond).max().orElse(0);
    }

    /** The measurement baseline: records nothing. Lives here, never in a shipped module. */
    private static final class Unaudited implements InteractionAudit {

        @Override
        public void written(Connection connection, AuditedRequest http, FhirRequest request) {
        }

        @Override
        public void read(AuditedRequest http, FhirRequest request) {
        }

        @Override
        public void failed(AuditedRequest http, FhirRequest request, RuntimeException failure) {
        }
    }
}
