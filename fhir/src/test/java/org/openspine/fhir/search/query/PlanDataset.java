package org.openspine.fhir.search.query;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ForkJoinPool;
import java.util.stream.IntStream;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.DecimalType;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.Enumerations;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.ListResource;
import org.hl7.fhir.r4.model.Location;
import org.hl7.fhir.r4.model.Medication;
import org.hl7.fhir.r4.model.MedicationRequest;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Practitioner;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.RiskAssessment;
import org.hl7.fhir.r4.model.ValueSet;
import org.openspine.fhir.FhirServices;
import org.openspine.platform.database.Database;

/**
 * A synthetic GP-practice record, big enough that PostgreSQL plans searches as it would in service:
 * {@value #PATIENTS} patients with 16 resources each (2 encounters, 8 observations, 2 conditions,
 * 2 medication requests, a risk assessment), plus the practitioners, organisations, locations,
 * medications, value sets and lists they refer to. Every value is a pure function of its indexes,
 * so plan shapes can name real ones ({@link #family}, {@link #nhsNumber}, {@link #code}).
 */
final class PlanDataset {

    static final int PATIENTS = 2500;
    static final int PRACTITIONERS = 300;
    static final int ORGANIZATIONS = 40;
    static final int LOCATIONS = 80;
    static final int MEDICATIONS = 120;
    static final int LISTS = 30;
    static final int OBSERVATIONS_EACH = 8;

    static final String LOINC = "http://loinc.org";
    static final String SNOMED = "http://snomed.info/sct";
    static final String ICD10 = "http://hl7.org/fhir/sid/icd-10";
    static final String UCUM = "http://unitsofmeasure.org";
    static final String NHS_NUMBER = "https://fhir.nhs.uk/Id/nhs-number";
    static final String GMC = "https://fhir.hl7.org.uk/Id/gmc-number";
    static final String MRN = "https://fhir.openspine.org/Id/mrn";
    static final String V2_0203 = "http://terminology.hl7.org/CodeSystem/v2-0203";
    static final String TAGS = "https://fhir.openspine.org/CodeSystem/tags";
    static final String VALUE_SETS = "https://fhir.openspine.org/ValueSet/";
    static final String PROFILES = "https://fhir.hl7.org.uk/StructureDefinition/";
    /** The data's clinical dates run over five years from here; the writes happen over two from here. */
    static final LocalDate FIRST_DAY = LocalDate.of(2020, 1, 1);
    static final Instant FIRST_WRITE = Instant.parse("2025-01-01T09:00:00Z");
    static final Duration WRITE_STEP = Duration.ofDays(15);

