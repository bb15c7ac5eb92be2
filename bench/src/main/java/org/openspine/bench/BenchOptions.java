package org.openspine.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The harness settings, read once from the command line and checked on entry; a bad value stops the run with a
 * message naming the option.
 *
 * @param endpoint the FHIR base URL ({@code --base})
 * @param clients concurrent client connections ({@code --clients})
 * @param durationSeconds measured period per scenario ({@code --duration})
 * @param warmupSeconds unmeasured warm-up per scenario ({@code --warmup})
 * @param scenarios which scenarios run, in this order ({@code --scenarios})
 * @param token bearer token for the Authorization header ({@code --token}); never printed
 * @param seed seed of the synthetic population and the clients' random choices ({@code --seed})
 * @param patients Patients created up front for read, vread, update and history ({@code --patients})
 * @param out where to write the results as Markdown as well ({@code --out})
 * @param requests measured requests per scenario instead of a duration; 0 for time-based ({@code --requests})
 * @param timeoutSeconds connect and read timeout per request ({@code --timeout})
 * @param resources resources the load scenario fills the server up to ({@code --resources})
 * @param meshKey the MESH shared key to sign mesh scenarios' requests with NHSMESH ({@code --mesh-key}); without
 *                it they use the bearer token
 * @param patientsTotal registered patients the load-patients scenario fills the server up to
 *     ({@code --patients-total})
 */
