package org.openspine.exchange.filing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.openspine.fhir.search.query.FhirSearch;
import org.openspine.fhir.store.FhirStore;
import org.openspine.fhir.store.ReadResult;
import org.openspine.fhir.store.StoredResource;
import org.openspine.platform.identifier.NhsNumber;

/**
 * Decides whose record each letter is filed into. The NHS Number first: the record carrying it (the surviving
 * one, when it was superseded) is the patient, unless the letter gives a birth date the record does not have, or
 * two records carry it. Otherwise the {@link PatientFinder} (the patient matcher) decides from the demographics.
 * Either way the patient must be registered at the practice the letter came to ({@code Patient.generalPractitioner}
 * names it): a letter for someone registered elsewhere is most likely misaddressed, and the practice could not see
 * what was filed. NHS Numbers are looked up a hundred to a search. Thread-safe.
 */
final class PatientResolver {

    private static final String BASE = "urn:openspine:filing";
    private static final int NUMBERS_A_SEARCH = 100;
    private static final int MAX_LINKS = 5;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final FhirSearch search;
    private final FhirStore store;
    private final PatientFinder finder;

    PatientResolver(FhirSearch search, FhirStore store, PatientFinder finder) {
        this.search = search;
        this.store = store;
        this.finder = finder;
    }

    /** Whose record a letter belongs to. */
    sealed interface Resolved {

        /** File it into this patient's record. */
        record Filed(String patientId) implements Resolved {
        }

        /** Queue it for a person at the practice. */
        record Queued(QueueReason reason, String detail, List<String> candidates) implements Resolved {
            public Queued {
                Objects.requireNonNull(reason, "reason");
                Objects.requireNonNull(detail, "detail");
                candidates = List.copyOf(candidates);
            }
        }
    }

    /** @return for each letter (by message id), whose record it is filed into or why it is queued */
    Map<String, Resolved> resolve(Connection connection, Map<String, Asked> letters) throws SQLException {
        Map<String, List<Record>> byNumber = byNhsNumber(connection, letters.values().stream()
                .flatMap(a -> a.subject().nhsNumber().stream()).distinct().toList());
        Map<String, Resolved> resolved = new LinkedHashMap<>();
        for (Map.Entry<String, Asked> letter : letters.entrySet()) {
            resolved.put(letter.getKey(), resolve(connection, letter.getValue(), byNumber));
        }
        return resolved;
    }

    private Resolved resolve(Connection connection, Asked asked, Map<String, List<Record>> byNumber) throws SQLException {
        LetterSubject subject = asked.subject();
        List<Record> carrying = subject.nhsNumber().map(n -> byNumber.getOrDefault(n, List.of())).orElse(List.of());
        if (carrying.size() > 1) {
            return new Resolved.Queued(QueueReason.AMBIGUOUS, carrying.size() + " records carry the letter's NHS Number",
                    carrying.stream().map(Record::id).toList());
        }
        Optional<Record> patient = carrying.stream().findFirst()
                .filter(record -> subject.birthDate().isEmpty() || record.birthDate().isEmpty()
                        || record.birthDate().equals(subject.birthDate().map(Object::toString)));
        if (patient.isEmpty()) {
            switch (finder.find(connection, subject)) {
                case PatientMatch.Found found -> patient = read(connection, found.patientId());
                case PatientMatch.Ambiguous ambiguous -> {
                    return new Resolved.Queued(QueueReason.AMBIGUOUS, ambiguous.patientIds().size()
                            + " records match the letter's patient and nothing tells them apart", ambiguous.patientIds());
                }
                case PatientMatch.NotFound notFound -> {
                    return new Resolved.Queued(QueueReason.UNMATCHED, subject.nhsNumber().isPresent() && carrying.isEmpty()
                            ? "no record carries the letter's NHS Number, and none matches its demographics"
                            : "no record matches the letter's patient", notFound.possible());
                }
            }
            if (patient.isEmpty()) {
                return new Resolved.Queued(QueueReason.UNMATCHED, "the matched record cannot be read", List.of());
            }
        }
        Record record = patient.get();
        if (!record.registeredAt(asked.practice())) {
            return new Resolved.Queued(QueueReason.NOT_REGISTERED, "the letter's patient is not registered at "
                    + asked.practice().odsCode(), List.of(record.id()));
        }
        return new Resolved.Filed(record.id());
    }

