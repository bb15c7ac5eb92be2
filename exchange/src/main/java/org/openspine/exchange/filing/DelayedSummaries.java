package org.openspine.exchange.filing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
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
import org.openspine.fhir.store.ReadResult;
import org.openspine.fhir.store.FhirStore;
import org.openspine.fhir.store.StoredResource;

/**
 * One task per patient for a practice's delayed letters, instead of one per letter: "N delayed letters filed for
 * this patient, dates from X to Y", with each DocumentReference as an input ({@value FiledDocuments#TASK_SYSTEM}|
 * {@value #SUMMARY}). While such a task is still {@code requested} (nobody has started on it), letters of the same
 * patient delayed later, in another run or from another sender, join it rather than start another. Runs filing the
 * same patient's letters for the same practice serialise on an advisory lock, so two nodes never make two tasks.
 * Each patient's latest summary at each practice is found by key ({@code filing_summary}), not by a search over
 * every Task: such a search grew costly as a backlog filled the record with tasks.
 * Joins the filing transaction. Thread-safe.
 */
final class DelayedSummaries {

    /** The task summarising a patient's delayed letters. */
    static final String SUMMARY = "review-delayed-documents";
    /** The input type of each delayed letter on the task. */
    static final String DELAYED_INPUT = "delayed-document";
    /** The extension holding the earliest and latest of the letters' own dates. */
    static final String DATES = "https://openspine.org/StructureDefinition/delayed-document-dates";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final FhirStore store;
    private final FhirCodec codec;

    DelayedSummaries(FhirStore store, FhirCodec codec) {
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
        List<Group> createdFor = new ArrayList<>();
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
                createdFor.add(group);
            } else {
                touched.add(store.update(connection, "Task", existing.id(), task, OptionalInt.of(existing.version()))
                        .resource());
            }
        }
        remember(connection, createdFor, created);
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
        Map<String, String> latest = new HashMap<>();
        try (PreparedStatement select = connection.prepareStatement("""
                SELECT s.organisation_id, s.patient_id, s.task_id FROM filing_summary s
                JOIN unnest(?::text[], ?::text[]) AS g(organisation_id, patient_id) USING (organisation_id, patient_id)""")) {
            select.setArray(1, connection.createArrayOf("text", groups.stream().map(g -> g.practice().organisationId())
                    .toArray()));
            select.setArray(2, connection.createArrayOf("text", groups.stream().map(Group::patientId).toArray()));
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    latest.put(key(rows.getString(1), rows.getString(2)), rows.getString(3));
                }
            }
        }
        Map<String, StoredResource> open = new HashMap<>();
        for (Map.Entry<String, String> summary : latest.entrySet()) {
            if (store.read(connection, "Task", summary.getValue()) instanceof ReadResult.Found found
                    && stillOpen(found.resource())) {
                open.put(summary.getKey(), found.resource());
            }
        }
        return open;
    }

    /** @return whether nobody has started on the task: it is still requested */
    private static boolean stillOpen(StoredResource task) {
        try {
            return JSON.readTree(task.json()).path("status").asText().equals("requested");
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(task.reference() + " is not JSON", e);
        }
    }

    /** Records the new tasks as their patients' latest summaries at their practices. */
    private static void remember(Connection connection, List<Group> groups, List<Task> tasks) throws SQLException {
        try (PreparedStatement upsert = connection.prepareStatement("""
                INSERT INTO filing_summary (organisation_id, patient_id, task_id)
                SELECT * FROM unnest(?::text[], ?::text[], ?::text[])
                ON CONFLICT (organisation_id, patient_id) DO UPDATE SET task_id = excluded.task_id""")) {
            upsert.setArray(1, connection.createArrayOf("text", groups.stream().map(g -> g.practice().organisationId())
                    .toArray()));
            upsert.setArray(2, connection.createArrayOf("text", groups.stream().map(Group::patientId).toArray()));
            upsert.setArray(3, connection.createArrayOf("text", tasks.stream().map(Task::getIdPart).toArray()));
            upsert.executeUpdate();
        }
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