record BenchOptions(Endpoint endpoint, int clients, int durationSeconds, int warmupSeconds, List<String> scenarios,
                    Optional<String> token, long seed, int patients, Optional<Path> out, long requests,
                    int timeoutSeconds, long resources, Optional<String> meshKey, long patientsTotal) {

    /** The scenarios run when none are named: those that need no dataset on the server. */
    static final List<String> DEFAULT_SCENARIOS = List.of("create", "read", "vread", "update", "history", "ingest");
    /** Every scenario: the defaults, the dataset loads, the searches of the loaded datasets, and MESH. */
    static final List<String> ALL_SCENARIOS = Stream.of(DEFAULT_SCENARIOS, List.of("load", "load-patients"),
                    SearchKind.scenarios(),
                    DemographicsScenario.SCENARIOS, List.of(MeshExchangeScenario.NAME, MeshLargeScenario.NAME))
            .flatMap(List::stream).toList();
    /** Scenarios that work on the preloaded Patients. */
    static final Set<String> NEED_PATIENTS = Set.of("read", "vread", "update", "history");

    static final String USAGE = """
            usage: openspine bench [options]
              --base URL           FHIR R4 base URL, http only (default http://localhost:8080/fhir/R4)
              --clients N          concurrent clients, one keep-alive connection each (default 16)
              --duration SECONDS   measured period per scenario (default 20)
              --warmup SECONDS     unmeasured warm-up per scenario (default 30)
              --requests N         measure N requests per scenario instead of a duration
              --scenarios LIST     comma-separated scenarios, run in the order given, from
                                     create,read,vread,update,history,ingest (the default),
                                     load (fill the server up to --resources; resumable),
                                     load-patients (demographics only, up to --patients-total; resumable),
                                     searches of the loaded patients: search-identifier,search-observation,
                                     search-name-birthdate,search-chain,search-include,
                                     and OpenSpine's demographics API: pds-retrieve (by NHS Number),
                                     pds-fuzzy (by given name, mistyped family name and birth date),
                                     of the load-patients patients when there are any, else the load's,
                                     and OpenSpine's MESH API: mesh-exchange (send, list, download and
                                     acknowledge a 10 kB letter), mesh-large (one 100 MB chunked round trip)
              --resources N        resources the load scenario fills the server up to (default 1000000)
              --patients-total N   patients the load-patients scenario fills the server up to (default 1000000)
              --patients N         Patients created first for read/vread/update/history (default 200)
              --seed N             seed for the synthetic data and the clients' choices (default 42)
              --token TOKEN        send "Authorization: Bearer TOKEN" with every request
              --mesh-key KEY       sign the mesh scenarios' requests with NHSMESH and this shared key
                                     (e.g. TestKey on a --demo server); without it they use --token
              --timeout SECONDS    connect and read timeout per request (default 30)
              --out FILE           also write the results as a Markdown table to FILE
              --help               show this text""";

    BenchOptions {
        if (clients < 1 || clients > 1024) {
            throw new IllegalArgumentException("bench: --clients must be 1..1024, was " + clients);
        }
        if (durationSeconds < 1) {
            throw new IllegalArgumentException("bench: --duration must be at least 1 second, was " + durationSeconds);
        }
        if (warmupSeconds < 0) {
            throw new IllegalArgumentException("bench: --warmup must not be negative, was " + warmupSeconds);
        }
        if (patients < 1) {
            throw new IllegalArgumentException("bench: --patients must be at least 1, was " + patients);
        }
        if (requests < 0) {
            throw new IllegalArgumentException("bench: --requests must not be negative, was " + requests);
        }
        if (timeoutSeconds < 1) {
            throw new IllegalArgumentException("bench: --timeout must be at least 1 second, was " + timeoutSeconds);
        }
        if (resources < 1) {
            throw new IllegalArgumentException("bench: --resources must be at least 1, was " + resources);
        }
        if (patientsTotal < 1 || patientsTotal > PatientBatches.PATIENTS) {
            throw new IllegalArgumentException("bench: --patients-total must be 1.." + PatientBatches.PATIENTS
                    + ", was " + patientsTotal);
        }
        if (scenarios.isEmpty()) {
            throw new IllegalArgumentException("bench: --scenarios names no scenario");
        }
        for (String scenario : scenarios) {
            if (!ALL_SCENARIOS.contains(scenario)) {
                throw new IllegalArgumentException("bench: --scenarios: unknown scenario '" + scenario
                        + "'; choose from " + String.join(",", ALL_SCENARIOS));
            }
        }
        if (scenarios.contains("update") && patients < clients) {
            // Each client updates only its own Patients, so that clients never conflict with each other.
            throw new IllegalArgumentException("bench: update needs at least one Patient per client: --patients "
                    + patients + " is less than --clients " + clients);
        }
        scenarios = List.copyOf(scenarios);
        token = token.filter(t -> !t.isBlank());
        meshKey = meshKey.filter(k -> !k.isBlank());
    }

    /**
     * Reads {@code --name value} and {@code --name=value} options; later ones win.
     *
     * @throws IllegalArgumentException naming the option, for an unknown option, a missing or malformed value,
     *     or a value out of range
     */
    static BenchOptions parse(String... args) {
        String base = "http://localhost:8080/fhir/R4";
        int clients = 16;
        int duration = 20;
        int warmup = 30; // HAPI-based servers need about this long for the JIT to reach steady state
        List<String> scenarios = DEFAULT_SCENARIOS;
        Optional<String> token = Optional.empty();
        long seed = 42;
        int patients = 200;
        Optional<Path> out = Optional.empty();
        long requests = 0;
        int timeout = 30;
        long resources = 1_000_000;
        Optional<String> meshKey = Optional.empty();
        long patientsTotal = 1_000_000;
        for (int i = 0; i < args.length; i++) {
            String name = args[i];
            String value;
            int equals = name.indexOf('=');
            if (name.startsWith("--") && equals > 0) {
                value = name.substring(equals + 1);
                name = name.substring(0, equals);
            } else if (i + 1 < args.length) {
                value = args[++i];
            } else {
                throw new IllegalArgumentException("bench: " + name + " needs a value");
            }
            switch (name) {
                case "--base" -> base = value;
                case "--clients" -> clients = integer(name, value);
                case "--duration" -> duration = integer(name, value);
                case "--warmup" -> warmup = integer(name, value);
                case "--scenarios" -> scenarios = list(value);
                case "--token" -> token = Optional.of(value);
                case "--seed" -> seed = number(name, value);
                case "--patients" -> patients = integer(name, value);
                case "--out" -> out = Optional.of(Path.of(value));
                case "--requests" -> requests = number(name, value);
                case "--timeout" -> timeout = integer(name, value);
                case "--resources" -> resources = number(name, value);
                case "--mesh-key" -> meshKey = Optional.of(value);
                case "--patients-total" -> patientsTotal = number(name, value);
                default -> throw new IllegalArgumentException("bench: unknown option " + name);
            }
        }
        return new BenchOptions(Endpoint.parse(base), clients, duration, warmup, scenarios, token, seed, patients,
                out, requests, timeout, resources, meshKey, patientsTotal);
    }

    /** @return whether any selected scenario works on preloaded Patients */
    boolean needsPatients() {
        return scenarios.stream().anyMatch(NEED_PATIENTS::contains);
    }

    /** @return whether any selected scenario searches the loaded patients */
    boolean needsSearchPool() {
        return scenarios.stream().anyMatch(name -> SearchKind.of(name).isPresent());
    }

    /** @return the settings as one line, the token masked, for the report header */
    String describe() {
        String period = requests > 0 ? "requests=" + requests : "duration=" + durationSeconds + "s";
        return "clients=" + clients + " " + period + " warmup=" + warmupSeconds + "s patients=" + patients
                + (scenarios.contains("load") ? " resources=" + resources : "")
                + (scenarios.contains("load-patients") ? " patients-total=" + patientsTotal : "") + " seed=" + seed
                + " timeout=" + timeoutSeconds + "s token=" + (token.isPresent() ? "(set)" : "none")
                + (meshKey.isPresent() ? " mesh-key=(set)" : "")
                + " scenarios=" + String.join(",", scenarios);
    }

    private static List<String> list(String value) {
        Set<String> names = new LinkedHashSet<>();
        for (String part : value.split(",")) {
            if (!part.isBlank()) {
                names.add(part.trim().toLowerCase(java.util.Locale.ROOT));
            }
        }
        return new ArrayList<>(names);
    }

    private static int integer(String name, String value) {
        long parsed = number(name, value);
        if (parsed > Integer.MAX_VALUE || parsed < Integer.MIN_VALUE) {
            throw new IllegalArgumentException("bench: " + name + " is too large: " + value);
        }
        return (int) parsed;
    }

    private static long number(String name, String value) {
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("bench: " + name + " needs a whole number, was '" + value + "'", e);
        }
    }
}
