package org.openspine.bench;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import java.util.UUID;

/**
 * The demographics (PDS-compatible) API of OpenSpine, on the loaded patients ({@link DemographicsPool}), each
 * request with its own
 * {@code X-Request-ID}. OpenSpine only: the API lives beside the FHIR base, at {@code /personal-demographics/FHIR/R4}.
 * <ul>
 *   <li>{@code pds-retrieve}: a random patient by NHS Number; right when the answer is that patient;</li>
 *   <li>{@code pds-fuzzy}: a fuzzy search by given name, a family name with two letters swapped, and birth date,
 *       as a clerk mistyping it would send; right when the patient is among the matches.</li>
 * </ul>
 */
final class DemographicsScenario implements Scenario {

    /** The scenario names. */
    static final List<String> SCENARIOS = List.of("pds-retrieve", "pds-fuzzy");
    static final String BASE = "/personal-demographics/FHIR/R4";

    private final String name;
    private final FhirServer server;
    private final List<DemographicsSubject> subjects;
    private final long seed;

    /** @param name one of {@link #SCENARIOS} */
    DemographicsScenario(String name, FhirServer server, List<DemographicsSubject> subjects, long seed) {
        if (!SCENARIOS.contains(name)) {
            throw new IllegalArgumentException("not a demographics scenario: " + name);
        }
        this.name = name;
        this.server = server;
        this.subjects = subjects;
        this.seed = seed;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public List<String> notes() {
        return List.of(name + " among " + subjects.size() + " patients");
    }

    @Override
    public Worker worker(int client, int clients) {
        Random random = new Random(seed * 37 + client);
        String path = server.root() + BASE + "/Patient";
        boolean fuzzy = name.equals("pds-fuzzy");
        return http -> {
            DemographicsSubject subject = subjects.get(random.nextInt(subjects.size()));
            UUID requestId = new UUID(random.nextLong() & 0xFFFF_FFFF_FFFF_0FFFL | 0x4000L,
                    random.nextLong() & 0x3FFF_FFFF_FFFF_FFFFL | 0x8000_0000_0000_0000L);
            String target = fuzzy ? path + "?_fuzzy-match=true&given=" + encode(subject.given()) + "&family="
                    + encode(slip(subject.family(), random)) + "&birthdate=" + subject.birthDate()
                    : path + "/" + subject.nhsNumber();
            HttpResponse response = http.send(server.getOutsideBase(target,
                    new HttpRequest.Header("X-Request-ID", requestId.toString())));
            if (response.status() != 200) {
                return new Outcome.Failure("HTTP " + response.status());
            }
            return new String(response.body(), StandardCharsets.UTF_8).contains("\"id\":\"" + subject.nhsNumber() + "\"")
                    ? new Outcome.Success(0) : new Outcome.Failure(fuzzy ? "the patient is not among the matches"
                            : "not the patient asked for");
        };
    }

    /** @return {@code name} with two neighbouring letters swapped, the commonest keying slip */
    static String slip(String name, Random random) {
        if (name.length() < 3) {
            return name;
        }
        int at = 1 + random.nextInt(name.length() - 2);
        char[] letters = name.toCharArray();
        char kept = letters[at];
        letters[at] = letters[at + 1];
        letters[at + 1] = kept;
        return new String(letters);
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }
}
