package org.openspine.bench;

import org.openspine.server.demo.SyntheticBundle;
import org.openspine.server.demo.SyntheticPopulation;

/**
 * The people of the {@code load-patients} scenario: a register of demographics only, as PDS holds them, for
 * measuring the demographics API at a national scale. Registered patient p is patient {@link #FIRST_INDEX} + p
 * of the synthetic population (NHS Number, names, birth date, gender, address with postcode, telecom and GP
 * practice, as in its full records), and bundle n holds the {@value #PER_BUNDLE} patients from
 * {@value #PER_BUNDLE} * n, each a conditional create on its NHS Number.
 *
 * <p>Registered patients start at population index 1,000,000, so they meet neither the {@code ingest}
 * scenario's patients (from 0), nor the {@code load} scenario's (300,000 to 450,000), nor the stand-alone
 * Patients of {@link PatientBodies} (counting down from the top); their NHS Numbers begin 998 and below.
 * Deterministic and thread-safe; a bundle costs a few milliseconds to build.
 */
final class PatientBatches implements LoadDataset {

    /** Population index of registered patient 0. */
    static final int FIRST_INDEX = 1_000_000;
    /** Patients in one transaction Bundle: large enough that HTTP and commit costs are shared, small enough to retry. */
    static final int PER_BUNDLE = 100;
    /** How many registered patients one seed has. */
    static final int PATIENTS = 3_000_000;

    private final SyntheticPopulation population;

    PatientBatches(SyntheticPopulation population) {
        this.population = population;
    }

    @Override
    public String scenario() {
        return "load-patients";
    }

    @Override
    public String unit() {
        return "patients";
    }

    @Override
    public int capacity() {
        return PATIENTS / PER_BUNDLE;
    }

    @Override
    public SyntheticBundle bundle(int n) {
        return population.patientsBundle(index(n * PER_BUNDLE), PER_BUNDLE);
    }

    @Override
    public int counted(int n) {
        return PER_BUNDLE;
    }

    @Override
    public String nhsNumber(int n) {
        return population.nhsNumber(index(n * PER_BUNDLE)).value();
    }

    @Override
    public boolean countsOrganisations() {
        return false;
    }

    /** @return the population index of registered patient {@code p} */
    static int index(int p) {
        if (p < 0 || p >= PATIENTS) {
            throw new IllegalArgumentException("bench: registered patient must be in [0, " + PATIENTS + "), was " + p);
        }
        return FIRST_INDEX + p;
    }
}
