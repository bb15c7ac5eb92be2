package org.openspine.bench;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.openspine.exchange.filing.FilingSettings;
import org.openspine.exchange.filing.LetterFiling;
import org.openspine.exchange.mailbox.Assurance;
import org.openspine.exchange.mailbox.Mailbox;
import org.openspine.exchange.mailbox.Mailboxes;
import org.openspine.exchange.mailbox.PasswordSeal;
import org.openspine.exchange.mailbox.Workflow;
import org.openspine.exchange.mailbox.Workflows;
import org.openspine.exchange.message.Envelope;
import org.openspine.exchange.message.ExchangeSettings;
import org.openspine.exchange.message.Outbox;
import org.openspine.exchange.message.PayloadAssurance;
import org.openspine.fhir.FhirServices;
import org.openspine.fhir.model.FhirCodec;
import org.openspine.fhir.model.MediaType;
import org.openspine.fhir.search.SearchParameters;
import org.openspine.fhir.validation.ProfileValidation;
import org.openspine.identity.matching.MatchKeyParam;
import org.openspine.platform.audit.AuditServices;
import org.openspine.platform.database.Database;
import org.openspine.platform.database.DatabaseConfig;
import org.openspine.platform.identifier.NhsNumber;
import org.openspine.server.MatcherPatientFinder;

/**
 * The backlog scenario of guaranteed document exchange: a sender releases a backlog of letters to many GP
 * practices at once (by default the 32,619 letters to 64 practices of the incident that motivates it) and
 * auto-filing files them all. In process, on a database of its own (embedded in a temporary directory, or
 * {@code --db-url}), without a server: the harness builds the directory (practices, patients registered at them),
 * sends every letter into the practices' inboxes through the exchange's own Outbox (not timed), then starts
 * {@code --workers} threads calling {@link LetterFiling#fileBatch} as a scheduler would and times how long the
 * inboxes take to empty. Each letter is a FHIR discharge summary of about 5 kB with {@code --entries} coded entries,
 * dated up to {@code --days} days before it arrived, so most are delayed; the filing settings are the defaults,
 * settling of releases included, so the time counts the wait for a release to settle.
 *
 * <pre>java -Xmx1g -cp 'bench/target/openspine-bench.jar:bench/target/lib/*' org.openspine.bench.MeshBacklog</pre>
 *
 * Prints the figures and whether every letter was acknowledged, filed or queued; exit status 0 when all were and
 * the time was under {@value #TARGET_SECONDS} s, 1 otherwise, 2 for bad options.
 */
public final class MeshBacklog {

    static final String USAGE = """
            usage: java -cp 'openspine-bench.jar:lib/*' org.openspine.bench.MeshBacklog [options]
              --letters N     letters in the backlog (default 32619)
              --practices N   GP practices they are addressed to (default 64)
              --patients N    patients registered at each practice (default 100)
              --entries N     coded entries in each letter (default 2)
              --days N        letters are dated up to N days before they arrive (default 60)
              --workers N     threads filing at once (default 2)
              --run N         letters one filing run takes at most (default 1000)
              --uncompressed  store the record's JSON uncompressed (TOAST storage EXTERNAL) on the scratch
                              database, to see what PostgreSQL's compression of it costs
              --db-url URL    an empty PostgreSQL database to use (user and password from OPENSPINE_DB_USER and
                              OPENSPINE_DB_PASSWORD); default an embedded one in a temporary directory
              --help          show this text""";
    static final int TARGET_SECONDS = 60;
    private static final String WORKFLOW = "BENCH_CLINICAL_LETTER";
    private static final String ODS = "https://fhir.nhs.uk/Id/ods-organization-code";
    private static final int SENDS_A_TRANSACTION = 500;

    private MeshBacklog() {
    }

