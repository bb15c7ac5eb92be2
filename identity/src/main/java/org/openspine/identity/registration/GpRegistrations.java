package org.openspine.identity.registration;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.openspine.fhir.FhirServices;
import org.openspine.fhir.access.RecordAccess;
import org.openspine.fhir.access.RecordGuard;
import org.openspine.fhir.rest.FhirApi;
import org.openspine.fhir.rest.FhirRequest;
import org.openspine.fhir.search.query.FhirSearch;
import org.openspine.fhir.store.FhirStore;
import org.openspine.fhir.store.ReadResult;
import org.openspine.fhir.store.StoredResource;
import org.openspine.identity.directory.OrganisationType;
import org.openspine.platform.error.OpenSpineException;
import org.openspine.platform.identifier.NhsNumber;
import org.openspine.platform.security.Caller;

/**
 * GP registration: who is whose GP, and since when. A registration is an EpisodeOfCare in the patient's
 * record ({@link RegistrationEpisodes}); the current one is mirrored in {@code Patient.generalPractitioner}.
 * Registering and deregistering change both, and end the registration they replace, in the caller's
 * transaction, with the patient's row locked so that two changes to one patient's registration serialise.
 * Because both an active episode and {@code generalPractitioner} make a legitimate relationship, the
 * practice a patient leaves loses access to their record in the same transaction, and the new one gains it.
 *
 * <p>Who may: a caller whose role may change demographics ({@code guard.requireWrite("Patient")}); staff
 * only at the practice they act for (they register patients at their own practice, and deregister only
 * their own patients); systems with a Patient write scope at any practice. The writes themselves are
 * OpenSpine's (a receptionist may register a patient without a clinical role), and every patient and
 * resource they touch is noted on the caller's guard for the audit trail.
 *
 * <p>Patients registered before this service existed carry {@code generalPractitioner} without an episode;
 * their history starts with their first registration here. Changing {@code generalPractitioner} by other
 * means (a FHIR update, a PDS patch) leaves the history as it was. Thread-safe.
 */
public final class GpRegistrations {

    private static final String BASE = "urn:openspine:registration";
    private static final String GP_PRACTICE = OrganisationType.ROLE_SYSTEM + "|" + OrganisationType.GP_PRACTICE.roleCode();
    private static final ObjectMapper JSON = new ObjectMapper();

    private final FhirApi api;
    private final FhirSearch search;
    private final FhirStore store;
    private final Clock clock;

    public GpRegistrations(FhirApi api, FhirSearch search, FhirStore store, Clock clock) {
        this.api = api;
        this.search = search;
        this.store = store;
        this.clock = clock;
    }

    /** Which patient: by logical id or by NHS Number. */
    public sealed interface PatientKey {

        /** The Patient with this id. */
        record ById(String id) implements PatientKey {
            public ById {
                Objects.requireNonNull(id, "id");
            }
        }

        /** The Patient carrying this NHS Number (the surviving record when there are several). */
        record ByNhsNumber(NhsNumber nhsNumber) implements PatientKey {
            public ByNhsNumber {
                Objects.requireNonNull(nhsNumber, "nhsNumber");
            }
        }
    }

    /** What registering did. */
    public sealed interface RegisterResult {

        /** @return the patient's registration now */
        Registration registration();

        /** @return the patient's id */
        String patientId();

        /** A new registration began; {@code ended} is the one it replaced, if there was one. */
        record Started(String patientId, Registration registration, Optional<Registration> ended)
                implements RegisterResult {
        }

        /** Nothing: the patient is registered at that practice already. */
        record AlreadyRegistered(String patientId, Registration registration) implements RegisterResult {
        }
    }

