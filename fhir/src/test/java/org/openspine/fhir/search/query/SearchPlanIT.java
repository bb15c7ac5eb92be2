package org.openspine.fhir.search.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.openspine.fhir.search.query.PlanDataset.GMC;
import static org.openspine.fhir.search.query.PlanDataset.ICD10;
import static org.openspine.fhir.search.query.PlanDataset.LOINC;
import static org.openspine.fhir.search.query.PlanDataset.NHS_NUMBER;
import static org.openspine.fhir.search.query.PlanDataset.PROFILES;
import static org.openspine.fhir.search.query.PlanDataset.SNOMED;
import static org.openspine.fhir.search.query.PlanDataset.TAGS;
import static org.openspine.fhir.search.query.PlanDataset.UCUM;
import static org.openspine.fhir.search.query.PlanDataset.V2_0203;
import static org.openspine.fhir.search.query.PlanDataset.VALUE_SETS;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.openspine.fhir.FhirServices;
import org.openspine.fhir.model.FhirCodec;
import org.openspine.fhir.search.SearchParameters;
import org.openspine.fhir.validation.ProfileValidation;
import org.openspine.platform.database.Database;
import org.openspine.platform.database.DatabaseConfig;
import org.openspine.platform.database.TestDatabase;

/**
 * Every supported query shape is index-backed: for each shape (one per parameter type, modifier,
 * prefix, chain, reverse chain, sort, page, include and count), EXPLAIN the SQL the search runs,
 * with its bind values, over a realistic dataset ({@link PlanDataset}), and fail when the plan reads
 * a large table whole: a sequential scan, or an index scan with no condition on the index's leading
 * column (see {@link PlanScans}). Each shape's planning and execution time is measured and printed,
 * marked where the plan walks a resource type in rid order.
 *
 * <p>The dataset lives in its own database ({@value #DATABASE}) on the shared test server, so its
 * size is known whatever other tests write; it is dropped afterwards. It is vacuumed as well as
 * analysed, the steady state autovacuum keeps a table in: index-only scans depend on it.
 */
class SearchPlanIT {

    private static final String DATABASE = "plan_test";
    private static final String BASE = "https://openspine.test/fhir/R4";
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Patient 1234 (Taylor) and their record, as a clinician would look them up. */
    private static final int P = 1234;
    private static final String PATIENT = PlanDataset.patient(P);
    /** Shape name -> its timing line, in the order the shapes ran. */
    private static final Map<String, String> TIMES = Collections.synchronizedMap(new LinkedHashMap<>());

    private static Database database;
    private static FhirSearch search;
    private static PlanScans scans;

    @BeforeAll
    static void loadDataset() {
        Database shared = TestDatabase.shared();
        String url = shared.read(connection -> {
            try (Statement statement = connection.createStatement()) {
                statement.execute("DROP DATABASE IF EXISTS " + DATABASE);
                statement.execute("CREATE DATABASE " + DATABASE);
            }
            return connection.getMetaData().getURL();
        });
        String planUrl = url.replaceFirst("/postgres(\\?|$)", "/" + DATABASE + "$1");
        assertThat(planUrl).as("the shared test database's URL names database postgres").isNotEqualTo(url);
        database = Database.open(new DatabaseConfig(new DatabaseConfig.External(planUrl, "postgres", ""), 4));
        FhirCodec codec = new FhirCodec();
        PlanDataset.LoadClock clock = new PlanDataset.LoadClock();
        FhirServices services = FhirServices.open(database, codec,
                SearchParameters.r4(codec.context().getResourceTypes()),
                new ProfileValidation(codec.context(), Optional.empty()), clock, "plan-test");
        search = services.search();
        long started = System.nanoTime();
        int written = PlanDataset.load(database, services, clock);
        long loaded = System.nanoTime();
        database.read(connection -> {
            try (Statement statement = connection.createStatement()) {
                statement.execute("VACUUM ANALYZE"); // what autovacuum would have done by now in service
            }
            return null;
        });
        scans = database.read(PlanScans::of);
        System.out.printf("plan dataset: %d resources loaded in %d ms, vacuumed and analysed in %d ms%n%s%n", written,
                (loaded - started) / 1_000_000, (System.nanoTime() - loaded) / 1_000_000, tableSizes());
    }

