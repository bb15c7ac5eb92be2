package org.openspine.exchange.filing;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.UUID;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Task;
import org.openspine.fhir.FhirServices;
import org.openspine.fhir.model.FhirCodec;
import org.openspine.fhir.search.query.FhirSearch;
import org.openspine.fhir.store.FhirStore;
import org.openspine.fhir.store.StoredResource;

/**
 * One task per patient for a practice's delayed letters, instead of one per letter: "N delayed letters filed for
 * this patient, dates from X to Y", with each DocumentReference as an input ({@value FiledDocuments#TASK_SYSTEM}|
 * {@value #SUMMARY}). While such a task is still {@code requested} (nobody has started on it), letters of the same
 * patient delayed later, in another run or from another sender, join it rather than start another. Runs filing the
 * same patient's letters for the same practice serialise on an advisory lock, so two nodes never make two tasks.
 * Joins the filing transaction. Thread-safe.
 */
final class DelayedSummaries {

    /** The task summarising a patient's delayed letters. */
    static final String SUMMARY = "review-delayed-documents";
    /** The input type of each delayed letter on the task. */
    static final String DELAYED_INPUT = "delayed-document";
    /** The extension holding the earliest and latest of the letters' own dates. */
    static final String DATES = "https://openspine.org/StructureDefinition/delayed-document-dates";
    private static final String BASE = "urn:openspine:filing";
    private static final int PATIENTS_A_SEARCH = 100;

    private final FhirSearch search;
    private final FhirStore store;
    private final FhirCodec codec;

    DelayedSummaries(FhirSearch search, FhirStore store, FhirCodec codec) {
        this.search = search;
        this.store = store;
        this.codec = codec;
    }

    /**
     * Summarises each group's letters: joins them to the patient's open summary task at the practice (updating it
     * here), or makes a new one.
     *
     * @param touched receives each task updated here, for the audit trail
     * @return the new tasks, to be created with the letters
     */
    List<Task> summarise(Connection connection, List<Group> groups, Instant now, List<StoredResource> touched)
            throws SQLException {
        if (groups.isEmpty()) {
            return List.of();
        }
        lock(connection, groups.stream().map(Group::key).sorted().distinct().toList());
        Map<String, StoredResource> open = open(connection, groups);
        List<Task> created = new ArrayList<>();
        for (Group group : groups) {
            StoredResource existing = open.get(group.key());
            Task task = existing == null ? newTask(group, now) : (Task) codec.parseStored(existing.json());
            Period dates = dates(task);
            for (FiledDocuments.Filed filed : group.letters()) {
                task.addInput().setType(new CodeableConcept(new Coding(FiledDocuments.TASK_SYSTEM, DELAYED_INPUT,
                        "Delayed document"))).setValue(new Reference(filed.reference()));
                widen(dates, filed.date());
            }
            task.setDescription(task.getInput().size() + " delayed letters filed for this patient, dates from "
                    + day(dates.getStartElement()) + " to " + day(dates.getEndElement()));
            task.setLastModifiedElement(dateTime(now));
            if (existing == null) {
                created.add(task);
            } else {
                touched.add(store.update(connection, "Task", existing.id(), task, OptionalInt.of(existing.version()))
                        .resource());
            }
        }
        return created;
    }

    private static Task newTask(Group group, Instant now) {
        Task task = new Task();
        task.setId(UUID.randomUUID().toString());
        task.setStatus(Task.TaskStatus.REQUESTED);
        task.setIntent(Task.TaskIntent.ORDER);
        task.setPriority(Task.TaskPriority.ROUTINE);
        task.setCode(new CodeableConcept(new Coding(FiledDocuments.TASK_SYSTEM, SUMMARY, "Review delayed documents")));
        task.setFor(new Reference("Patient/" + group.patientId()));
        task.setAuthoredOnElement(dateTime(now));
        task.setOwner(FiledDocuments.owner(group.practice()));
        return task;
    }

    /** @return the task's dates extension, added when missing */
    private static Period dates(Task task) {
        Extension extension = task.getExtensionByUrl(DATES);
        if (extension == null) {
            extension = task.addExtension().setUrl(DATES).setValue(new Period());
        }
        return (Period) extension.getValue();
    }

    private static void widen(Period dates, Instant date) {
        DateTimeType at = dateTime(date);
        if (!dates.hasStart() || dates.getStart().toInstant().isAfter(date)) {
            dates.setStartElement(at);
        }
        if (!dates.hasEnd() || dates.getEnd().toInstant().isBefore(date)) {
            dates.setEndElement(at.copy());
        }
    }

    /** @return the open summary task of each group's patient at its practice, by group key */
    private Map<String, StoredResource> open(Connection connection, List<Group> groups) throws SQLException {
        Map<String, List<String>> patientsByPractice = new LinkedHashMap<>();
        groups.forEach(g -> patientsByPractice.computeIfAbsent(g.practice().organisationId(), p -> new ArrayList<>())
                .add("Patient/" + g.patientId()));
        Map<String, StoredResource> open = new HashMap<>();
        for (Map.Entry<String, List<String>> practice : patientsByPractice.entrySet()) {
            List<String> patients = practice.getValue();
            for (int from = 0; from < patients.size(); from += PATIENTS_A_SEARCH) {
                List<String> chunk = patients.subList(from, Math.min(patients.size(), from + PATIENTS_A_SEARCH));
                Map<String, List<String>> criteria = new LinkedHashMap<>();
                criteria.put("subject", List.of(String.join(",", chunk)));
                criteria.put("code", List.of(FiledDocuments.TASK_SYSTEM + "|" + SUMMARY));
                criteria.put("owner", List.of("Organization/" + practice.getKey()));
                criteria.put("status", List.of("requested"));
                for (StoredResource task : search.find(connection, "Task", criteria, BASE, chunk.size() * 4)) {
                    task.patientId().ifPresent(patient -> open.putIfAbsent(key(practice.getKey(), patient), task));
                }
            }
        }
        return open;
    }

    private static void lock(Connection connection, List<String> keys) throws SQLException {
        // sorted, so two runs locking overlapping patients take the locks in one order and cannot deadlock
        try (PreparedStatement statement = connection.prepareStatement("SELECT pg_advisory_xact_lock("
                + "hashtextextended('filing-summary:' || k, 0)) FROM (SELECT k FROM unnest(?::text[]) k ORDER BY k) s")) {
            statement.setArray(1, connection.createArrayOf("text", keys.toArray()));
            statement.execute();
        }
    }

    private static DateTimeType dateTime(Instant instant) {
        return new DateTimeType(instant.truncatedTo(ChronoUnit.MILLIS).toString());
    }

    private static LocalDate day(DateTimeType dateTime) {
        return LocalDate.ofInstant(dateTime.getValue().toInstant(), FhirServices.SERVICE_ZONE);
    }

    private static String key(String organisationId, String patientId) {
        return organisationId + "/" + patientId;
    }

    /**
     * A patient's delayed letters filed for one practice in one run.
     *
     * @param practice  the practice
     * @param patientId the patient
     * @param letters   the letters, in the order of their own dates
     */
    record Group(Practice practice, String patientId, List<FiledDocuments.Filed> letters) {
        Group {
            Objects.requireNonNull(practice, "practice");
            Objects.requireNonNull(patientId, "patientId");
            letters = List.copyOf(letters);
        }

        String key() {
            return DelayedSummaries.key(practice.organisationId(), patientId);
        }
    }
}