    /**
     * Registers the patient at a practice from {@code start} (default today), ending their current
     * registration elsewhere the day before, and points {@code Patient.generalPractitioner} (and a
     * {@code managingOrganization} that was the old practice) at the new practice.
     *
     * @throws OpenSpineException.Forbidden when the caller may not (see the class comment)
     * @throws OpenSpineException.NotFound or {@code Gone} when there is no such patient
     * @throws OpenSpineException.Unprocessable when the practice is not an open GP practice in the directory,
     *         the patient's record is superseded or deceased, or the start is in the future, before the
     *         patient's birth or not after the current registration's start
     */
    public RegisterResult register(Connection connection, RecordGuard caller, PatientKey key, String odsCode,
            Optional<LocalDate> start) throws SQLException {
        caller.requireWrite("Patient");
        if (caller.access().caller() instanceof Caller.Staff staff && !staff.acting().odsCode().equals(odsCode)) {
            throw new OpenSpineException.Forbidden("staff register patients at the organisation they act for ("
                    + staff.acting().odsCode() + "), not at " + odsCode);
        }
        StoredResource patient = lockPatient(connection, key);
        JsonNode record = json(patient.json());
        refuseReplaced(patient, record);
        if (record.path("deceasedBoolean").asBoolean(false) || record.has("deceasedDateTime")) {
            throw new OpenSpineException.Unprocessable("business-rule", "Patient/" + patient.id()
                    + " is recorded as deceased and cannot be registered");
        }
        Practice practice = practice(connection, odsCode);
        LocalDate from = day(start, "start");
        if (record.path("birthDate").isTextual() && record.path("birthDate").asText().length() == 10
                && from.isBefore(LocalDate.parse(record.path("birthDate").asText()))) {
            throw new OpenSpineException.Unprocessable("business-rule", "a registration cannot start (" + from
                    + ") before the patient's birth (" + record.path("birthDate").asText() + ")");
        }
        List<StoredResource> current = activeEpisodes(connection, patient.id());
        if (current.size() == 1 && Registration.of(current.get(0).id(), json(current.get(0).json())).odsCode()
                .equals(odsCode)) {
            caller.touched(current.get(0));
            return new RegisterResult.AlreadyRegistered(patient.id(),
                    Registration.of(current.get(0).id(), json(current.get(0).json())));
        }
        RecordGuard openSpine = api.guard(RecordAccess.OPENSPINE);
        List<Registration> ended = new ArrayList<>();
        for (StoredResource episode : current) {
            Registration before = Registration.of(episode.id(), json(episode.json()));
            if (before.start().isPresent() && !from.isAfter(before.start().get())) {
                throw new OpenSpineException.Unprocessable("business-rule", "the new registration must start after the "
                        + "current one at " + before.odsCode() + " (from " + before.start().get() + "), not on " + from);
            }
            put(connection, openSpine, "EpisodeOfCare", episode.id(),
                    RegistrationEpisodes.ended(json(episode.json()), from.minusDays(1), EndReason.REGISTERED_ELSEWHERE),
                    episode.version());
            ended.add(noteRead(connection, caller, episode.id()));
        }
        String episodeId = UUID.randomUUID().toString();
        put(connection, openSpine, "EpisodeOfCare", episodeId,
                RegistrationEpisodes.started(episodeId, patient.id(), practice, from), 0);
        Registration started = noteRead(connection, caller, episodeId);
        // meta stays: a restricted record's confidentiality label must survive; the store stamps the version
        ObjectNode updated = (ObjectNode) record.deepCopy();
        updated.putArray("generalPractitioner").add(practice.reference());
        if (ended.stream().anyMatch(left -> refersTo(updated.path("managingOrganization"), left))) {
            updated.set("managingOrganization", practice.reference());
        }
        writePatient(connection, openSpine, caller, patient, updated);
        return new RegisterResult.Started(patient.id(), started, ended.stream().findFirst());
    }

