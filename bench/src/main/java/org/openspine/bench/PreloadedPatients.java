package org.openspine.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The Patients created before the read, vread, update and history scenarios, with the latest version the bench
 * knows of each.
 *
 * <p>Versions are held in an {@link AtomicReferenceArray}: during the update scenario each client writes only
 * its own slots (see {@link #ownedBy}), and later scenarios on other threads must see those writes.
 */
final class PreloadedPatients {

    private final List<ObjectNode> bodies;
    private final AtomicReferenceArray<VersionedId> versions;
    private final int attempted;
    private final Map<String, Long> failures;

    private PreloadedPatients(List<ObjectNode> bodies, List<VersionedId> versions, int attempted,
                              Map<String, Long> failures) {
        this.bodies = List.copyOf(bodies);
        this.versions = new AtomicReferenceArray<>(versions.toArray(VersionedId[]::new));
        this.attempted = attempted;
        this.failures = Map.copyOf(failures);
    }

    /**
     * Creates {@code count} Patients with up to {@code clients} connections in parallel. Blocks until done.
     * Failed creates are counted in {@link #failures()}, not thrown.
     *
     * @throws InterruptedException when interrupted while waiting for the loader threads
     */
    static PreloadedPatients load(FhirServer server, PatientBodies patients, int count, int clients,
                                  int timeoutMillis) throws InterruptedException {
        ObjectNode[] bodies = new ObjectNode[count];
        VersionedId[] created = new VersionedId[count];
        String[] failed = new String[count];
        ParallelClients.run("bench-preload", server.endpoint(), timeoutMillis, clients, count, (http, i) -> {
            bodies[i] = patients.patient(i);
            try {
                HttpResponse response = http.send(server.post("Patient", PatientBodies.json(bodies[i])));
                if (!response.successful()) {
                    failed[i] = "HTTP " + response.status();
                } else {
                    created[i] = VersionedId.from(response, "Patient").orElse(null);
                    failed[i] = created[i] == null ? "no id in response" : null;
                }
            } catch (IOException e) {
                failed[i] = e.getClass().getSimpleName();
            }
        });
        List<ObjectNode> keptBodies = new ArrayList<>();
        List<VersionedId> kept = new ArrayList<>();
        Map<String, Long> failures = new TreeMap<>();
        for (int i = 0; i < count; i++) {
            if (created[i] != null) {
                keptBodies.add(bodies[i]);
                kept.add(created[i]);
            } else {
                failures.merge(failed[i] == null ? "not attempted" : failed[i], 1L, Long::sum);
            }
        }
        return new PreloadedPatients(keptBodies, kept, count, failures);
    }

    /** @return how many Patients were created and can be used */
    int size() {
        return bodies.size();
    }

    int attempted() {
        return attempted;
    }

    /** @return failed creates by reason */
    Map<String, Long> failures() {
        return failures;
    }

    /** @return whether the server reported a version for every preloaded Patient */
    boolean versioned() {
        for (int i = 0; i < versions.length(); i++) {
            if (versions.get(i).versionId().isEmpty()) {
                return false;
            }
        }
        return size() > 0;
    }

    VersionedId current(int slot) {
        return versions.get(slot);
    }

    void updated(int slot, VersionedId version) {
        versions.set(slot, version);
    }

    /** @return the Patient as created (no id); callers must copy before changing it */
    ObjectNode body(int slot) {
        return bodies.get(slot);
    }

    /** @return the slots client {@code client} of {@code clients} may update: every clients-th, from its number */
    List<Integer> ownedBy(int client, int clients) {
        List<Integer> owned = new ArrayList<>();
        for (int slot = client; slot < size(); slot += clients) {
            owned.add(slot);
        }
        return owned;
    }
}