    /** LOINC code, display, unit, typical value; the first nine are vital signs, the rest lab results. */
    static final String[][] CODES = {
            {"8867-4", "Heart rate", "/min", "72"}, {"9279-1", "Respiratory rate", "/min", "16"},
            {"8310-5", "Body temperature", "Cel", "36.8"}, {"29463-7", "Body weight", "kg", "78"},
            {"8302-2", "Body height", "cm", "170"}, {"39156-5", "Body mass index", "kg/m2", "26"},
            {"59408-5", "Oxygen saturation", "%", "97"}, {"8480-6", "Systolic blood pressure", "mm[Hg]", "128"},
            {"8462-4", "Diastolic blood pressure", "mm[Hg]", "80"},
            {"2339-0", "Glucose", "mg/dL", "110"}, {"4548-4", "Hemoglobin A1c", "%", "6.1"},
            {"2093-3", "Cholesterol", "mg/dL", "190"}, {"2160-0", "Creatinine", "mg/dL", "1.0"},
            {"718-7", "Hemoglobin", "g/dL", "14"}, {"6690-2", "Leukocytes", "10*3/uL", "7"},
            {"2823-3", "Potassium", "mmol/L", "4.2"}, {"2951-2", "Sodium", "mmol/L", "140"},
            {"1742-6", "Alanine aminotransferase", "U/L", "30"}, {"33914-3", "eGFR", "mL/min/{1.73_m2}", "85"}};
    static final int VITAL_SIGNS = 9;
    /** A code one observation in a thousand has: a rare test, for reverse chains. */
    static final String[] RARE = {"14647-2", "Cholesterol [Moles/volume]", "mmol/L", "5.0"};
    /** Blood pressure panels carry systolic and diastolic as components. */
    static final String BP_PANEL = "85354-9";
    /** SNOMED problem code and display; one condition in ten is coded in ICD-10 instead. */
    static final String[][] CONDITIONS = {
            {"44054006", "Diabetes mellitus type 2"}, {"38341003", "Hypertensive disorder"},
            {"195967001", "Asthma"}, {"13645005", "Chronic obstructive lung disease"},
            {"35489007", "Depressive disorder"}, {"49436004", "Atrial fibrillation"},
            {"55822004", "Hyperlipidaemia"}, {"40055000", "Chronic sinusitis"},
            {"233604007", "Pneumonia"}, {"68566005", "Urinary tract infection"}};
    static final String[][] ICD = {{"E11.9", "Type 2 diabetes mellitus without complications"},
            {"I10", "Essential hypertension"}, {"J45.9", "Asthma, unspecified"}};
    private static final String[] SURNAMES = {"Smith", "Jones", "Taylor", "Brown", "Williams", "Wilson",
            "Johnson", "Davies", "Robinson", "Wright", "Thompson", "Evans", "Walker", "White", "Roberts", "Green",
            "Hall", "Wood", "Jackson", "Clarke", "Patel", "Khan", "Lewis", "James", "Phillips", "Mason", "Mitchell",
            "Rose", "Davis", "Rodriguez", "Cox", "Alexander", "Garden", "Campbell", "Johnston", "Moore", "Smyth",
            "O'Neill", "Doherty", "Stewart", "Quinn", "Murphy", "Graham", "Mclaughlin", "Hamilton", "Murray",
            "Hughes", "Robertson", "Thomson", "Scott", "Macdonald", "Reid", "Clark", "Ross", "Young", "Watson",
            "Paterson", "Morrison", "Harrison", "Pennington", "Washington", "Farrington", "Hardy", "Lloyd",
            "Ahmed", "Ali", "Begum", "Hussain", "Shah", "Singh", "Kaur", "Chen", "Wang", "Nguyen", "Kowalski",
            "Nowak", "Müller", "Schmidt", "García", "Fernández", "López", "Martínez", "Rossi", "Russo", "Bianchi",
            "Dubois", "Lefèvre", "Moreau", "Novak", "Horvat", "Kovačić", "Petrov", "Ivanova", "Andersen",
            "Nielsen", "Hansen", "Larsen", "Berg", "Lund", "Holm", "Eriksson", "Lindqvist", "Svensson", "Olsen",
            "Fischer", "Weber", "Meyer", "Wagner", "Becker", "Schulz", "Hoffmann", "Koch", "Richter", "Klein",
            "Wolf", "Neumann", "Schwarz", "Zimmermann", "Braun", "Krüger", "Hofmann", "Hartmann", "Lange",
            "Schmitt", "Werner", "Krause", "Meier", "Lehmann", "Schmid", "Schulze", "Maier", "Köhler", "Herrmann",
            "König", "Walter", "Mayer", "Huber", "Kaiser", "Fuchs", "Peters", "Lang", "Scholz", "Möller", "Weiß",
            "Jung", "Hahn", "Vogel", "Friedrich", "Keller", "Günther", "Frank", "Berger", "Winkler", "Roth"};
    private static final String[] GIVEN = {"Olivia", "Amelia", "Isla", "Ava", "Mia", "Ivy", "Lily", "Isabella",
            "Rosie", "Sophia", "Noah", "Oliver", "George", "Arthur", "Muhammad", "Leo", "Harry", "Oscar", "Archie",
            "Henry", "Margaret", "Jean", "Eileen", "David", "John", "Peter", "Michael", "Susan", "Linda", "Alan"};
    private static final String[] CITIES = {"Leeds", "Manchester", "Chester", "Colchester", "Dorchester",
            "Winchester", "Sheffield", "Bristol", "York", "Bradford", "Liverpool", "Hull"};