    /** Runs the scenario with command-line {@code args}, prints the figures and exits the JVM. */
    public static void main(String[] args) throws Exception {
        Optional<Options> parsed = CommandLine.options(args, USAGE, Options::parse);
        if (parsed.isEmpty()) {
            return;
        }
        Options options = parsed.get();
        boolean met;
        // the database goes with the directory when the run ends, however it ends
        try (ScratchDirectory scratch = ScratchDirectory.create("openspine-mesh-backlog")) {
            Path dir = scratch.path();
            DatabaseConfig.Location location = options.dbUrl() == null ? new DatabaseConfig.Embedded(dir.resolve("db"))
                    : new DatabaseConfig.External(options.dbUrl(), System.getenv().getOrDefault("OPENSPINE_DB_USER", ""),
                            System.getenv().getOrDefault("OPENSPINE_DB_PASSWORD", ""));
            Clock clock = Clock.systemUTC();
            String load = loadAverage();
            try (Database database = Database.open(new DatabaseConfig(location, options.workers() + 4))) {
                AuditServices audit = AuditServices.start(database, dir, clock);
                try {
                    met = run(options, database, audit, clock, load, options.dbUrl() == null
                            ? Optional.of(dir.resolve("db")) : Optional.empty());
                } finally {
                    audit.close();
                }
            }
        }
        System.exit(met ? 0 : 1);
    }

    private static boolean run(Options options, Database database, AuditServices audit, Clock clock, String loadBefore,
            Optional<Path> embedded) throws Exception {
        FhirCodec codec = new FhirCodec();
        FhirServices fhir = FhirServices.open(database, codec, SearchParameters.r4(codec.context().getResourceTypes()),
                new ProfileValidation(codec.context(), Optional.empty()), clock, "bench", List.of(new MatchKeyParam()));
        Random random = new Random(42);
        if (options.uncompressed()) {
            // an experiment on this scratch database only: what PostgreSQL's default (pglz) compression of the
            // record's JSON costs the filing; lz4 would be the cheap middle, but the embedded binaries lack it
            database.inTransaction(connection -> {
                try (var alter = connection.createStatement()) {
                    alter.execute("ALTER TABLE resource ALTER COLUMN json SET STORAGE EXTERNAL");
                    alter.execute("ALTER TABLE resource_version ALTER COLUMN json SET STORAGE EXTERNAL");
                }
                return null;
            });
        }
        long setupStart = System.nanoTime();
        Mailboxes mailboxes = new Mailboxes(PasswordSeal.ephemeral()); // a scratch database no other process reads
        List<String> practiceMailboxes = new ArrayList<>();
        List<List<Person>> patients = new ArrayList<>();
        database.inTransaction(connection -> {
            new Workflows().define(connection, new Workflow(WORKFLOW, "Discharge summaries", Duration.ofDays(1),
                    Assurance.NONE, true));
            mailboxes.save(connection, new Mailbox("BENCHRR8", "RR8", "Leeds Teaching Hospitals letters", true), "password",
                    Set.of(), clock.instant());
            return null;
        });
        for (int p = 0; p < options.practices(); p++) {
            String ods = String.format(Locale.ROOT, "B%05d", p);
            String practiceId = UUID.randomUUID().toString();
            List<IBaseResource> resources = new ArrayList<>();
            resources.add(parse(codec, """
                    {"resourceType":"Organization","id":"%s","identifier":[{"system":"%s","value":"%s"}],"active":true,
                     "type":[{"coding":[{"system":"https://fhir.nhs.uk/CodeSystem/organisation-role","code":"76"}]}],
                     "name":"Bench surgery %s"}""".formatted(practiceId, ODS, ods, ods)));
            List<Person> people = new ArrayList<>();
            for (int i = 0; i < options.patients(); i++) {
                Person person = Person.draw(random);
                people.add(person);
                resources.add(parse(codec, person.patient(UUID.randomUUID().toString(), practiceId, ods)));
            }
            String mailbox = "BENCH" + ods;
            database.inTransaction(connection -> {
                fhir.store().createAll(connection, resources);
                mailboxes.save(connection, new Mailbox(mailbox, ods, "Bench practice " + ods, true), "password", Set.of(),
                        clock.instant());
                return null;
            });
            practiceMailboxes.add(mailbox);
            patients.add(people);
        }
        System.err.printf(Locale.ROOT, "backlog: %d practices, %,d patients in %.1f s%n", options.practices(),
                options.practices() * options.patients(), seconds(setupStart));

        long sendStart = System.nanoTime();
        Outbox outbox = new Outbox(mailboxes, PayloadAssurance.NONE, ExchangeSettings.MESH, clock);
        AtomicLong bytes = new AtomicLong();
        for (int sent = 0; sent < options.letters(); sent += SENDS_A_TRANSACTION) {
            int count = Math.min(SENDS_A_TRANSACTION, options.letters() - sent);
            List<Envelope> envelopes = new ArrayList<>();
            List<byte[]> letters = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                int practice = random.nextInt(options.practices());
                Person person = patients.get(practice).get(random.nextInt(options.patients()));
                Instant dated = clock.instant().minus(Duration.ofMinutes(random.nextInt(options.days() * 24 * 60) + 60));
                byte[] letter = person.letter(dated, options.entries(), random);
                bytes.addAndGet(letter.length);
                letters.add(letter);
                envelopes.add(new Envelope("BENCHRR8", practiceMailboxes.get(practice), WORKFLOW, Optional.empty(),
                        Optional.of("Discharge summary"), Optional.empty(), Optional.of("application/fhir+json"), false,
                        false, false, Optional.empty(), 1));
            }
            database.inTransaction(connection -> {
                for (int i = 0; i < envelopes.size(); i++) {
                    outbox.send(connection, envelopes.get(i), new ByteArrayInputStream(letters.get(i)));
                }
                return null;
            });
        }
        System.err.printf(Locale.ROOT, "backlog: %,d letters (%.1f kB each on average) sent in %.1f s; filing%n",
                options.letters(), bytes.get() / 1024.0 / options.letters(), seconds(sendStart));

