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
        Random random = new Random(mix(seed, index));
        TransactionBundle bundle = new TransactionBundle(random);
        Drawn drawn = draw(index, random);
        String patientUrl = bundle.newFullUrl();
        drawn.addTo(bundle, patientUrl);
        new ClinicalHistory(random, bundle, drawn.person(), patientUrl, drawn.practice(), asOf).write();
        return new SyntheticBundle(bundle.toJson(), bundle.resourceCount(), drawn.nhsNumber().value());
    }

    /**
     * The demographics alone of many people, as a register such as PDS holds them: a fraction of a
     * millisecond a patient, about 1 kB of JSON each.
     *
     * @param from the first patient's index
     * @param count how many patients, at least one
     * @return a transaction Bundle of the Patients {@code [from, from + count)}, each the same as in
     *     {@link #patientBundle} (NHS Number, names, birth date, gender, address and postcode, telecom, GP
     *     practice) and a conditional create on its NHS Number; its {@code nhsNumber} is the first patient's
     * @throws IllegalArgumentException when a patient index is out of range or {@code count} is not positive
     */
    public SyntheticBundle patientsBundle(int from, int count) {
        if (count < 1 || from < 0 || from > MAX_PATIENTS - count) {
            throw new IllegalArgumentException("synthetic population: patients [" + from + ", " + from + " + "
                    + count + ") are not in [0, " + MAX_PATIENTS + ")");
        }
        // The entries' urn:uuids come from the batch's own stream, so each patient's draws stay as in patientBundle.
        TransactionBundle bundle = new TransactionBundle(new Random(mix(seed, -3L - from)));
        for (int index = from; index < from + count; index++) {
            draw(index, new Random(mix(seed, index))).addTo(bundle, bundle.newFullUrl());
        }
        return new SyntheticBundle(bundle.toJson(), bundle.resourceCount(), nhsNumber(from).value());
    }

    /**
     * @return the NHS Number of patient {@code index}, beginning with 9 (never issued to real people): in the 999
     *     test range for the first 900,000 indexes, then 998, 997, ...; distinct for distinct indexes
     * @throws IllegalArgumentException when {@code index} is outside {@code [0, MAX_PATIENTS)}
     */
    public NhsNumber nhsNumber(int index) {
        return nhsNumbers.numberFor(index);
    }

    /** Draws patient {@code index} from {@code random}, its own stream, as the first thing drawn from it. */
    private Drawn draw(int index, Random random) {
        NhsNumber nhsNumber = nhsNumber(index);
        int practiceIndex = Math.floorMod(index, CareProviders.PRACTICES.size());
        return new Drawn(nhsNumber, CareProviders.PRACTICES.get(practiceIndex),
                Demographics.draw(random, practiceIndex, asOf));
    }

    /** One drawn person with their NHS Number and GP practice. */
    private record Drawn(NhsNumber nhsNumber, Provider practice, Person person) {

        /** Adds the person's Patient to {@code bundle} as a conditional create on the NHS Number. */
        void addTo(TransactionBundle bundle, String fullUrl) {
            bundle.postIfNoneExist(fullUrl, Demographics.patient(person, nhsNumber, practice),
                    "identifier=" + NhsNumber.SYSTEM + "|" + nhsNumber.value());
        }
    }

    /** @return a well-spread seed for stream {@code index} of {@code seed} (SplitMix64's finaliser) */
    static long mix(long seed, long index) {
        long z = seed + (index + 1) * 0x9E37_79B9_7F4A_7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58_476D_1CE4_E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D0_49BB_1331_11EBL;
        return z ^ (z >>> 31);
    }
}
