package org.openspine.fhir.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.openspine.fhir.rest.Fixtures.BASE;

import java.sql.PreparedStatement;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.openspine.fhir.store.Reindexer;
import org.openspine.platform.database.Database;
import org.openspine.platform.http.TestHttp;

class ReindexIT {

    private final FhirTestServer server = FhirTestServer.shared();
    private final TestHttp http = server.http();
    private final Database database = server.database();
    private final Reindexer reindexer = server.services().reindexer();

    @Test
    void reindexRestoresIndexRowsThatAreMissingAndResumesFromItsLastBatch() {
        String marker = Fixtures.unique();
        List<String> ids = List.of(Fixtures.createPatient(http, marker, "Reindexed"),
                Fixtures.createPatient(http, marker, "Reindexed"), Fixtures.createPatient(http, marker, "Reindexed"));
        String search = BASE + "/Patient?identifier=urn:test%7C" + marker;
        assertThat(http.get(search).json().get("total").asInt()).isEqualTo(3);

        // as if the identifier parameter had been added after these were written
        database.inTransaction(connection -> {
            try (PreparedStatement statement = connection.prepareStatement(
                    "DELETE FROM idx_token WHERE rid IN (SELECT rid FROM resource WHERE res_id = ANY (?))")) {
                statement.setArray(1, connection.createArrayOf("text", ids.toArray()));
                return statement.executeUpdate();
            }
        });
        assertThat(http.get(search).json().get("total").asInt()).isZero();

        database.inTransaction(connection -> {
            reindexer.restart(connection);
            return null;
        });
        int first = database.inTransaction(connection -> reindexer.next(connection, 1));
        Reindexer.Progress stopped = database.read(reindexer::progress);
        assertThat(first).isEqualTo(1);
        assertThat(stopped.done()).isFalse();
        assertThat(stopped.indexed()).isEqualTo(1);

        // a later run carries on after the recorded position
        int rest = 0;
        int batch;
        while ((batch = database.inTransaction(connection -> reindexer.next(connection, 200))) > 0) {
            rest += batch;
        }
        Reindexer.Progress done = database.read(reindexer::progress);
        assertThat(done.done()).isTrue();
        assertThat(rest + 1L).isEqualTo(done.total());
        assertThat(done.indexed()).isEqualTo(done.total());
        assertThat(http.get(search).json().get("total").asInt()).isEqualTo(3);
    }

    @Test
    void reindexLeavesTheIndexOfAResourceAsAWriteMadeIt() {
        String marker = Fixtures.unique();
        String id = Fixtures.createPatient(http, marker, "Unchanged");
        List<String> before = rows(id);

        database.inTransaction(connection -> {
            reindexer.restart(connection);
            return null;
        });
        while (database.inTransaction(connection -> reindexer.next(connection, 500)) > 0) {
            // to the end
        }

        assertThat(rows(id)).isNotEmpty().containsExactlyInAnyOrderElementsOf(before);
    }