        LetterFiling filing = new LetterFiling(database, codec, fhir.store(), fhir.search(), audit.trail(),
                new MatcherPatientFinder(fhir.search()), FilingSettings.DEFAULTS, clock);
        AtomicInteger runs = new AtomicInteger();
        Duration jvmBefore = jvmCpu();
        Optional<Duration> postgresBefore = embedded.flatMap(MeshBacklog::postgresCpu);
        long start = System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(options.workers());
        List<Future<Integer>> workers = new ArrayList<>();
        for (int w = 0; w < options.workers(); w++) {
            workers.add(pool.submit(() -> {
                int filed = 0;
                while (true) {
                    int n = filing.fileBatch(options.run());
                    runs.incrementAndGet();
                    filed += n;
                    if (n == 0) {
                        if (waiting(database) == 0) {
                            return filed;
                        }
                        Thread.sleep(100); // a release settling, or the rest held by another worker's run
                    }
                }
            }));
        }
        int acknowledged = 0;
        for (Future<Integer> worker : workers) {
            acknowledged += worker.get();
        }
        double elapsed = seconds(start);
        double jvm = seconds(jvmCpu().minus(jvmBefore));
        Optional<Double> postgres = postgresBefore.flatMap(before -> embedded.flatMap(MeshBacklog::postgresCpu)
                .map(after -> seconds(after.minus(before))));
        pool.shutdown();