    /**
     * Checks a person's choice of record for a letter: the record must exist (the surviving one is taken when it was
     * superseded), be the only one carrying the NHS Number when chosen by number, and be registered at the practice,
     * as for a letter filed on arrival: the practice files only into records it holds.
     *
     * @return the Patient id to file into, or why the choice cannot be used
     */
    Chosen chosen(Connection connection, RecordChoice choice, Practice practice) throws SQLException {
        Optional<Record> record;
        switch (choice) {
            case RecordChoice.ById byId -> {
                Optional<Record> stored = read(connection, byId.patientId());
                if (stored.isEmpty()) {
                    return new Chosen.Refused("there is no record Patient/" + byId.patientId());
                }
                record = surviving(connection, stored.get());
            }
            case RecordChoice.ByNhsNumber byNumber -> {
                List<Record> carrying = byNhsNumber(connection, List.of(byNumber.nhsNumber()))
                        .getOrDefault(byNumber.nhsNumber(), List.of());
                if (carrying.size() != 1) {
                    return new Chosen.Refused(carrying.isEmpty() ? "no record carries NHS Number " + byNumber.nhsNumber()
                            : carrying.size() + " records carry NHS Number " + byNumber.nhsNumber() + "; choose one by its id");
                }
                record = Optional.of(carrying.get(0));
            }
        }
        if (record.isEmpty()) {
            return new Chosen.Refused("the record's chain of replacements is too long to follow; choose the surviving record");
        }
        if (!record.get().registeredAt(practice)) {
            return new Chosen.Refused("Patient/" + record.get().id() + " is not registered at " + practice.odsCode());
        }
        return new Chosen.Patient(record.get().id());
    }

    /** What checking a person's choice of record gave. */
    sealed interface Chosen {

        /** File into this record. */
        record Patient(String patientId) implements Chosen {
        }

        /** The choice cannot be used, for this reason (for the person who made it). */
        record Refused(String why) implements Chosen {
        }
    }

    /** @return the surviving records carrying each NHS Number */
    private Map<String, List<Record>> byNhsNumber(Connection connection, List<String> numbers) throws SQLException {
        Map<String, List<Record>> found = new HashMap<>();
        for (int from = 0; from < numbers.size(); from += NUMBERS_A_SEARCH) {
            List<String> chunk = numbers.subList(from, Math.min(numbers.size(), from + NUMBERS_A_SEARCH));
            String values = String.join(",", chunk.stream().map(n -> NhsNumber.SYSTEM + "|" + n).toList());
            for (StoredResource patient : search.find(connection, "Patient", Map.of("identifier", List.of(values)), BASE,
                    chunk.size() * 4)) {
                JsonNode json = json(patient);
                Optional<Record> surviving = surviving(connection, new Record(patient.id(), json));
                for (JsonNode identifier : json.path("identifier")) {
                    String number = identifier.path("value").asText();
                    if (NhsNumber.SYSTEM.equals(identifier.path("system").asText()) && chunk.contains(number)) {
                        List<Record> records = found.computeIfAbsent(number, n -> new ArrayList<>());
                        surviving.filter(s -> records.stream().noneMatch(r -> r.id().equals(s.id()))).ifPresent(records::add);
                    }
                }
            }
        }
        return found;
    }

    /** @return the record {@code record} is superseded by (following {@code replaced-by}), or itself */
    private Optional<Record> surviving(Connection connection, Record record) throws SQLException {
        Record current = record;
        for (int hops = 0; hops < MAX_LINKS; hops++) {
            Optional<String> next = current.replacedBy();
            if (next.isEmpty()) {
                return Optional.of(current);
            }
            Optional<Record> replacement = read(connection, next.get());
            if (replacement.isEmpty()) {
                return Optional.of(current); // a link to nothing: the record stands as it is
            }
            current = replacement.get();
        }
        return Optional.empty(); // a chain too long to be right: a person decides
    }

    private Optional<Record> read(Connection connection, String patientId) throws SQLException {
        return store.read(connection, "Patient", patientId) instanceof ReadResult.Found found
                ? Optional.of(new Record(found.resource().id(), json(found.resource()))) : Optional.empty();
    }

    private static JsonNode json(StoredResource resource) {
        try {
            return JSON.readTree(resource.json());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(resource.reference() + " is not JSON", e);
        }
    }

    /**
     * One letter to resolve.
     *
     * @param subject  what it says of its patient
     * @param practice the practice it came to
     */
    record Asked(LetterSubject subject, Practice practice) {
    }

    /** A stored Patient, parsed. */
    private record Record(String id, JsonNode json) {

        Optional<String> birthDate() {
            return Optional.ofNullable(json.path("birthDate").textValue());
        }

        Optional<String> replacedBy() {
            for (JsonNode link : json.path("link")) {
                String reference = link.path("other").path("reference").asText();
                if (link.path("type").asText().equals("replaced-by") && reference.startsWith("Patient/")) {
                    return Optional.of(reference.substring("Patient/".length()));
                }
            }
            return Optional.empty();
        }

        boolean registeredAt(Practice practice) {
            for (JsonNode gp : json.path("generalPractitioner")) {
                if (gp.path("reference").asText().equals(practice.reference())
                        || PracticeDirectory.ODS.equals(gp.path("identifier").path("system").asText())
                        && gp.path("identifier").path("value").asText().equals(practice.odsCode())) {
                    return true;
                }
            }
            return false;
        }
    }
}