    @Test
    void aBinaryAndATaskStoredBeforeTheyWereKeyedGetTheirPatientFromTheMigrationAndTheTaskItsRelationshipOnReindex()
            throws Exception {
        String marker = Fixtures.unique();
        String patient = Fixtures.createPatient(http, marker, "Keyed");
        String binary = "bin-" + marker;
        String task = "task-" + marker;
        String other = "bin-none-" + marker;
        put("Binary", binary, """
                {"resourceType":"Binary","id":"%s","contentType":"text/plain","data":"aGVsbG8=",
                 "securityContext":{"reference":"http://elsewhere.example/fhir/Patient/%s/_history/1"}}"""
                .formatted(binary, patient));
        put("Task", task, """
                {"resourceType":"Task","id":"%s","status":"requested","intent":"order",
                 "for":{"reference":"Patient/%s"},"owner":{"reference":"Organization/org-%s"}}""".formatted(task, patient,
                marker));
        put("Binary", other, """
                {"resourceType":"Binary","id":"%s","contentType":"text/plain","data":"aGVsbG8=",
                 "securityContext":{"reference":"Organization/org-%s"}}""".formatted(other, marker));
        assertThat(keys(binary, task, other)).containsExactly(patient, patient, null);
        // as the rows of a database written before Binary and Task were keyed
        database.inTransaction(connection -> {
            for (String table : List.of("resource", "resource_version")) {
                try (PreparedStatement statement = connection.prepareStatement("UPDATE " + table
                        + " SET patient_id = NULL WHERE res_id = ANY (?)")) {
                    statement.setArray(1, connection.createArrayOf("text", new String[] {binary, task}));
                    statement.executeUpdate();
                }
            }
            try (PreparedStatement statement = connection.prepareStatement(
                    "DELETE FROM care_relationship WHERE rid = (SELECT rid FROM resource WHERE res_id = ?)")) {
                statement.setString(1, task);
                statement.executeUpdate();
            }
            return null;
        });
        assertThat(keys(binary, task, other)).containsOnlyNulls();

        String migration;
        try (var in = getClass().getResourceAsStream("/db/migration/V2026_11_22_40__binary_and_task_patients.sql")) {
            migration = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
        database.inTransaction(connection -> {
            try (var statement = connection.createStatement()) {
                statement.execute(migration);
            }
            return null;
        });
        assertThat(keys(binary, task, other)).containsExactly(patient, patient, null);
        int keyedVersions = database.read(connection -> {
            try (PreparedStatement statement = connection.prepareStatement(
                    "SELECT count(*) FROM resource_version WHERE res_id = ANY (?) AND patient_id = ?")) {
                statement.setArray(1, connection.createArrayOf("text", new String[] {binary, task}));
                statement.setString(2, patient);
                try (var results = statement.executeQuery()) {
                    results.next();
                    return results.getInt(1);
                }
            }
        });
        assertThat(keyedVersions).as("every version").isEqualTo(2);

        database.inTransaction(connection -> {
            reindexer.restart(connection);
            return null;
        });
        while (database.inTransaction(connection -> reindexer.next(connection, 500)) > 0) {
            // to the end
        }
        String unit = database.read(connection -> {
            try (PreparedStatement statement = connection.prepareStatement("SELECT unit FROM care_relationship"
                    + " WHERE rid = (SELECT rid FROM resource WHERE res_id = ?) AND patient_id = ?")) {
                statement.setString(1, task);
                statement.setString(2, patient);
                try (var results = statement.executeQuery()) {
                    return results.next() ? results.getString(1) : null;
                }
            }
        });
        assertThat(unit).as("the open task's owner").isEqualTo("Organization/org-" + marker);
    }

    private void put(String type, String id, String json) {
        TestHttp.Response response = http.put(BASE + "/" + type + "/" + id, Fixtures.JSON, json);
        assertThat(response.status()).as(response.text()).isEqualTo(201);
    }

    /** @return each resource's patient key, in order (null: none) */
    private List<String> keys(String... ids) {
        return database.read(connection -> {
            List<String> keys = new java.util.ArrayList<>();
            for (String id : ids) {
                try (PreparedStatement statement = connection.prepareStatement(
                        "SELECT patient_id FROM resource WHERE res_id = ?")) {
                    statement.setString(1, id);
                    try (var results = statement.executeQuery()) {
                        results.next();
                        keys.add(results.getString(1));
                    }
                }
            }
            return keys;
        });
    }

    private List<String> rows(String id) {
        return database.read(connection -> {
            try (PreparedStatement statement = connection.prepareStatement("""
                    SELECT 'token ' || param || ' ' || coalesce(system, '-') || ' ' || code FROM idx_token
                      WHERE rid = (SELECT rid FROM resource WHERE res_type = 'Patient' AND res_id = ?)
                    UNION ALL SELECT 'string ' || param || ' ' || norm || ' ' || exact FROM idx_string
                      WHERE rid = (SELECT rid FROM resource WHERE res_type = 'Patient' AND res_id = ?)
                    UNION ALL SELECT 'date ' || param || ' ' || low || ' ' || high FROM idx_date
                      WHERE rid = (SELECT rid FROM resource WHERE res_type = 'Patient' AND res_id = ?)
                    """)) {
                statement.setString(1, id);
                statement.setString(2, id);
                statement.setString(3, id);
                java.util.List<String> found = new java.util.ArrayList<>();
                try (var results = statement.executeQuery()) {
                    while (results.next()) {
                        found.add(results.getString(1));
                    }
                }
                return found;
            }
        });
    }
}
