package org.openspine.bench;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.openspine.server.demo.SyntheticPopulation;

/**
 * The subjects of the demographics scenarios: registered patients ({@link PatientBatches}) when the server has
 * any of this seed, since that is the dataset made for them, otherwise the search subjects of the {@code load}
 * scenario's patients.
 *
 * <p>Registered patients are sampled across everything loaded, up to {@value #SIZE} of them, and built from the
 * seed without asking the server: the loader's ordering promise ({@link LoadFrontier}) means every bundle below
 * the resume point is there, and a subject that is not would show as an error in the run. A sample that large
 * keeps the working set realistic for a register of a million people (a server's caches cannot hold it all).
 *
 * @param subjects the people to look up, in sample order
 * @param description one line for the report header
 */
record DemographicsPool(List<DemographicsSubject> subjects, String description) {

    static final int SIZE = 100_000;
    private static final ObjectMapper JSON = new ObjectMapper();

    DemographicsPool {
        subjects = List.copyOf(subjects);
    }

    /**
     * Finds how many registered patients of {@code batches} are on the server and samples them with {@code seed}.
     *
     * @return the pool; empty when the server has no registered patients of this seed
     * @throws IOException when the server does not answer the search on NHS Number
     */
    static DemographicsPool registered(FhirServer server, PatientBatches batches, SyntheticPopulation population,
                                       long seed, int timeoutMillis) throws IOException {
        int bundles;
        try (HttpConnection http = new HttpConnection(server.endpoint(), timeoutMillis)) {
            bundles = ResumePoint.find(new PatientProbe(server, batches).over(http), batches.capacity(),
                    LoadFrontier.WINDOW).contiguous();
        }
        int loaded = bundles * PatientBatches.PER_BUNDLE;
        int[] sample = SearchPool.sample(loaded, SIZE, seed);
        List<DemographicsSubject> subjects = Arrays.stream(sample).parallel()
                .mapToObj(p -> subject(population, p)).toList();
        return new DemographicsPool(subjects, String.format(Locale.ROOT,
                "%,d registered patients (load-patients) on the server; %,d sampled as demographics subjects",
                loaded, subjects.size()));
    }

    /** @return the search subjects of the {@code load} scenario's patients, as demographics subjects */
    static DemographicsPool of(SearchPool pool) {
        return new DemographicsPool(pool.subjects().stream().map(DemographicsSubject::of).toList(),
                "no registered patients (load-patients) on the server; demographics subjects from the load's");
    }

    /** @return registered patient {@code p}, as the seed draws them */
    static DemographicsSubject subject(SyntheticPopulation population, int p) {
        String bundle = population.patientsBundle(PatientBatches.index(p), 1).json();
        try {
            JsonNode patient = JSON.readTree(bundle).path("entry").path(0).path("resource");
            JsonNode name = patient.path("name").path(0);
            return new DemographicsSubject(patient.path("identifier").path(0).path("value").asText(),
                    name.path("given").path(0).asText(), name.path("family").asText(),
                    LocalDate.parse(patient.path("birthDate").asText()));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("bench: synthetic population produced unreadable JSON", e);
        }
    }
}
