package org.openspine.server.demo;

import java.time.LocalDate;
import java.util.Objects;
import java.util.Random;
import org.openspine.platform.identifier.NhsNumber;
import org.openspine.server.demo.CareProviders.Provider;
import org.openspine.server.demo.Demographics.Person;

/**
 * A deterministic synthetic population of UK patients, written as FHIR R4 transaction Bundles ready to POST
 * to a server's base URL.
 *
 * <p>The same seed, generation day and index always give the same bytes on any Java 21 or later: every
 * choice, including each entry's {@code urn:uuid}, comes from a {@link Random} seeded from (seed, index).
 * Patients are registered with one of four GP practices in {@link #organisationsBundle()}, which they reference
 * conditionally by ODS code, so that bundle must be loaded first.
 *
 * <p>Loading the organisations twice changes nothing (conditional updates), and a patient bundle's Patient is
 * a conditional create on its NHS Number, so reloading a patient reuses the existing Patient; its clinical
 * resources are plain creates and are added again.
 *
 * <p>Instances are immutable and thread-safe; each call builds its bundle from scratch, so several threads may
 * generate different indexes at once. A patient costs about a tenth of a millisecond once the JIT has warmed
 * up; HAPI is not involved.
 */
public final class SyntheticPopulation {

    /** How many distinct patients one population holds: indexes run from 0 to this, exclusive. */
    public static final int MAX_PATIENTS = NhsNumberSequence.CAPACITY;

    /** The generation day used when none is given; fixed so that output does not drift with the calendar. */
    public static final LocalDate DEFAULT_AS_OF = LocalDate.of(2025, 1, 1);

    private final long seed;
    private final LocalDate asOf;
    private final NhsNumberSequence nhsNumbers;

    /** A population as of {@link #DEFAULT_AS_OF}. */
    public SyntheticPopulation(long seed) {
        this(seed, DEFAULT_AS_OF);
    }

    /**
     * @param seed chooses the population; different seeds give different people and mostly different
     *     NHS Numbers
     * @param asOf the generation day: everyone is born before it and every event happens by it
     */
    public SyntheticPopulation(long seed, LocalDate asOf) {
        this.seed = seed;
        this.asOf = Objects.requireNonNull(asOf, "asOf");
        this.nhsNumbers = new NhsNumberSequence(mix(seed, -1));
    }

    /**
     * @return a transaction Bundle of conditional updates ({@code PUT Organization?identifier=...}): four GP
     *     practices, one NHS trust, and each one's Practitioners and PractitionerRoles; the same for every seed
     *     apart from the entries' fullUrls
     */
    public String organisationsBundle() {
        return CareProviders.bundle(new Random(mix(seed, -2))).toJson();
    }

    /**
     * @param index which patient, in {@code [0, MAX_PATIENTS)}
     * @return a transaction Bundle holding the Patient (conditional create on its NHS Number) and their
     *     conditions, allergies, encounters, observations and prescriptions, about 15 resources on average
     * @throws IllegalArgumentException when {@code index} is out of range
     */
    public SyntheticBundle patientBundle(int index) {
        NhsNumber nhsNumber = nhsNumber(index);
        Random random = new Random(mix(seed, index));
        int practiceIndex = Math.floorMod(index, CareProviders.PRACTICES.size());
        Provider practice = CareProviders.PRACTICES.get(practiceIndex);
        Person person = Demographics.draw(random, practiceIndex, asOf);
        TransactionBundle bundle = new TransactionBundle(random);
        String patientUrl = bundle.newFullUrl();
        bundle.postIfNoneExist(patientUrl, Demographics.patient(person, nhsNumber, practice),
                "identifier=" + NhsNumber.SYSTEM + "|" + nhsNumber.value());
        new ClinicalHistory(random, bundle, person, patientUrl, practice, asOf).write();
        return new SyntheticBundle(bundle.toJson(), bundle.resourceCount(), nhsNumber.value());
    }

    /**
     * @return the NHS Number (in the 999 test range) of patient {@code index}; distinct for distinct indexes
     * @throws IllegalArgumentException when {@code index} is outside {@code [0, MAX_PATIENTS)}
     */
    public NhsNumber nhsNumber(int index) {
        return nhsNumbers.numberFor(index);
    }

    /** @return a well-spread seed for stream {@code index} of {@code seed} (SplitMix64's finaliser) */
    static long mix(long seed, long index) {
        long z = seed + (index + 1) * 0x9E37_79B9_7F4A_7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58_476D_1CE4_E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D0_49BB_1331_11EBL;
        return z ^ (z >>> 31);
    }
}
