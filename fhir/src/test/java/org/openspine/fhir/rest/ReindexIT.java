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
