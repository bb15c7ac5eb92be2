package org.openspine.bench;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import java.util.UUID;

/**
 * The demographics (PDS-compatible) API of OpenSpine, on the loaded patients: {@code pds-retrieve} gets a
 * random patient by NHS Number, each request with its own {@code X-Request-ID}; an answer is right when it
 * is that patient. OpenSpine only: the API lives beside the FHIR base, at {@code /personal-demographics/FHIR/R4}.
 */
final class DemographicsScenario implements Scenario {

    /** The scenario names. */
    static final List<String> SCENARIOS = List.of("pds-retrieve");
    static final String BASE = "/personal-demographics/FHIR/R4";

    private final FhirServer server;
    private final List<SearchSubject> subjects;
    private final long seed;

    DemographicsScenario(FhirServer server, List<SearchSubject> subjects, long seed) {
        this.server = server;
        this.subjects = subjects;
        this.seed = seed;
    }

    @Override
    public String name() {
        return "pds-retrieve";
    }

    @Override
    public List<String> notes() {
        return List.of("retrieved among " + subjects.size() + " patients");
    }

    @Override
    public Worker worker(int client, int clients) {
        Random random = new Random(seed * 37 + client);
        String path = server.root() + BASE + "/Patient/";
        return http -> {
            SearchSubject subject = subjects.get(random.nextInt(subjects.size()));
            UUID requestId = new UUID(random.nextLong() & 0xFFFF_FFFF_FFFF_0FFFL | 0x4000L,
                    random.nextLong() & 0x3FFF_FFFF_FFFF_FFFFL | 0x8000_0000_0000_0000L);
            HttpResponse response = http.send(server.getOutsideBase(path + subject.nhsNumber(),
                    new HttpRequest.Header("X-Request-ID", requestId.toString())));
            if (response.status() != 200) {
                return new Outcome.Failure("HTTP " + response.status());
            }
            return new String(response.body(), StandardCharsets.UTF_8).contains("\"id\":\"" + subject.nhsNumber() + "\"")
                    ? new Outcome.Success(0) : new Outcome.Failure("not the patient asked for");
        };
    }
}