    private PlanDataset() {
    }

    // ---- the values shapes query ----------------------------------------------------------------

    static String patient(int i) {
        return "pat-" + i;
    }

    static String family(int i) {
        return SURNAMES[i % SURNAMES.length];
    }

    static String given(int i) {
        return GIVEN[(i / 7) % GIVEN.length];
    }

    static String nhsNumber(int i) {
        return String.valueOf(9_000_000_000L + i);
    }

    static String mrn(int i) {
        return "MRN" + (100_000 + i);
    }

    /** A legacy identifier without a system: every tenth patient has one. */
    static String legacyId(int i) {
        return "L" + i;
    }

    /** Patients without a GP: every seventeenth. */
    static boolean hasGp(int i) {
        return i % 17 != 0;
    }

    static String practitioner(int n) {
        return "prac-" + n;
    }

    static String gmc(int n) {
        return "C" + (1_000_000 + n);
    }

    static String organizationName(int n) {
        return "Riverside Practice " + n;
    }

    static String medication(int n) {
        return "med-" + n;
    }

    static String medicationCode(int n) {
        return String.valueOf(39_000_000 + n);
    }

    static String encounter(int i, int k) {
        return "enc-" + i + "-" + k;
    }

    /** @return the clinical date of patient {@code i}'s {@code k}th observation */
    static LocalDate observationDay(int i, int k) {
        return FIRST_DAY.plusDays(Math.floorMod((i * 7919L + k * 104_729L), 5 * 365));
    }

    /** @return the LOINC row of patient {@code i}'s {@code k}th observation (or {@link #RARE}, or the BP panel) */
    static String[] code(int i, int k) {
        if ((i * OBSERVATIONS_EACH + k) % 1000 == 7) {
            return RARE;
        }
        if (k == OBSERVATIONS_EACH - 1) {
            return new String[] {BP_PANEL, "Blood pressure panel", null, null};
        }
        return CODES[Math.floorMod(i * 31 + k * 7, CODES.length)];
    }

    /** @return when the last batch of patient records was written: {@code _lastUpdated} after it finds them */
    static Instant lastRecordsWritten() {
        return FIRST_WRITE.plus(WRITE_STEP.multipliedBy(batches()));
    }

    /** The i-th of the {@link #PATIENTS} tagged research-consented: one in 33. */
    static boolean tagged(int i) {
        return i % 33 == 5;
    }

    // ---- loading ---------------------------------------------------------------------------------

    /** Patients whose records are written in one transaction. */
    private static final int PATIENTS_PER_BATCH = 120;
    /** Writers at once: the machine's cores are shared by the JVM and PostgreSQL. */
    private static final int WRITERS = 2;

    /**
     * Writes the whole dataset through the store, a couple of thousand resources per transaction
     * from {@value #WRITERS} threads, each batch stamped {@link #WRITE_STEP} after the one before so
     * {@code _lastUpdated} spreads out. Leaves {@code clock} at the last batch's time on this thread.
     *
     * @return how many resources were written
     */
    static int load(Database database, FhirServices services, LoadClock clock) {
        int batches = batches();
        int written = write(database, services, clock, 0, shared());
        ForkJoinPool writers = new ForkJoinPool(WRITERS);
        try {
            written += writers.submit(() -> IntStream.range(0, batches).parallel().map(b -> {
                List<Resource> batch = new ArrayList<>();
                for (int i = b * PATIENTS_PER_BATCH; i < Math.min(PATIENTS, (b + 1) * PATIENTS_PER_BATCH); i++) {
                    record(i, batch);
                }
                return write(database, services, clock, b + 1, batch);
            }).sum()).join();
        } finally {
            writers.shutdown();
        }
        return written + write(database, services, clock, batches + 1, lists());
    }

