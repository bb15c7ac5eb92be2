package org.openspine.bench;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.function.UnaryOperator;
import org.openspine.server.demo.SyntheticBundle;
import org.openspine.server.demo.SyntheticPopulation;

/**
 * The patients of the {@code load} scenario: load patient {@code n} is patient {@link #FIRST_INDEX} + n of the
 * synthetic population, with nine years of history instead of the population's three, so that a dataset of a
 * million resources comes from about 27,000 patients (37 resources each on average).
 *
 * <p>The older history is the population's own generator run for earlier generation days (three and six years
 * back). The same seed and index draw the same person on any day, so an earlier window is this patient's
 * record shifted back in time: the bench keeps only its episodes (Encounters, their Observations, and the acute
 * Conditions and MedicationRequests issued at them), drops what would repeat the current record (the Patient,
 * long-term problems, allergies, repeat prescriptions), and gives the kept entries fresh urn:uuids pointing at
 * the current Patient. An earlier window is added only for someone who was an adult when it began, so nothing
 * predates a birth and children keep the short record. Because the draws repeat, the values of an earlier
 * window repeat those of the current one; searches do not care, but do not read the data as clinical trends.
 *
 * <p>Load indexes start at 300,000 so that they meet neither the {@code ingest} scenario's patients (counting
 * up from 0) nor the stand-alone Patients of {@link PatientBodies} (counting down from the top). Deterministic
 * and thread-safe; a patient costs about a millisecond to build.
 */
final class PatientRecords implements LoadDataset {

    /** Population index of load patient 0. */
    static final int FIRST_INDEX = 300_000;
    /** How many load patients one seed has. */
    static final int CAPACITY = 150_000;
    /** Generation days in the record, three years apart; window 0 is the population's own. */
    static final int WINDOWS = 3;
    private static final int WINDOW_YEARS = 3;
    private static final int ADULT_YEARS = 18;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final long seed;
    private final List<SyntheticPopulation> windows;

    PatientRecords(long seed) {
        this.seed = seed;
        List<SyntheticPopulation> populations = new ArrayList<>();
        for (int window = 0; window < WINDOWS; window++) {
            populations.add(new SyntheticPopulation(seed,
                    SyntheticPopulation.DEFAULT_AS_OF.minusYears((long) WINDOW_YEARS * window)));
        }
        this.windows = List.copyOf(populations);
    }

    @Override
    public String scenario() {
        return "load";
    }

    @Override
    public String unit() {
        return "resources";
    }

    @Override
    public int capacity() {
        return CAPACITY;
    }

    @Override
    public boolean countsOrganisations() {
        return true;
    }

    /** @return the NHS Number of load patient {@code n}, without building the record */
    @Override
    public String nhsNumber(int n) {
        return windows.getFirst().nhsNumber(index(n)).value();
    }

    /** @return load patient {@code n}'s transaction Bundle: the Patient (conditional create) and the record */
    @Override
    public SyntheticBundle bundle(int n) {
        ObjectNode bundle = record(n);
        return new SyntheticBundle(text(bundle), bundle.path("entry").size(), nhsNumber(n));
    }

    /** @return how many resources {@link #bundle}{@code (n)} holds, without writing it out */
    @Override
    public int counted(int n) {
        return record(n).path("entry").size();
    }