        long filed = count(database, "SELECT count(*) FROM mesh_tracking WHERE event = 'filed'");
        long queued = count(database, "SELECT count(*) FROM mesh_tracking WHERE event = 'queued'");
        long left = waiting(database);
        long resources = count(database, "SELECT count(*) FROM resource WHERE res_type IN ('DocumentReference', 'Binary',"
                + " 'Condition', 'Observation', 'Task')");
        long summaries = count(database, "SELECT count(*) FROM resource WHERE res_type = 'Task' AND json LIKE "
                + "'%review-delayed-documents%'");
        boolean complete = filed + queued == options.letters() && acknowledged == options.letters() && left == 0;
        boolean met = complete && elapsed < TARGET_SECONDS;
        System.out.printf(Locale.ROOT, """
                MESH backlog filing (%s)
                  letters            %,d to %d practices (%,d patients), %d coded entries each, dated up to %d days back%s
                  workers            %d, up to %d letters a run, %d runs
                  filed              %,d   queued %,d   still waiting %,d
                  record resources   %,d written (DocumentReference, Binary, entries, tasks), %,d summary tasks
                  time               %.1f s  (%.0f letters/s)   target < %d s: %s
                  CPU while filing   this JVM %.1f s, its PostgreSQL %s: on %d idle cores at least %s
                  load average       before %s, after %s (other work on the machine shares its cores)
                """, complete ? "every letter acknowledged once filed or queued" : "INCOMPLETE", options.letters(),
                options.practices(), options.practices() * options.patients(), options.entries(), options.days(),
                options.uncompressed() ? "; record JSON stored uncompressed" : "", options.workers(), options.run(),
                runs.get(), filed, queued, left, resources, summaries, elapsed, options.letters() / elapsed,
                TARGET_SECONDS, met ? "met" : "missed", jvm,
                postgres.map(p -> String.format(Locale.ROOT, "%.1f s", p)).orElse("unknown (external)"),
                Runtime.getRuntime().availableProcessors(), postgres.map(p -> String.format(Locale.ROOT, "%.1f s",
                        (jvm + p) / Runtime.getRuntime().availableProcessors())).orElse("unknown"), loadBefore,
                loadAverage());
        return met;
    }

    /** @return the CPU time this JVM has used */
    private static Duration jvmCpu() {
        return ProcessHandle.current().info().totalCpuDuration().orElse(Duration.ZERO);
    }

    /**
     * @return the CPU time the embedded PostgreSQL in {@code dataDir} has used: its postmaster and the backends it
     *         runs now (the pool's connections live through the run)
     */
    private static Optional<Duration> postgresCpu(Path dataDir) {
        String marker = "-D " + dataDir.resolve("postgres");
        return ProcessHandle.allProcesses()
                .filter(p -> p.info().commandLine().map(c -> c.contains(marker)).orElse(false)).findFirst()
                .map(postmaster -> postmaster.children().map(child -> child.info().totalCpuDuration().orElse(Duration.ZERO))
                        .reduce(postmaster.info().totalCpuDuration().orElse(Duration.ZERO), Duration::plus));
    }

    private static double seconds(Duration duration) {
        return duration.toNanos() / 1e9;
    }

    /** @return how many clinical letters wait in the inboxes */
    private static long waiting(Database database) {
        return count(database, "SELECT count(*) FROM mesh_message WHERE status = 'inbox' AND workflow_id = '" + WORKFLOW + "'");
    }

    private static long count(Database database, String sql) {
        return database.read(connection -> {
            try (PreparedStatement select = connection.prepareStatement(sql); ResultSet rows = select.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        });
    }

    private static IBaseResource parse(FhirCodec codec, String json) {
        return codec.parseStrict(json.getBytes(StandardCharsets.UTF_8), MediaType.JSON);
    }

    private static double seconds(long since) {
        return (System.nanoTime() - since) / 1e9;
    }

    private static String loadAverage() {
        try {
            String[] parts = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return parts[0] + " " + parts[1] + " " + parts[2];
        } catch (IOException e) {
            return "unknown"; // not Linux: the figure is a courtesy, not a measurement
        }
    }

    /** A synthetic patient: NHS Number, names, birth date and postcode, and the letters a hospital writes about them. */
    private record Person(String nhsNumber, String family, String given, String birthDate, String postcode) {

        private static final String[] FAMILIES = {"Smith", "Jones", "Taylor", "Brown", "Williams", "Wilson", "Johnson",
            "Davies", "Patel", "Robinson", "Wright", "Thompson", "Evans", "Walker", "White", "Roberts", "Green", "Hall"};
        private static final String[] GIVEN = {"Olivia", "Amelia", "Isla", "Ava", "Mia", "Grace", "Oliver", "George",
            "Noah", "Arthur", "Harry", "Leo", "Muhammad", "Jack", "Charlie", "Oscar", "Jacob", "Henry"};
        private static final String[][] CONDITIONS = {{"44054006", "Diabetes mellitus type 2"},
            {"38341003", "Hypertensive disorder"}, {"195967001", "Asthma"}, {"13645005", "Chronic obstructive lung disease"},
            {"49436004", "Atrial fibrillation"}, {"35489007", "Depressive disorder"}};
        private static final String NARRATIVE = ("The patient was admitted via the emergency department and treated on the "
                + "acute medical unit. Observations were stable throughout the stay, bloods were repeated on the second "
                + "day and were within normal limits, and the patient was reviewed by the consultant on the ward round "
                + "before discharge home with the usual package of care. ").repeat(8);

        static Person draw(Random random) {
            String stem;
            int check;
            do {
                stem = "9" + String.format(Locale.ROOT, "%08d", random.nextInt(100_000_000));
                check = NhsNumber.checkDigit(stem);
            } while (check < 0 || check > 9);
            return new Person(stem + check, FAMILIES[random.nextInt(FAMILIES.length)], GIVEN[random.nextInt(GIVEN.length)],
                    String.format(Locale.ROOT, "%d-%02d-%02d", 1930 + random.nextInt(90), 1 + random.nextInt(12),
                            1 + random.nextInt(28)),
                    String.format(Locale.ROOT, "LS%d %d%c%c", 1 + random.nextInt(28), random.nextInt(10),
                            (char) ('A' + random.nextInt(26)), (char) ('A' + random.nextInt(26))));
        }

        String patient(String id, String practiceId, String ods) {
            return """
                    {"resourceType":"Patient","id":"%s","identifier":[{"system":"%s","value":"%s"}],
                     "name":[{"use":"official","family":"%s","given":["%s"]}],"gender":"female","birthDate":"%s",
                     "address":[{"use":"home","postalCode":"%s"}],
                     "generalPractitioner":[{"reference":"Organization/%s","identifier":{"system":"%s","value":"%s"}}]}"""
                    .formatted(id, NhsNumber.SYSTEM, nhsNumber, family, given, birthDate, postcode, practiceId, ODS, ods);
        }

        /** @return the Patient as a hospital's letter names them */
        String asWritten() {
            return """
                    {"resourceType":"Patient","identifier":[{"system":"%s","value":"%s"}],
                     "name":[{"use":"official","family":"%s","given":["%s"]}],"gender":"female","birthDate":"%s",
                     "address":[{"use":"home","postalCode":"%s"}]}""".formatted(NhsNumber.SYSTEM, nhsNumber, family, given,
                    birthDate, postcode);
        }

        byte[] letter(Instant dated, int entries, Random random) {
            StringBuilder entry = new StringBuilder();
            StringBuilder sectionEntries = new StringBuilder();
            for (int i = 0; i < entries; i++) {
                String url = "urn:uuid:" + UUID.randomUUID();
                sectionEntries.append(i == 0 ? "" : ",").append("{\"reference\":\"").append(url).append("\"}");
                if (i % 2 == 0) {
                    String[] condition = CONDITIONS[random.nextInt(CONDITIONS.length)];
                    entry.append(",{\"fullUrl\":\"").append(url).append("\",\"resource\":{\"resourceType\":\"Condition\","
                            + "\"clinicalStatus\":{\"coding\":[{\"system\":\"http://terminology.hl7.org/CodeSystem/condition-clinical\","
                            + "\"code\":\"active\"}]},\"verificationStatus\":{\"coding\":[{\"system\":"
                            + "\"http://terminology.hl7.org/CodeSystem/condition-ver-status\",\"code\":\"confirmed\"}]},"
                            + "\"code\":{\"coding\":[{\"system\":\"http://snomed.info/sct\",\"code\":\"").append(condition[0])
                            .append("\",\"display\":\"").append(condition[1]).append("\"}]},\"subject\":{\"reference\":"
                            + "\"urn:uuid:patient\"},\"asserter\":{\"reference\":\"urn:uuid:author\"}}}");
                } else {
                    entry.append(",{\"fullUrl\":\"").append(url).append("\",\"resource\":{\"resourceType\":\"Observation\","
                            + "\"status\":\"final\",\"code\":{\"coding\":[{\"system\":\"http://snomed.info/sct\","
                            + "\"code\":\"27113001\",\"display\":\"Body weight\"}]},\"subject\":{\"reference\":"
                            + "\"urn:uuid:patient\"},\"effectiveDateTime\":\"").append(dated).append("\",\"valueQuantity\":"
                            + "{\"value\":").append(50 + random.nextInt(60)).append(",\"unit\":\"kg\",\"system\":"
                            + "\"http://unitsofmeasure.org\",\"code\":\"kg\"}}}");
                }
            }
            String json = """
                    {"resourceType":"Bundle","type":"document","identifier":{"system":"urn:ietf:rfc:3986","value":"urn:uuid:%s"},
                     "timestamp":"%s","entry":[{"fullUrl":"urn:uuid:composition","resource":{"resourceType":"Composition",
                     "status":"final","type":{"coding":[{"system":"http://snomed.info/sct","code":"373942005",
                     "display":"Discharge summary"}]},"subject":{"reference":"urn:uuid:patient"},"date":"%s",
                     "author":[{"reference":"urn:uuid:author"}],"title":"Discharge summary","custodian":{"display":
                     "Leeds Teaching Hospitals NHS Trust","identifier":{"system":"%s","value":"RR8"}},
                     "section":[{"title":"Hospital course","text":{"status":"generated","div":
                     "<div xmlns=\\"http://www.w3.org/1999/xhtml\\"><p>%s</p></div>"},"entry":[%s]}]}},
                     {"fullUrl":"urn:uuid:patient","resource":%s},
                     {"fullUrl":"urn:uuid:author","resource":{"resourceType":"Practitioner","identifier":[{"system":
                     "https://fhir.hl7.org.uk/Id/gmc-number","value":"C1234567"}],"name":[{"text":"Dr Rosa Lind"}]}}%s]}"""
                    .formatted(UUID.randomUUID(), dated, dated, ODS, NARRATIVE, sectionEntries,
                            asWritten(), entry);
            return json.getBytes(StandardCharsets.UTF_8);
        }
    }

    /** The command line, checked on entry. */
    private record Options(int letters, int practices, int patients, int entries, int days, int workers, int run,
                           boolean uncompressed, String dbUrl) {

        static Options parse(String[] args) {
            int letters = 32_619;
            int practices = 64;
            int patients = 100;
            int entries = 2;
            int days = 60;
            int workers = 2;
            int run = 1000;
            String dbUrl = null;
            boolean uncompressed = false;
            for (int i = 0; i < args.length; i++) {
                String option = args[i];
                if (option.equals("--uncompressed")) {
                    uncompressed = true;
                    continue;
                }
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException("backlog: " + option + " needs a value");
                }
                String value = args[++i];
                switch (option) {
                    case "--letters" -> letters = number(option, value, 1, Integer.MAX_VALUE);
                    case "--practices" -> practices = number(option, value, 1, 99_999);
                    case "--patients" -> patients = number(option, value, 1, 1_000_000);
                    case "--entries" -> entries = number(option, value, 0, 50);
                    case "--days" -> days = number(option, value, 1, 3650);
                    case "--workers" -> workers = number(option, value, 1, 64);
                    case "--run" -> run = number(option, value, 1, LetterFiling.MAX_RUN);
                    case "--db-url" -> dbUrl = value;
                    default -> throw new IllegalArgumentException("backlog: unknown option " + option);
                }
            }
            return new Options(letters, practices, patients, entries, days, workers, run, uncompressed, dbUrl);
        }

        private static int number(String option, String value, int least, int most) {
            try {
                int number = Integer.parseInt(value.replace("_", ""));
                if (number < least || number > most) {
                    throw new IllegalArgumentException("backlog: " + option + " must be " + least + " to " + most
                            + ", was " + value);
                }
                return number;
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("backlog: " + option + " must be a number, was " + value, e);
            }
        }
    }
}
