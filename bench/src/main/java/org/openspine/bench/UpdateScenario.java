package org.openspine.bench;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.LongAdder;

/**
 * PUT of a changed preloaded Patient, {@code If-Match} on the version last seen.
 *
 * <p>Each client updates only its own Patients, so clients never race each other; a 409 or 412 therefore means
 * something else changed the Patient (or the server reports conflicts spuriously). The client then re-reads the
 * Patient for its current version and tries again, up to {@value #ATTEMPTS} PUTs; only when every attempt fails
 * does the operation count as an error. One operation's latency covers all its requests. If the server reports
 * no versions, updates are sent without If-Match.
 */
final class UpdateScenario implements Scenario {

    private static final int ATTEMPTS = 3;

    private final FhirServer server;
    private final PreloadedPatients patients;
    private final LongAdder retries = new LongAdder();

    /** @param patients at least one per client (checked with the options) */
    UpdateScenario(FhirServer server, PreloadedPatients patients) {
        this.server = server;
        this.patients = patients;
    }

    @Override
    public String name() {
        return "update";
    }

    @Override
    public List<String> notes() {
        long count = retries.sum();
        return count == 0 ? List.of() : List.of(count + " version conflicts (409/412) re-read and retried");
    }

    @Override
    public Worker worker(int client, int clients) {
        List<Integer> owned = patients.ownedBy(client, clients);
        return new Worker() {
            private int next;
            private int edits;

            @Override
            public Outcome call(HttpConnection http) throws IOException {
                if (owned.isEmpty()) {
                    return new Outcome.Failure("no Patient left for this client");
                }
                int slot = owned.get(next++ % owned.size());
                VersionedId known = patients.current(slot);
                String json = PatientBodies.json(changed(slot, known.id(), edits++));
                for (int attempt = 1; ; attempt++) {
                    HttpResponse response = http.send(server.put("Patient/" + known.id(), json, known.versionId()));
                    if (response.successful()) {
                        patients.updated(slot, VersionedId.from(response, "Patient")
                                .orElse(new VersionedId(known.id(), Optional.empty())));
                        return new Outcome.Success(0);
                    }
                    boolean conflict = response.status() == 409 || response.status() == 412;
                    if (!conflict || attempt == ATTEMPTS) {
                        return new Outcome.Failure("HTTP " + response.status()
                                + (conflict ? " after " + ATTEMPTS + " attempts" : ""));
                    }
                    retries.increment();
                    HttpResponse current = http.send(server.get("Patient/" + known.id()));
                    if (current.successful()) {
                        known = VersionedId.from(current, "Patient").orElse(known);
                    }
                }
            }
        };
    }

    /** @return the Patient with its id and a different home phone number, so every update makes a new version */
    private ObjectNode changed(int slot, String id, int edit) {
        ObjectNode body = patients.body(slot).deepCopy();
        body.put("id", id);
        ArrayNode telecom = body.withArray("/telecom");
        ObjectNode phone = telecom.isEmpty() ? telecom.addObject() : (ObjectNode) telecom.get(0);
        phone.put("system", "phone");
        phone.put("value", String.format("0113 496 0%03d", edit % 1000));
        return body;
    }
}