    /**
     * @param patientId the server's id for the patient
     * @return what a search for load patient {@code n} can rely on; the Observation coding and date it quotes
     *     are those of one of the patient's Observations, chosen from the seed
     */
    SearchSubject subject(int n, String patientId) {
        ObjectNode bundle = record(n);
        JsonNode patient = bundle.path("entry").path(0).path("resource");
        List<JsonNode> codings = new ArrayList<>();
        List<String> dates = new ArrayList<>();
        boolean prescribed = false;
        for (JsonNode entry : bundle.path("entry")) {
            JsonNode resource = entry.path("resource");
            String type = resource.path("resourceType").asText();
            prescribed |= type.equals("MedicationRequest");
            if (type.equals("Observation")) {
                for (JsonNode coding : resource.path("code").path("coding")) {
                    codings.add(coding);
                    dates.add(resource.path("effectiveDateTime").asText());
                }
            }
        }
        Random choice = new Random(seed * 1_000_003L + n);
        int chosen = choice.nextInt(codings.size()); // every record has an Observation from its first visit
        return new SearchSubject(n, nhsNumber(n), patientId, patient.path("name").path(0).path("family").asText(),
                patient.path("name").path(0).path("given").path(0).asText(), LocalDate.parse(patient.path("birthDate").asText()), codings.get(chosen).path("system").asText(),
                codings.get(chosen).path("code").asText(), LocalDate.parse(dates.get(chosen).substring(0, 10)),
                prescribed);
    }

    private ObjectNode record(int n) {
        ObjectNode bundle = tree(windows.getFirst().patientBundle(index(n)));
        ArrayNode entries = (ArrayNode) bundle.path("entry");
        JsonNode patientEntry = entries.path(0);
        LocalDate born = LocalDate.parse(patientEntry.path("resource").path("birthDate").asText());
        for (int window = 1; window < WINDOWS; window++) {
            LocalDate windowStart = SyntheticPopulation.DEFAULT_AS_OF.minusYears((long) WINDOW_YEARS * (window + 1));
            if (born.plusYears(ADULT_YEARS).isAfter(windowStart)) {
                break; // later windows start earlier still
            }
            ArrayNode earlier = (ArrayNode) tree(windows.get(window).patientBundle(index(n))).path("entry");
            String earlierPatient = earlier.path(0).path("fullUrl").asText();
            String patient = patientEntry.path("fullUrl").asText();
            int shift = window;
            UnaryOperator<String> rename = url -> url.equals(earlierPatient) ? patient : fresh(shift, url);
            for (JsonNode entry : earlier) {
                if (episode(entry.path("resource"))) {
                    entries.add(renamed((ObjectNode) entry, rename));
                }
            }
        }
        return bundle;
    }

    /** @return whether {@code resource} belongs to one visit, rather than to the patient's standing record */
    private static boolean episode(JsonNode resource) {
        return switch (resource.path("resourceType").asText()) {
            case "Encounter", "Observation" -> true;
            case "Condition", "MedicationRequest" -> resource.has("encounter");
            default -> false;
        };
    }

    /**
     * Gives an entry of an earlier window a urn:uuid of its own (the windows draw the same ones) and renames its
     * urn:uuid references the same way, which points them at the renamed entries or the current Patient.
     */
    private static ObjectNode renamed(ObjectNode entry, UnaryOperator<String> rename) {
        entry.put("fullUrl", rename.apply(entry.path("fullUrl").asText()));
        for (JsonNode parent : entry.findParents("reference")) {
            String reference = parent.path("reference").asText();
            if (reference.startsWith("urn:uuid:")) {
                ((ObjectNode) parent).put("reference", rename.apply(reference));
            }
        }
        return entry;
    }

    private static String fresh(int window, String url) {
        return "urn:uuid:" + UUID.nameUUIDFromBytes((window + " " + url).getBytes(StandardCharsets.UTF_8));
    }

    private static int index(int n) {
        if (n < 0 || n >= CAPACITY) {
            throw new IllegalArgumentException("bench: load patient must be in [0, " + CAPACITY + "), was " + n);
        }
        return FIRST_INDEX + n;
    }

    private static ObjectNode tree(SyntheticBundle bundle) {
        try {
            return (ObjectNode) JSON.readTree(bundle.json());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("bench: synthetic population produced unreadable JSON", e);
        }
    }

    private static String text(ObjectNode bundle) {
        try {
            return JSON.writeValueAsString(bundle);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("bench: cannot serialise a load bundle", e);
        }
    }
}