    private static int batches() {
        return (PATIENTS + PATIENTS_PER_BATCH - 1) / PATIENTS_PER_BATCH;
    }

    private static int write(Database database, FhirServices services, LoadClock clock, int step,
            List<Resource> batch) {
        clock.set(FIRST_WRITE.plus(WRITE_STEP.multipliedBy(step)));
        database.inTransaction(connection -> services.store().createAll(connection, batch));
        return batch.size();
    }

    private static List<Resource> shared() {
        List<Resource> out = new ArrayList<>();
        for (int n = 0; n < ORGANIZATIONS; n++) {
            Organization organization = new Organization().setName(organizationName(n)).setActive(true);
            organization.addIdentifier().setSystem("https://fhir.nhs.uk/Id/ods-organization-code").setValue("Y" + n);
            out.add(withId(organization, "org-" + n));
        }
        for (int n = 0; n < LOCATIONS; n++) {
            Location location = new Location().setName("Clinic room " + n)
                    .setManagingOrganization(new Reference("Organization/org-" + (n % ORGANIZATIONS)));
            out.add(withId(location, "loc-" + n));
        }
        for (int n = 0; n < PRACTITIONERS; n++) {
            Practitioner practitioner = new Practitioner();
            practitioner.addName().setFamily(SURNAMES[(n * 7) % SURNAMES.length]).addGiven(GIVEN[n % GIVEN.length]);
            practitioner.addIdentifier().setSystem(GMC).setValue(gmc(n));
            out.add(withId(practitioner, practitioner(n)));
        }
        for (int n = 0; n < MEDICATIONS; n++) {
            Medication medication = new Medication().setCode(concept(SNOMED, medicationCode(n), "Medicine " + n
                    + " 10mg tablets"));
            out.add(withId(medication, medication(n)));
        }
        out.add(valueSet("vital-signs", 0, VITAL_SIGNS));
        out.add(valueSet("lab-results", VITAL_SIGNS, CODES.length));
        out.add(valueSet("diabetes-monitoring", 9, 11));
        return out;
    }

    private static ValueSet valueSet(String name, int from, int to) {
        ValueSet valueSet = new ValueSet().setUrl(VALUE_SETS + name).setName(name)
                .setStatus(Enumerations.PublicationStatus.ACTIVE);
        ValueSet.ConceptSetComponent include = valueSet.getCompose().addInclude().setSystem(LOINC);
        for (int c = from; c < to; c++) {
            include.addConcept().setCode(CODES[c][0]).setDisplay(CODES[c][1]);
        }
        return withId(valueSet, "vs-" + name);
    }

    private static List<Resource> lists() {
        List<Resource> out = new ArrayList<>();
        for (int n = 0; n < LISTS; n++) {
            ListResource list = new ListResource().setStatus(ListResource.ListStatus.CURRENT)
                    .setMode(ListResource.ListMode.WORKING).setTitle("Clinic list " + n);
            for (int j = 0; j < 40; j++) {
                list.addEntry().setItem(new Reference("Patient/" + patient((n * 97 + j * 61) % PATIENTS)));
            }
            out.add(withId(list, "list-" + n));
        }
        return out;
    }

