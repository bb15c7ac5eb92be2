package org.openspine.bench;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.openspine.server.demo.SyntheticPopulation;

/**
 * Stand-alone Patient resources for the create, read and update scenarios, taken from the synthetic
 * population's patient bundles.
 *
 * <p>The NHS Number and the GP reference are removed: a server may rightly refuse a second Patient with the
 * same NHS Number, and conditional references ({@code Organization?identifier=...}) are only resolved inside
 * transactions. Indexes count down from the top of the population so that they never meet the ingest
 * scenario's patients, which count up from zero. Thread-safe.
 */
final class PatientBodies {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final SyntheticPopulation population;

    PatientBodies(SyntheticPopulation population) {
        this.population = population;
    }

    /** @return patient {@code n} as a Patient without id, identifier or GP */
    ObjectNode patient(int n) {
        int index = SyntheticPopulation.MAX_PATIENTS - 1 - Math.floorMod(n, SyntheticPopulation.MAX_PATIENTS / 2);
        try {
            ObjectNode patient = (ObjectNode) JSON.readTree(population.patientBundle(index).json())
                    .path("entry").path(0).path("resource");
            patient.remove("identifier");
            patient.remove("generalPractitioner");
            return patient;
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("bench: synthetic population produced unreadable JSON", e);
        }
    }

    /** @return {@code patient} as JSON text */
    static String json(ObjectNode patient) {
        try {
            return JSON.writeValueAsString(patient);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("bench: cannot serialise a Patient", e);
        }
    }
}