    /**
     * Ends the patient's current registration on {@code end} (default today) for {@code reason}, and removes
     * {@code Patient.generalPractitioner} (and a {@code managingOrganization} that was the practice).
     *
     * @return the registration as ended
     * @throws OpenSpineException.Conflict when the patient has no current registration
     * @throws OpenSpineException.Forbidden when the caller may not (see the class comment)
     * @throws OpenSpineException.Unprocessable when {@code reason} is not a deregistration reason, or the end is
     *         in the future or before the registration's start
     */
    public Registration deregister(Connection connection, RecordGuard caller, PatientKey key, EndReason reason,
            Optional<LocalDate> end) throws SQLException {
        caller.requireWrite("Patient");
        if (!reason.isDeregistration()) {
            throw new OpenSpineException.Unprocessable("code-invalid", "'" + reason.code() + "' is not a reason to "
                    + "deregister; register the patient at their new practice instead");
        }
        StoredResource patient = lockPatient(connection, key);
        List<StoredResource> current = activeEpisodes(connection, patient.id());
        if (current.isEmpty()) {
            throw new OpenSpineException.Conflict("Patient/" + patient.id() + " has no current GP registration");
        }
        LocalDate to = day(end, "end");
        RecordGuard openSpine = api.guard(RecordAccess.OPENSPINE);
        List<Registration> ended = new ArrayList<>();
        for (StoredResource episode : current) {
            Registration before = Registration.of(episode.id(), json(episode.json()));
            if (caller.access().caller() instanceof Caller.Staff staff && !staff.acting().odsCode().equals(before.odsCode())) {
                throw new OpenSpineException.Forbidden("staff deregister patients of the organisation they act for ("
                        + staff.acting().odsCode() + ") only");
            }
            if (before.start().isPresent() && to.isBefore(before.start().get())) {
                throw new OpenSpineException.Unprocessable("business-rule", "the registration at " + before.odsCode()
                        + " cannot end (" + to + ") before it started (" + before.start().get() + ")");
            }
            put(connection, openSpine, "EpisodeOfCare", episode.id(),
                    RegistrationEpisodes.ended(json(episode.json()), to, reason), episode.version());
            ended.add(noteRead(connection, caller, episode.id()));
        }
        ObjectNode updated = (ObjectNode) json(patient.json()).deepCopy();
        updated.remove("generalPractitioner");
        if (ended.stream().anyMatch(left -> refersTo(updated.path("managingOrganization"), left))) {
            updated.remove("managingOrganization");
        }
        writePatient(connection, openSpine, caller, patient, updated);
        return ended.get(0);
    }

    /**
     * @return the patient's GP registrations, the latest first; no access check (OpenSpine's own use; callers
     *         read them through {@code GET /fhir/R4/EpisodeOfCare?patient=...})
     */
    public List<Registration> history(Connection connection, String patientId) throws SQLException {
        List<Registration> registrations = new ArrayList<>();
        for (StoredResource episode : search.find(connection, "EpisodeOfCare", criteria(patientId, false), BASE, 1000)) {
            registrations.add(Registration.of(episode.id(), json(episode.json())));
        }
        registrations.sort(Comparator.comparing((Registration r) -> r.start().orElse(LocalDate.MIN)).reversed());
        return registrations;
    }

    /**
     * @return the id of the Patient {@code key} names
     * @throws OpenSpineException.NotFound when there is none
     */
    public String patientId(Connection connection, PatientKey key) throws SQLException {
        return switch (key) {
            case PatientKey.ById byId -> byId.id();
            case PatientKey.ByNhsNumber byNumber -> {
                List<StoredResource> found = search.find(connection, "Patient",
                        Map.of("identifier", List.of(NhsNumber.SYSTEM + "|" + byNumber.nhsNumber().value())), BASE, 10);
                yield found.stream().filter(p -> replacement(json(p.json())).isEmpty()).findFirst()
                        .or(() -> found.stream().findFirst()).map(StoredResource::id)
                        .orElseThrow(() -> new OpenSpineException.NotFound("no Patient has NHS Number "
                                + byNumber.nhsNumber().value()));
            }
        };
    }

    // ---- internals ------------------------------------------------------------------------------

    private StoredResource lockPatient(Connection connection, PatientKey key) throws SQLException {
        String id = patientId(connection, key);
        return switch (store.readForUpdate(connection, "Patient", id)) {
            case ReadResult.Found found -> found.resource();
            case ReadResult.Deleted deleted -> throw new OpenSpineException.Gone("Patient/" + id + " was deleted");
            case ReadResult.Absent absent -> throw new OpenSpineException.NotFound("no Patient/" + id);
        };
    }

    private static void refuseReplaced(StoredResource patient, JsonNode record) {
        replacement(record).ifPresent(survivor -> {
            throw new OpenSpineException.Unprocessable("business-rule", "Patient/" + patient.id()
                    + " has been superseded by " + survivor + "; register that record");
        });
    }

    private static Optional<String> replacement(JsonNode patient) {
        for (JsonNode link : patient.path("link")) {
            if (link.path("type").asText().equals("replaced-by")) {
                return Optional.of(link.path("other").path("reference").asText());
            }
        }
        return Optional.empty();
    }

