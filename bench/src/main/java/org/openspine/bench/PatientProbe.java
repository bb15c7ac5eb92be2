package org.openspine.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.Optional;

/**
 * Finds a bundle of a {@link LoadDataset} on the server by a search on its probe Patient's NHS Number: the one
 * search every FHIR server used for NHS work answers, which is why the loads and the search scenarios use it to
 * tell what is loaded.
 */
final class PatientProbe {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final FhirServer server;
    private final LoadDataset dataset;

    PatientProbe(FhirServer server, LoadDataset dataset) {
        this.server = server;
        this.dataset = dataset;
    }

    /**
     * @return the server's id of bundle {@code n}'s probe Patient (a load patient's own); empty when it is not there
     * @throws IOException when the search fails or is not answered with a searchset Bundle
     */
    Optional<String> find(HttpConnection http, int n) throws IOException {
        HttpResponse response = http.send(server.get(SearchKind.byNhsNumber(dataset.nhsNumber(n))));
        if (response.status() != 200) {
            // No patient number in the message: callers group failures by it.
            throw new IOException("a search by NHS Number answered HTTP " + response.status());
        }
        JsonNode bundle = JSON.readTree(response.body());
        if (!bundle.path("resourceType").asText().equals("Bundle")) {
            throw new IOException("a search by NHS Number did not return a Bundle");
        }
        String nhsNumber = dataset.nhsNumber(n);
        for (JsonNode entry : bundle.path("entry")) {
            JsonNode resource = entry.path("resource");
            // Only the Patient with this NHS Number will do: a server that ignored the parameter answers with others.
            if (resource.path("resourceType").asText().equals("Patient") && resource.hasNonNull("id")
                    && resource.path("identifier").findValuesAsText("value").contains(nhsNumber)) {
                return Optional.of(resource.path("id").asText());
            }
        }
        return Optional.empty();
    }

    /** @return a probe that asks over {@code http}; confined to the thread that owns {@code http} */
    ResumePoint.Probe over(HttpConnection http) {
        return n -> find(http, n).isPresent();
    }
}
