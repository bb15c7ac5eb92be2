package org.openspine.bench;

import java.util.Random;

/** GET of a known version of a random preloaded Patient: {@code Patient/{id}/_history/{vid}}. */
final class VreadScenario implements Scenario {

    private final FhirServer server;
    private final PreloadedPatients patients;
    private final long seed;

    /** @param patients must be {@link PreloadedPatients#versioned() versioned} */
    VreadScenario(FhirServer server, PreloadedPatients patients, long seed) {
        this.server = server;
        this.patients = patients;
        this.seed = seed;
    }

    @Override
    public String name() {
        return "vread";
    }

    @Override
    public Worker worker(int client, int clients) {
        Random random = new Random(seed * 37 + client);
        return http -> {
            VersionedId patient = patients.current(random.nextInt(patients.size()));
            String version = patient.versionId().orElseThrow();
            return Outcome.of(http.send(server.get("Patient/" + patient.id() + "/_history/" + version)), 0);
        };
    }
}