    /** One patient's record: 16 resources. */
    private static void record(int i, List<Resource> out) {
        Random random = new Random(i);
        Patient patient = new Patient().setGender(i % 2 == 0 ? Enumerations.AdministrativeGender.FEMALE
                : Enumerations.AdministrativeGender.MALE);
        patient.addName().setFamily(family(i)).addGiven(given(i));
        patient.setBirthDateElement(new DateType(LocalDate.of(1930, 1, 1).plusDays(random.nextInt(90 * 365)).toString()));
        patient.addIdentifier().setSystem(NHS_NUMBER).setValue(nhsNumber(i));
        patient.addIdentifier().setSystem(MRN).setValue(mrn(i)).setType(concept(V2_0203, "MR", "Medical record number"));
        if (i % 10 == 0) {
            patient.addIdentifier().setValue(legacyId(i));
        }
        patient.addAddress().setCity(CITIES[i % CITIES.length]).setPostalCode("LS" + (i % 30) + " " + (i % 9) + "AB");
        patient.addTelecom().setValue("07700 9" + String.format("%05d", i));
        if (hasGp(i)) {
            patient.addGeneralPractitioner(new Reference("Practitioner/" + practitioner(i % PRACTITIONERS)));
        }
        patient.setManagingOrganization(new Reference("Organization/org-" + (i % ORGANIZATIONS)));
        patient.getMeta().addProfile(PROFILES + "UKCore-Patient");
        if (tagged(i)) {
            patient.getMeta().addTag(TAGS, "research-consented", "Research consented");
        }
        out.add(withId(patient, patient(i)));
        Reference subject = new Reference("Patient/" + patient(i));
        for (int k = 0; k < 2; k++) {
            LocalDate day = observationDay(i, k * 4);
            Encounter encounter = new Encounter().setStatus(Encounter.EncounterStatus.FINISHED)
                    .setClass_(new Coding("http://terminology.hl7.org/CodeSystem/v3-ActCode", k == 0 ? "AMB" : "IMP",
                            null))
                    .setSubject(subject).setServiceProvider(new Reference("Organization/org-" + (i % ORGANIZATIONS)))
                    .setPeriod(new Period().setStartElement(new DateTimeType(day + "T09:00:00Z"))
                            .setEndElement(new DateTimeType(day + "T09:20:00Z")));
            encounter.addType(concept(SNOMED, "185349003", "Encounter for check up"));
            encounter.addLocation().setLocation(new Reference("Location/loc-" + ((i + k) % LOCATIONS)));
            encounter.addParticipant().setIndividual(new Reference("Practitioner/" + practitioner((i + k) % PRACTITIONERS)));
            out.add(withId(encounter, encounter(i, k)));
        }
        for (int k = 0; k < OBSERVATIONS_EACH; k++) {
            out.add(observation(i, k, subject, random));
        }
        for (int k = 0; k < 2; k++) {
            boolean icd = (i + k) % 10 == 3;
            String[] code = icd ? ICD[(i + k) % ICD.length] : CONDITIONS[(i * 3 + k) % CONDITIONS.length];
            Condition condition = new Condition().setSubject(subject)
                    .setEncounter(new Reference("Encounter/" + encounter(i, k)))
                    .setCode(concept(icd ? ICD10 : SNOMED, code[0], code[1]))
                    .setClinicalStatus(concept("http://terminology.hl7.org/CodeSystem/condition-clinical",
                            (i + k) % 4 == 0 ? "resolved" : "active", null))
                    .setOnset(new DateTimeType(observationDay(i, k + 3) + "T10:00:00Z"));
            condition.getMeta().addProfile(PROFILES + "UKCore-Condition");
            out.add(withId(condition, "cond-" + i + "-" + k));
        }
        for (int k = 0; k < 2; k++) {
            MedicationRequest request = new MedicationRequest()
                    .setStatus(k == 0 ? MedicationRequest.MedicationRequestStatus.ACTIVE
                            : MedicationRequest.MedicationRequestStatus.COMPLETED)
                    .setIntent(MedicationRequest.MedicationRequestIntent.ORDER)
                    .setMedication(new Reference("Medication/" + medication((i * 5 + k) % MEDICATIONS)))
                    .setSubject(subject).setEncounter(new Reference("Encounter/" + encounter(i, k)))
                    .setAuthoredOnElement(new DateTimeType(observationDay(i, k + 5) + "T11:00:00Z"))
                    .setRequester(new Reference("Practitioner/" + practitioner((i + k) % PRACTITIONERS)));
            out.add(withId(request, "mreq-" + i + "-" + k));
        }
        RiskAssessment risk = new RiskAssessment().setStatus(RiskAssessment.RiskAssessmentStatus.FINAL)
                .setSubject(subject).setOccurrence(new DateTimeType(observationDay(i, 6) + "T12:00:00Z"));
        risk.addPrediction().setProbability(new DecimalType(BigDecimal.valueOf(random.nextInt(1000), 3)))
                .setOutcome(concept(SNOMED, "22298006", "Myocardial infarction"));
        out.add(withId(risk, "risk-" + i));
    }