    @AfterAll
    static void dropDataset() {
        StringBuilder report = new StringBuilder("shape timings (planning + execution, ms; rows of the top node)\n");
        TIMES.entrySet().forEach(e -> report.append(e.getValue()).append("  ").append(e.getKey()).append('\n'));
        System.out.println(report);
        if (database != null) {
            database.close();
            TestDatabase.shared().read(connection -> {
                try (Statement statement = connection.createStatement()) {
                    statement.execute("DROP DATABASE IF EXISTS " + DATABASE);
                }
                return null;
            });
        }
    }

    static Stream<Shape> shapes() {
        String family = PlanDataset.family(P);
        String heartRate = LOINC + "|8867-4";
        String lastDay = PlanDataset.lastRecordsWritten().atZone(ZoneOffset.UTC).toLocalDate().toString();
        return Stream.of(
                // string
                page("string starts-with", "Patient?family=" + family.substring(0, 4).toLowerCase()),
                page("string :exact", "Patient?family:exact=" + family),
                page("string :contains", "Patient?family:contains=ingto"),
                page("string on a second name part", "Patient?given=" + PlanDataset.given(P)),
                // token
                page("token system|code (identifier)", "Patient?identifier=" + NHS_NUMBER + "|" + PlanDataset.nhsNumber(P)),
                page("token system|code", "Observation?code=" + LOINC + "|4548-4"),
                page("token |code (no system)", "Patient?identifier=|" + PlanDataset.legacyId(1230)),
                page("token system|", "Condition?code=" + ICD10 + "|"),
                page("token code", "Condition?code=44054006"),
                page("token :not", "Condition?clinical-status:not=active"),
                page("token :not with patient", "Condition?patient=" + PATIENT + "&clinical-status:not=resolved"),
                page("token :text", "Condition?code:text=asthm"),
                page("token :of-type", "Patient?identifier:of-type=" + V2_0203 + "|MR|" + PlanDataset.mrn(P)),
                page("token :in", "Observation?code:in=" + VALUE_SETS + "diabetes-monitoring"),
                page("token :in with patient", "Observation?patient=" + PATIENT + "&code:in=" + VALUE_SETS
                        + "diabetes-monitoring"),
                page("token :not-in with patient", "Observation?patient=" + PATIENT + "&code:not-in=" + VALUE_SETS
                        + "vital-signs"),
                // date
                page("date eq (day)", "Observation?date=2023-03-15"),
                page("date ge", "Observation?date=ge2024-12-20"),
                page("date gt", "Observation?date=gt2024-12-20"),
                page("date le", "Observation?date=le2020-01-10"),
                page("date lt", "Observation?date=lt2020-01-10"),
                page("date sa", "Observation?date=sa2024-12-20"),
                page("date eb", "Observation?date=eb2020-01-10"),
                page("date ap", "Observation?date=ap2024-06-15"),
                page("date ne with patient", "Observation?patient=" + PATIENT + "&date=ne2023-03-15"),
                page("date eq (birthdate)", "Patient?birthdate=1975-03"),
                page("date range with patient", "Observation?patient=" + PATIENT + "&date=ge2022-01-01&date=lt2023-01-01"),
                // number
                page("number eq", "RiskAssessment?probability=0.25"),
                page("number gt", "RiskAssessment?probability=gt0.995"),
                page("number le", "RiskAssessment?probability=le0.004"),
                // quantity
                page("quantity with unit", "Observation?value-quantity=gt240|" + UCUM + "|mg/dL"),
                page("quantity without unit", "Observation?value-quantity=36.9"),
                page("quantity ap without unit", "Observation?value-quantity=ap250"),
                // reference
                page("reference Type/id", "Observation?subject=Patient/" + PATIENT),
                page("reference id", "MedicationRequest?medication=" + PlanDataset.medication(16)),
                page("reference :identifier", "Observation?performer:identifier=" + GMC + "|" + PlanDataset.gmc(123)),
                page("reference :Type", "Observation?subject:Patient=" + PATIENT),
                // uri
                page("uri", "ValueSet?url=" + VALUE_SETS + "vital-signs"),
                page("uri :below", "ValueSet?url:below=" + VALUE_SETS),
                page("uri :above", "ValueSet?url:above=" + VALUE_SETS + "vital-signs/2024"),
                // composite
                page("composite token$quantity", "Observation?code-value-quantity=" + LOINC + "|2339-0$gt140|" + UCUM
                        + "|mg/dL"),
                page("composite component", "Observation?component-code-value-quantity=" + LOINC + "|8480-6$gt175"),
                // :missing
                page(":missing=true", "Patient?general-practitioner:missing=true"),
                page(":missing=false", "Patient?general-practitioner:missing=false"),
                // common parameters
                page("_id", "Patient?_id=" + PATIENT),
                page("_id of an observation", "Observation?_id=obs-" + P + "-3"),
                page("_lastUpdated", "Observation?_lastUpdated=ge" + lastDay),
                page("_lastUpdated with patient", "Observation?patient=" + PATIENT + "&_lastUpdated=lt" + lastDay),
                page("_tag", "Patient?_tag=" + TAGS + "|research-consented"),
                page("_profile", "Condition?_profile=" + PROFILES + "UKCore-Condition"),
                page("_list", "Patient?_list=list-7"),
                // chains
                page("chain without type", "Observation?subject.name=" + family),
                page("chain with type", "Observation?subject:Patient.identifier=" + NHS_NUMBER + "|"
                        + PlanDataset.nhsNumber(P)),
                page("chain to a token", "MedicationRequest?medication.code=" + SNOMED + "|"
                        + PlanDataset.medicationCode(16)),
                page("chain two levels", "Observation?patient.organization.name=" + PlanDataset.organizationName(17)),
                page("chain two levels to an identifier", "Observation?encounter.participant.identifier=" + GMC + "|"
                        + PlanDataset.gmc(42)),
                // reverse chains
                page("_has", "Patient?_has:Observation:patient:code=" + LOINC + "|" + PlanDataset.RARE[0]),
                page("_has nested", "Patient?_has:Encounter:patient:_has:Condition:encounter:code=" + ICD10 + "|J45.9"),
                // compartments
                page("compartment", "Patient/" + PATIENT + "/Observation"),
                page("compartment with code", "Patient/" + PATIENT + "/Observation?code=" + LOINC + "|"
                        + PlanDataset.code(P, 2)[0]),
                page("compartment of conditions", "Patient/" + PATIENT + "/Condition"),
                // sorting and paging
                page("_sort date with patient", "Observation?patient=" + PATIENT + "&_sort=-date"),
                page("_sort string with name", "Patient?family=" + family.substring(0, 4) + "&_sort=given"),
                page("_sort _lastUpdated with patient", "Observation?patient=" + PATIENT + "&_sort=-_lastUpdated"),
                page("_sort date with code", "Observation?code=" + heartRate + "&_sort=-date"),
                page("_sort string over a type", "Patient?_sort=family"),
                page("_sort _lastUpdated over a type", "Observation?_sort=-_lastUpdated"),
                next("page 2 sorted by date", "Observation?patient=" + PATIENT + "&_sort=-date&_count=3"),
                next("page 2 sorted by string", "Patient?_sort=family&_count=20"),
                next("page 2 unsorted", "Observation?code=" + heartRate + "&_count=10"),
                // includes
                includes("_include", "MedicationRequest?patient=" + PATIENT + "&_include=MedicationRequest:medication"),
                includes("_include two", "Encounter?patient=" + PATIENT + "&_include=Encounter:location"
                        + "&_include=Encounter:service-provider"),
                includes("_revinclude", "Patient?_id=" + PATIENT + "&_revinclude=Observation:subject"),
                includes("_revinclude of encounters", "Encounter?patient=" + PATIENT + "&_revinclude=Condition:encounter"),
                // counts
                count("count with patient", "Observation?patient=" + PATIENT),
                count("count with code", "Observation?code=" + heartRate),
                count("count with patient and code", "Condition?patient=" + PATIENT + "&code=" + SNOMED + "|44054006"),
                // system search
                page("system _type with _tag", "?_type=Observation,Condition&_tag=" + TAGS + "|research-consented"),
                page("system _type with _id", "?_type=Patient,Practitioner&_id=" + PATIENT),
                page("system _type with _lastUpdated", "?_type=Observation,Condition&_lastUpdated=ge" + lastDay));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("shapes")
    void everyQueryShapeIsIndexBacked(Shape shape) {
        database.read(connection -> {
            List<Sql> statements = statements(connection, shape);
            assertThat(statements).as("%s runs no SQL", shape).isNotEmpty();
            for (int i = 0; i < statements.size(); i++) {
                Sql sql = statements.get(i);
                JsonNode plan = explain(connection, sql, "FORMAT JSON").path(0).path("Plan");
                PlanScans.Found found = scans.read(plan);
                assertThat(found.whole()).as(() -> shape + " reads a large table whole ("
                        + String.join(", ", found.whole()) + ")\n" + sql.text() + "\n" + sql.args() + "\n"
                        + textPlan(connection, sql)).isEmpty();
                explain(connection, sql, "ANALYZE, FORMAT JSON"); // warm the cache; time the second run
                JsonNode analysed = explain(connection, sql, "ANALYZE, FORMAT JSON").path(0);
                long rows = analysed.path("Plan").path("Actual Rows").asLong();
                assertThat(rows).as("%s finds nothing: its values do not exercise the plan", shape).isPositive();
                TIMES.put(shape.name() + (statements.size() > 1 ? " #" + (i + 1) : ""), String.format("%7.2f %7.2f %6d %s",
                        analysed.path("Planning Time").asDouble(), analysed.path("Execution Time").asDouble(), rows,
                        found.walks().isEmpty() ? "     " : "walks"));
            }
            return null;
        });
    }

    @Test
    void onePatientsCodedSearchRunsOnItsCodesGenericPlanAndThatPlanDrivesFromThePatient() {
        // Over a million resources the generic plan of this search, its code bound, drove from the code: a
        // thousand times slower. With the code written in, the generic plan knows the code's own frequency.
        database.read(connection -> {
            String code = commonestObservationCodeOf(connection, PATIENT);
            Map<String, List<String>> criteria = Map.of("patient", List.of(PATIENT), "code", List.of(LOINC + "|" + code),
                    "date", List.of("ge2015-01-01"));
            assertRunsOnGenericPlans(connection, "searches",
                    i -> assertThat(search.find(connection, "Observation", criteria, BASE, 10)).isNotEmpty());

            Sql page = search.pageSql(parse(connection, "Observation?patient=" + PATIENT + "&code=" + LOINC + "|" + code
                    + "&date=ge2015-01-01"), Optional.empty());
            assertThat(page.text()).as("the code is written in").contains("'" + code + "'").contains("'" + LOINC + "'");
            assertGenericPlanReadsAtMostTwiceTheCustom(connection, page, "for the commonest code");
            return null;
        });
    }

    @Test
    void aSearchForPatientsBornOnOneDayRunsOnAGenericPlanDrivenFromThatDay() {
        // Planned for its values this search spent longer planning than running; with its values bound the
        // generic plan drove from the name, which a common name (or a prefix of one) makes slow.
        database.read(connection -> {
            JsonNode patient = readJson(search.find(connection, "Patient", Map.of("_id", List.of(PATIENT)), BASE, 1).get(0).json());
            String birthDate = patient.at("/birthDate").asText();
            String initial = patient.at("/name/0/family").asText().substring(0, 1); // a prefix many patients share
            Map<String, List<String>> criteria = Map.of("family", List.of(initial), "birthdate", List.of(birthDate));
            assertRunsOnGenericPlans(connection, "searches", i -> assertThat(search.find(connection, "Patient", criteria,
                    BASE, 10)).anySatisfy(found -> assertThat(found.id()).isEqualTo(PATIENT)));

            Sql page = search.pageSql(parse(connection, "Patient?family=" + initial + "&birthdate=" + birthDate),
                    Optional.empty());
            JsonNode plan = probe(connection, page, (statement, execute) -> {
                statement.execute("SET plan_cache_mode = force_generic_plan");
                try (ResultSet explained = statement.executeQuery("EXPLAIN (FORMAT JSON) " + execute)) {
                    explained.next();
                    return readJson(explained.getString(1)).path(0).path("Plan");
                } finally {
                    statement.execute("RESET plan_cache_mode");
                }
            });
            assertThat(initPlanScans(plan)).as("what the generic plan reads before anything else:\n%s", plan.toPrettyString())
                    .containsExactly("idx_date");
            assertGenericPlanReadsAtMostTwiceTheCustom(connection, page, "for a common prefix");
            return null;
        });
    }

    @Test
    void birthDatesOfMoreThanOneDayAreNotPlannedAsOneDay() {
        database.read(connection -> {
            for (String birthdate : List.of("1975-03", "1975", "ge1975-03-01", "le1975-03-01", "ne1975-03-01")) {
                assertThat(Searcher.planFor(parse(connection, "Patient?family=Smith&birthdate=" + birthdate)))
                        .as(birthdate).isEqualTo(Searcher.Plan.CUSTOM);
            }
            assertThat(Searcher.planFor(parse(connection, "Patient?family=Smith&birthdate=1975-03-01&_sort=family")))
                    .as("sorted").isEqualTo(Searcher.Plan.CUSTOM);
            assertThat(Searcher.planFor(parse(connection, "Patient?family=Smith&birthdate=1975-03-01&birthdate=1975-03-02")))
                    .as("two days").isEqualTo(Searcher.Plan.CUSTOM);
            assertThat(Searcher.planFor(parse(connection, "Patient?birthdate=2020-10-25&gender=female")))
                    .as("a 25-hour day").isEqualTo(Searcher.Plan.BIRTH_DAY);
            return null;
        });
    }

    @Test
    void otherSearchesOfSeveralClausesArePlannedForTheirValuesEveryTime() {
        // without one patient to drive from, which clause should drive depends on the values
        database.read(connection -> {
            String code = commonestObservationCodeOf(connection, PATIENT);
            long[] before = planCounts(connection);
            for (int i = 0; i < 12; i++) {
                assertThat(search.find(connection, "Observation", Map.of("code", List.of(LOINC + "|" + code),
                        "date", List.of("ge2015-01-01")), BASE, 10)).isNotEmpty();
            }
            long[] after = planCounts(connection);
            assertThat(after[0] - before[0]).as("generic plans of the session's searches").isZero();
            assertThat(after[1] - before[1]).as("custom plans of the session's searches").isGreaterThanOrEqualTo(12);
            assertThat(planMode(connection)).isEqualTo("auto");
            return null;
        });
    }

    @Test
    void lookupsRunOnTheirGenericPlanAndLeaveTheConnectionsPlanModeAsItWas() {
        database.read(connection -> {
            assertRunsOnGenericPlans(connection, "lookups", i -> assertThat(search.find(connection, "Patient",
                    Map.of("identifier", List.of(NHS_NUMBER + "|" + PlanDataset.nhsNumber(P + i))), BASE, 10)).hasSize(1));
            return null;
        });
        database.inTransaction(connection -> {
            search.find(connection, "Patient", Map.of("identifier", List.of(NHS_NUMBER + "|" + PlanDataset.nhsNumber(P))),
                    BASE, 10);
            assertThat(planMode(connection)).as("inside a transaction too").isEqualTo("auto");
            return null;
        });
    }

    // ---- running a shape ------------------------------------------------------------------------

    /** @return the tables the plan's init plans (run once, before the rest) read */
    private static List<String> initPlanScans(JsonNode node) {
        List<String> tables = new ArrayList<>();
        for (JsonNode child : node.path("Plans")) {
            if ("InitPlan".equals(child.path("Parent Relationship").asText())) {
                tables.addAll(relations(child));
            } else {
                tables.addAll(initPlanScans(child));
            }
        }
        return tables;
    }

    private static List<String> relations(JsonNode node) {
        List<String> tables = new ArrayList<>();
        if (node.has("Relation Name")) {
            tables.add(node.path("Relation Name").asText());
        }
        node.path("Plans").forEach(child -> tables.addAll(relations(child)));
        return tables;
    }

    private static JsonNode readJson(String json) {
        try {
            return JSON.readTree(json);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** @return of the codes of {@code patient}'s observations, the one most observations in the dataset carry */
    private static String commonestObservationCodeOf(Connection connection, String patient) throws SQLException {
        java.util.Set<String> codes = new java.util.HashSet<>();
        for (var observation : search.find(connection, "Observation", Map.of("patient", List.of(patient)), BASE, 100)) {
            codes.add(readJson(observation.json()).at("/code/coding/0/code").asText());
        }
        try (PreparedStatement statement = connection.prepareStatement("""
                SELECT t.code FROM idx_token t JOIN resource r ON r.rid = t.rid
                WHERE r.res_type = 'Observation' AND t.system = ? AND t.code = ANY (?)
                GROUP BY t.code ORDER BY count(*) DESC LIMIT 1""")) {
            statement.setString(1, LOINC);
            statement.setArray(2, connection.createArrayOf("text", codes.toArray()));
            try (ResultSet commonest = statement.executeQuery()) {
                assertThat(commonest.next()).as("%s has coded observations", patient).isTrue();
                return commonest.getString(1);
            }
        }
    }

    /**
     * @return the shared buffers (hit or read) that running {@code sql} touches on the plan {@code mode}
     *         chooses, prepared as the searcher's statement is: EXPLAIN of a statement with values shows a
     *         plan for those values, EXPLAIN EXECUTE of a prepared one shows the generic plan
     */
    private static long buffersOf(Connection connection, Sql sql, String mode) throws SQLException {
        return probe(connection, sql, (statement, execute) -> PlanScans.pagesRead(statement, execute, mode));
    }

    /** What {@link #probe} runs: given a statement and the EXECUTE of the prepared search page. */
    private interface Probe<T> {
        T run(Statement statement, String execute) throws SQLException;
    }

    /** @return what {@code probe} finds of {@code sql} prepared as the searcher's statement is */
    private static <T> T probe(Connection connection, Sql sql, Probe<T> probe) throws SQLException {
        StringBuilder text = new StringBuilder();
        int n = 0;
        for (char c : sql.text().toCharArray()) {
            text.append(c == '?' ? "$" + ++n : String.valueOf(c));
        }
        List<String> values = new ArrayList<>();
        for (Object arg : sql.args()) {
            assertThat(arg).as("a scalar bind value").isNotInstanceOf(Object[].class);
            values.add("'" + String.valueOf(arg).replace("'", "''") + "'");
        }
        try (Statement statement = connection.createStatement()) {
            statement.execute("PREPARE plan_probe AS " + text);
            try {
                return probe.run(statement, "EXECUTE plan_probe(" + String.join(", ", values) + ")");
            } finally {
                statement.execute("DEALLOCATE plan_probe");
            }
        }
    }

    /** One of twelve searches a test runs on one session. */
    private interface SearchRun {
        void run(int i) throws SQLException;
    }

    /**
     * Runs {@code search} twelve times on the session: every run on a cached generic plan, none planned for its
     * values, and the session's plan mode left as it was.
     */
    private static void assertRunsOnGenericPlans(Connection connection, String what, SearchRun search) throws SQLException {
        long[] before = planCounts(connection);
        for (int i = 0; i < 12; i++) {
            search.run(i);
        }
        long[] after = planCounts(connection);
        assertThat(after[0] - before[0]).as("generic plans of the session's %s", what).isGreaterThanOrEqualTo(12);
        assertThat(after[1] - before[1]).as("custom plans of the session's %s", what).isZero();
        assertThat(planMode(connection)).isEqualTo("auto");
    }

    /** The generic plan is safe for these values: it reads no more than twice the pages of their custom plan. */
    private static void assertGenericPlanReadsAtMostTwiceTheCustom(Connection connection, Sql page, String values)
            throws SQLException {
        long generic = buffersOf(connection, page, "force_generic_plan");
        long custom = buffersOf(connection, page, "force_custom_plan");
        assertThat(generic).as("pages the generic plan reads %s (the custom plan reads %d)", values, custom)
                .isLessThanOrEqualTo(2 * custom + 20);
    }

    /** @return generic and custom plans so far of the session's prepared search pages (their deltas tell a test's own) */
    private static long[] planCounts(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet plans = statement.executeQuery("SELECT coalesce(sum(generic_plans), 0), coalesce(sum(custom_plans), 0)"
                     + " FROM pg_prepared_statements WHERE ltrim(statement) LIKE 'SELECT r.rid, r.res_type%'")) {
            plans.next();
            return new long[] {plans.getLong(1), plans.getLong(2)};
        }
    }

    private static String planMode(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet mode = statement.executeQuery("SHOW plan_cache_mode")) {
            mode.next();
            return mode.getString(1);
        }
    }

    /** @return the statements the search would run for {@code shape}, with their bind values */
    private static List<Sql> statements(Connection connection, Shape shape) throws SQLException {
        SearchQuery query = parse(connection, shape.url());
        return switch (shape.kind()) {
            case PAGE -> List.of(search.pageSql(query, Optional.empty()));
            case COUNT -> List.of(search.countSql(query));
            case NEXT_PAGE -> {
                SearchPage first = search.page(connection, query, Optional.empty());
                assertThat(first.next()).as("%s has a second page", shape).isPresent();
                yield List.of(search.pageSql(query, first.next()));
            }
            case INCLUDES -> {
                SearchPage first = search.page(connection, query, Optional.empty());
                assertThat(first.included()).as("%s includes something", shape).isNotEmpty();
                yield search.includeSql(query, first.matches());
            }
        };
    }

    /** {@code Type?query}, {@code Patient/id/Type?query} (compartment) or {@code ?_type=...} (system). */
    private static SearchQuery parse(Connection connection, String url) throws SQLException {
        int mark = url.indexOf('?');
        String path = mark < 0 ? url : url.substring(0, mark);
        Map<String, List<String>> params = new LinkedHashMap<>();
        if (mark >= 0) {
            for (String pair : url.substring(mark + 1).split("&")) {
                int eq = pair.indexOf('=');
                params.computeIfAbsent(pair.substring(0, eq), k -> new ArrayList<>()).add(pair.substring(eq + 1));
            }
        }
        String[] segments = path.isEmpty() ? new String[0] : path.split("/");
        List<String> types = switch (segments.length) {
            case 0 -> List.of(params.get("_type").get(0).split(","));
            case 1 -> List.of(segments[0]);
            default -> List.of(segments[2]);
        };
        Optional<FhirSearch.Compartment> compartment = segments.length == 3
                ? Optional.of(new FhirSearch.Compartment(segments[0], segments[1])) : Optional.empty();
        return search.parse(connection, types, params, BASE, true, compartment);
    }

    private static JsonNode explain(Connection connection, Sql sql, String options) throws SQLException {
        try (PreparedStatement statement = sql.prefixed("EXPLAIN (" + options + ") ").prepare(connection);
             ResultSet results = statement.executeQuery()) {
            results.next();
            return JSON.readTree(results.getString(1));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("PostgreSQL returned an unreadable plan", e);
        }
    }

    private static String textPlan(Connection connection, Sql sql) {
        StringBuilder text = new StringBuilder();
        try (PreparedStatement statement = sql.prefixed("EXPLAIN ").prepare(connection);
             ResultSet results = statement.executeQuery()) {
            while (results.next()) {
                text.append(results.getString(1)).append('\n');
            }
        } catch (SQLException e) {
            text.append("(no text plan: ").append(e.getMessage()).append(')');
        }
        return text.toString();
    }

    private static String tableSizes() {
        return database.read(connection -> {
            StringBuilder sizes = new StringBuilder();
            try (Statement statement = connection.createStatement();
                 ResultSet rows = statement.executeQuery("""
                         SELECT relname, reltuples::bigint, pg_size_pretty(pg_total_relation_size(oid)) FROM pg_class
                         WHERE relkind = 'r' AND (relname LIKE 'idx\\_%' OR relname LIKE 'resource%') ORDER BY relname""")) {
                while (rows.next()) {
                    sizes.append(String.format("  %-18s %8d rows %10s%n", rows.getString(1), rows.getLong(2),
                            rows.getString(3)));
                }
            }
            return sizes.toString();
        });
    }

    private static Shape page(String name, String url) {
        return new Shape(name, url, Kind.PAGE);
    }

    private static Shape next(String name, String url) {
        return new Shape(name, url, Kind.NEXT_PAGE);
    }

    private static Shape includes(String name, String url) {
        return new Shape(name, url, Kind.INCLUDES);
    }

    private static Shape count(String name, String url) {
        return new Shape(name, url, Kind.COUNT);
    }

    /** What of a search is explained: its first page, its second, its first page's includes, or its count. */
    enum Kind {
        PAGE, NEXT_PAGE, INCLUDES, COUNT
    }

    /** One query shape: a name for reports and the search's URL after the FHIR base. */
    record Shape(String name, String url, Kind kind) {
        @Override
        public String toString() {
            return name + ": " + url;
        }
    }
}
