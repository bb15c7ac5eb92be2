package org.openspine.fhir.search.query;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.hl7.fhir.r4.model.Enumerations;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.Patient;
import org.junit.jupiter.api.Test;
import org.openspine.fhir.FhirServices;
import org.openspine.fhir.model.FhirCodec;
import org.openspine.fhir.search.SearchParameters;
import org.openspine.fhir.validation.ProfileValidation;
import org.openspine.platform.database.Database;
import org.openspine.platform.database.TestDatabase;

/**
 * A lookup first run on an almost empty store still runs on a sound plan once the store has grown: the
 * case of a new deployment loading its patients. The store has a database of its own; every lookup runs
 * in one session, which keeps the statement's generic plan, while the patients are written and the
 * statistics gathered in others, as the server's other connections and autovacuum would.
 */
class StoreScaleIT {

    private static final String NHS_NUMBER = "https://fhir.nhs.uk/Id/nhs-number";
    private static final String BASE = "https://openspine.test/fhir/R4";
    private static final int GROWN = 5_000;

    @Test
    void aLookupFirstPlannedOnAnAlmostEmptyStoreIsPlannedAgainForTheStoreItHasGrownInto() throws Exception {
        try (Database database = TestDatabase.fresh("store scale", 3)) {
            FhirCodec codec = new FhirCodec();
            FhirServices services = FhirServices.open(database, codec,
                    SearchParameters.r4(codec.context().getResourceTypes()),
                    new ProfileValidation(codec.context(), Optional.empty()), Clock.systemUTC(), "scale-test");
            writeOrganisations(database, services); // a new service's directory, and as yet no patients
            analyse(database); // autovacuum soon analyses a new store's first rows
            long buffers = database.read(session -> { // every lookup in this one session, which keeps their plans
                for (int i = 0; i < 8; i++) { // past the driver's threshold, so the session keeps the statement
                    assertThat(lookUp(session, services, i)).as("no patients yet").isEmpty();
                }
                for (int from = 0; from < GROWN; from += 500) { // a load, each batch looked up as conditional creates do
                    write(database, services, from, from + 500);
                    assertThat(lookUp(session, services, from + 499)).hasSize(1);
                }
                // autovacuum has not come to the grown tables: the searcher's own reading of the store's size must
                sleep(StoreScale.CHECK_EVERY_MILLIS + 100);
                assertThat(lookUp(session, services, GROWN - 1)).hasSize(1);
                awaitStatistics(session);
                for (int i = 0; i < 8; i++) {
                    assertThat(lookUp(session, services, GROWN - 1 - i)).hasSize(1);
                }
                return newestLookupsBuffers(session);
            });
            assertThat(buffers).as("pages one NHS Number lookup reads among %d patients", GROWN).isLessThan(50);
        }
    }

    /** @return the pages read by the session's newest prepared lookup, on its generic plan, finding the last patient */
    private static long newestLookupsBuffers(Connection session) throws java.sql.SQLException {
        try (Statement statement = session.createStatement()) {
            String name;
            try (ResultSet newest = statement.executeQuery("""
                    SELECT name FROM pg_prepared_statements
                    WHERE ltrim(statement) LIKE 'SELECT r.rid, r.res_type%' AND statement LIKE '%idx_token%'
                    ORDER BY prepare_time DESC LIMIT 1""")) {
                assertThat(newest.next()).as("the lookup is a prepared statement of the session").isTrue();
                name = newest.getString(1);
            }
            statement.execute("SET statement_timeout = '20s'"); // a plan for the empty store takes minutes here
            try {
                return PlanScans.pagesRead(statement, "EXECUTE \"" + name + "\"('" + PlanDataset.nhsNumber(GROWN - 1)
                        + "', '" + NHS_NUMBER + "', 2)", "force_generic_plan");
            } finally {
                statement.execute("RESET statement_timeout");
            }
        }
    }

    /** Waits (at most 60 s) until the Patients just written are in the statistics of the resource table. */
    private static void awaitStatistics(Connection session) throws java.sql.SQLException {
        for (int attempt = 0; attempt < 600; attempt++) {
            try (Statement statement = session.createStatement();
                 ResultSet patients = statement.executeQuery("""
                         SELECT coalesce((SELECT f FROM pg_stats, unnest(most_common_vals::text::text[]) WITH ORDINALITY v(val, i),
                                 unnest(most_common_freqs) WITH ORDINALITY q(f, j)
                          WHERE tablename = 'resource' AND attname = 'res_type' AND i = j AND val = 'Patient'), 0)""")) {
                patients.next();
                if (patients.getDouble(1) > 0.5) {
                    return;
                }
            }
            sleep(100);
        }
        throw new AssertionError("the resource table's statistics never counted the patients written");
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Gathers statistics from a session of its own, as autovacuum does: the searching session is not told. */
    private static void analyse(Database database) throws java.sql.SQLException {
        String url = ((HikariDataSource) database.dataSource()).getJdbcUrl();
        try (Connection autovacuum = DriverManager.getConnection(url, "postgres", "");
             Statement statement = autovacuum.createStatement()) {
            statement.execute("ANALYZE");
        }
    }

    private static List<?> lookUp(Connection session, FhirServices services, int patient) throws java.sql.SQLException {
        return services.search().find(session, "Patient",
                Map.of("identifier", List.of(NHS_NUMBER + "|" + PlanDataset.nhsNumber(patient))), BASE, 10);
    }

    private static void writeOrganisations(Database database, FhirServices services) {
        List<Organization> organisations = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            Organization organisation = new Organization().setName("Practice " + i).setActive(true);
            organisation.setId("scale-org-" + i);
            organisation.addIdentifier().setSystem("https://fhir.nhs.uk/Id/ods-organization-code").setValue("Y9" + i);
            organisations.add(organisation);
        }
        database.inTransaction(connection -> services.store().createAll(connection, organisations));
    }

    private static void write(Database database, FhirServices services, int from, int to) {
        List<Patient> patients = new ArrayList<>();
        for (int i = from; i < to; i++) {
            Patient patient = new Patient().setGender(i % 2 == 0 ? Enumerations.AdministrativeGender.FEMALE
                    : Enumerations.AdministrativeGender.MALE);
            patient.setId("scale-" + i);
            patient.addName().setFamily("Scale" + i).addGiven("Test");
            patient.addIdentifier().setSystem(NHS_NUMBER).setValue(PlanDataset.nhsNumber(i));
            patients.add(patient);
        }
        database.inTransaction(connection -> services.store().createAll(connection, patients));
    }
}