    private static Observation observation(int i, int k, Reference subject, Random random) {
        String[] code = code(i, k);
        boolean vital = code == RARE ? false : code[0].equals(BP_PANEL) || indexOf(code) < VITAL_SIGNS;
        Observation observation = new Observation().setStatus(Observation.ObservationStatus.FINAL)
                .setSubject(subject).setEncounter(new Reference("Encounter/" + encounter(i, k / 4)))
                .setCode(concept(LOINC, code[0], code[1]))
                .setEffective(new DateTimeType(observationDay(i, k) + "T" + String.format("%02d:%02d:00Z",
                        8 + random.nextInt(10), random.nextInt(60))));
        observation.addCategory(concept("http://terminology.hl7.org/CodeSystem/observation-category",
                vital ? "vital-signs" : "laboratory", null));
        int practitioner = (i + k) % PRACTITIONERS;
        observation.addPerformer(new Reference("Practitioner/" + practitioner(practitioner))
                .setIdentifier(new Identifier().setSystem(GMC).setValue(gmc(practitioner))));
        observation.getMeta().addProfile(PROFILES + (vital ? "UKCore-Observation-VitalSigns" : "UKCore-Observation-Lab"));
        if (tagged(i)) {
            observation.getMeta().addTag(TAGS, "research-consented", "Research consented");
        }
        if (code[0].equals(BP_PANEL)) {
            observation.addComponent().setCode(concept(LOINC, "8480-6", "Systolic blood pressure"))
                    .setValue(quantity(100 + random.nextInt(80), "mm[Hg]"));
            observation.addComponent().setCode(concept(LOINC, "8462-4", "Diastolic blood pressure"))
                    .setValue(quantity(60 + random.nextInt(40), "mm[Hg]"));
        } else {
            double typical = Double.parseDouble(code[3]);
            double value = typical * (0.7 + random.nextInt(61) / 100.0);
            observation.setValue(quantity(BigDecimal.valueOf(Math.round(value * 10), 1).doubleValue(), code[2]));
        }
        return withId(observation, "obs-" + i + "-" + k);
    }

    private static int indexOf(String[] code) {
        for (int c = 0; c < CODES.length; c++) {
            if (CODES[c] == code) {
                return c;
            }
        }
        return -1;
    }

    private static Quantity quantity(double value, String unit) {
        return new Quantity().setValue(value).setUnit(unit).setSystem(UCUM).setCode(unit);
    }

    private static CodeableConcept concept(String system, String code, String display) {
        return new CodeableConcept().addCoding(new Coding(system, code, display)).setText(display);
    }

    private static <T extends Resource> T withId(T resource, String id) {
        resource.setId(id);
        return resource;
    }

    /**
     * The store's clock during a load: set, not ticking, so a batch's resources share a time; each
     * writer thread has its own setting.
     */
    static final class LoadClock extends Clock {

        private final ThreadLocal<Instant> now = ThreadLocal.withInitial(() -> FIRST_WRITE);

        void set(Instant instant) {
            now.set(instant);
        }

        @Override
        public Instant instant() {
            return now.get();
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            throw new UnsupportedOperationException("a load clock has one zone");
        }
    }
}
