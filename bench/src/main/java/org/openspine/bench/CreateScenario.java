package org.openspine.bench;

import java.io.IOException;
import java.util.List;
import java.util.stream.IntStream;

/**
 * POST of a small Patient, repeatedly. The bodies are generated before the run so that the clients spend
 * their time waiting on the server, not building JSON.
 */
final class CreateScenario implements Scenario {

    private static final int DISTINCT_BODIES = 512;
    /** Added to body numbers so that created Patients are not copies of the preloaded ones. */
    private static final int FIRST_BODY = 100_000;

    private final FhirServer server;
    private final List<String> bodies;

    CreateScenario(FhirServer server, PatientBodies patients) {
        this.server = server;
        this.bodies = IntStream.range(0, DISTINCT_BODIES)
                .mapToObj(n -> PatientBodies.json(patients.patient(FIRST_BODY + n)))
                .toList();
    }

    @Override
    public String name() {
        return "create";
    }

    @Override
    public Worker worker(int client, int clients) {
        return new Worker() {
            private int next = client;

            @Override
            public Outcome call(HttpConnection http) throws IOException {
                String body = bodies.get(next++ % DISTINCT_BODIES);
                return Outcome.of(http.send(server.post("Patient", body)), 0);
            }
        };
    }
}
