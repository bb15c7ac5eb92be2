package org.openspine.bench;

import java.util.Random;

/** GET of a random preloaded Patient's history: {@code Patient/{id}/_history}. */
final class HistoryScenario implements Scenario {

    private final FhirServer server;
    private final PreloadedPatients patients;
    private final long seed;

    HistoryScenario(FhirServer server, PreloadedPatients patients, long seed) {
        this.server = server;
        this.patients = patients;
        this.seed = seed;
    }

    @Override
    public String name() {
        return "history";
    }

    @Override
    public Worker worker(int client, int clients) {
        Random random = new Random(seed * 41 + client);
        return http -> {
            VersionedId patient = patients.current(random.nextInt(patients.size()));
            return Outcome.of(http.send(server.get("Patient/" + patient.id() + "/_history")), 0);
        };
    }
}
