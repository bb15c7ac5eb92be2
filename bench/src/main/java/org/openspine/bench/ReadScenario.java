package org.openspine.bench;

import java.util.Random;

/** GET of a random preloaded Patient: {@code Patient/{id}}. */
final class ReadScenario implements Scenario {

    private final FhirServer server;
    private final PreloadedPatients patients;
    private final long seed;

    ReadScenario(FhirServer server, PreloadedPatients patients, long seed) {
        this.server = server;
        this.patients = patients;
        this.seed = seed;
    }

    @Override
    public String name() {
        return "read";
    }

    @Override
    public Worker worker(int client, int clients) {
        Random random = new Random(seed * 31 + client);
        return http -> {
            VersionedId patient = patients.current(random.nextInt(patients.size()));
            return Outcome.of(http.send(server.get("Patient/" + patient.id())), 0);
        };
    }
}