    /** @return the open GP practice with {@code odsCode} */
    private Practice practice(Connection connection, String odsCode) throws SQLException {
        List<StoredResource> found = search.find(connection, "Organization",
                Map.of("identifier", List.of(Practice.ODS + "|" + odsCode)), BASE, 2);
        if (found.isEmpty()) {
            throw new OpenSpineException.Unprocessable("not-found", "practice " + odsCode + " is not in the directory");
        }
        StoredResource organisation = found.get(0);
        JsonNode json = json(organisation.json());
        boolean gpPractice = false;
        for (JsonNode type : json.path("type")) {
            for (JsonNode coding : type.path("coding")) {
                gpPractice |= GP_PRACTICE.equals(coding.path("system").asText() + "|" + coding.path("code").asText());
            }
        }
        if (!gpPractice) {
            throw new OpenSpineException.Unprocessable("business-rule", odsCode + " is not a GP practice ("
                    + json.path("type").path(0).path("text").asText("no ODS role") + ")");
        }
        if (!json.path("active").asBoolean(true)) {
            throw new OpenSpineException.Unprocessable("business-rule", "practice " + odsCode + " is closed");
        }
        return new Practice(organisation.id(), odsCode, json.path("name").asText(odsCode));
    }

    /** @return {@code given}, or today; never in the future */
    private LocalDate day(Optional<LocalDate> given, String what) {
        LocalDate today = LocalDate.ofInstant(clock.instant(), FhirServices.SERVICE_ZONE);
        LocalDate day = given.orElse(today);
        if (day.isAfter(today)) {
            throw new OpenSpineException.Unprocessable("business-rule", "the " + what + " date " + day
                    + " is in the future; a registration changes on the day it happens");
        }
        return day;
    }

    private List<StoredResource> activeEpisodes(Connection connection, String patientId) throws SQLException {
        return search.find(connection, "EpisodeOfCare", criteria(patientId, true), BASE, 10);
    }

    private static Map<String, List<String>> criteria(String patientId, boolean activeOnly) {
        Map<String, List<String>> criteria = new LinkedHashMap<>();
        criteria.put("patient", List.of("Patient/" + patientId));
        criteria.put("type", List.of(RegistrationEpisodes.TYPE_SYSTEM + "|" + RegistrationEpisodes.TYPE_CODE));
        if (activeOnly) {
            criteria.put("status", List.of("active"));
        }
        return criteria;
    }

    private static boolean refersTo(JsonNode reference, Registration registration) {
        return reference.path("reference").asText().equals("Organization/" + registration.practiceId())
                || reference.path("identifier").path("value").asText().equals(registration.odsCode());
    }

    private void writePatient(Connection connection, RecordGuard openSpine, RecordGuard caller, StoredResource patient,
            ObjectNode updated) throws SQLException {
        put(connection, openSpine, "Patient", patient.id(), updated, patient.version());
        if (store.read(connection, "Patient", patient.id()) instanceof ReadResult.Found found) {
            caller.touched(found.resource());
        }
    }

    /** @return the registration just written, noted on the caller's guard */
    private Registration noteRead(Connection connection, RecordGuard caller, String episodeId) throws SQLException {
        if (!(store.read(connection, "EpisodeOfCare", episodeId) instanceof ReadResult.Found found)) {
            throw new IllegalStateException("EpisodeOfCare/" + episodeId + " was just written and cannot be read");
        }
        caller.touched(found.resource());
        return Registration.of(episodeId, json(found.resource().json()));
    }

    /** Writes through the FHIR API (its parsing, rules and indexes); {@code version} 0 creates. */
    private void put(Connection connection, RecordGuard guard, String type, String id, ObjectNode resource, int version)
            throws SQLException {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("content-type", "application/fhir+json");
        headers.put(version == 0 ? "if-none-match" : "if-match", version == 0 ? "*" : "W/\"" + version + "\"");
        resource.put("id", id);
        api.handle(connection, new FhirRequest("PUT", BASE, List.of(type, id), Map.of(), headers,
                new FhirRequest.Bytes(resource.toString().getBytes(StandardCharsets.UTF_8), "application/fhir+json"), guard));
    }

    private static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a stored resource is not JSON", e);
        }
    }
}
