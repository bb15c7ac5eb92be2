package org.openspine.identity.demographics;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.flipkart.zjsonpatch.JsonPatch;
import com.flipkart.zjsonpatch.JsonPatchApplicationException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.openspine.fhir.access.RecordGuard;
import org.openspine.fhir.rest.FhirApi;
import org.openspine.fhir.rest.FhirRequest;
import org.openspine.fhir.rest.FhirResponse;
import org.openspine.fhir.search.query.FhirSearch;
import org.openspine.fhir.store.FhirStore;
import org.openspine.fhir.store.ReadResult;
import org.openspine.fhir.store.StoredResource;
import org.openspine.identity.matching.MatchKeyParam;
import org.openspine.identity.matching.MatchKeys;
import org.openspine.identity.matching.MatchScore;
import org.openspine.identity.matching.PatientDemographics;
import org.openspine.identity.matching.PatientMatcher;
import org.openspine.identity.matching.Scored;
import org.openspine.identity.number.NhsNumberAllocator;
import org.openspine.platform.error.OpenSpineException;
import org.openspine.platform.identifier.NhsNumber;

/**
 * Demographics as the PDS FHIR API offers them, over the one record store: a person is the Patient
 * resource carrying their NHS Number, so {@code /fhir/R4/Patient} and this API always agree. Reads go to
 * the store directly; changes go through the FHIR API's own update and create, with its parsing, write
 * rules and access checks. Every method works on the caller's connection (a transaction for changes).
 * Thread-safe.
 *
 * <p>A superseded NHS Number (its Patient {@code link}ed {@code replaced-by} another) answers with the
 * surviving record, as PDS does; its id then differs from the number asked for.
 */
public final class Demographics {

    /** The base the facade's internal FHIR requests name; never shown to a caller. */
    static final String STORE_BASE = "urn:openspine:store";
    private static final int MAX_LINKS = 5;
    /** The most records a fuzzy search scores; the keys are selective, so this bounds only pathological cases. */
    private static final int MAX_CANDIDATES = 1000;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final FhirApi api;
    private final FhirSearch search;
    private final FhirStore store;
    private final NhsNumberAllocator allocator;
    private final PatientMatcher matcher = new PatientMatcher();
    private final PracticeCodes practices = new PracticeCodes();
    private final Clock clock;

    /** @param clock says when a GP practice's ODS code, held for a while, is read from the store again */
    public Demographics(FhirApi api, FhirSearch search, FhirStore store, NhsNumberAllocator allocator, Clock clock) {
        this.api = api;
        this.search = search;
        this.store = store;
        this.allocator = allocator;
        this.clock = clock;
    }

    /** A person's record: the stored Patient and the NHS Number it carries. */
    record Person(StoredResource patient, JsonNode json, String nhsNumber) {
    }

    /** A fuzzy search's candidate, parsed once. */
    private record Candidate(StoredResource patient, JsonNode json) {
    }

    /** What a create did. */
    sealed interface Created {
        /** A new record, with a newly allocated NHS Number. */
        record Allocated(Person person) implements Created {
        }

        /** Nothing: the person seems to have a record already ({@code SINGLE_MATCH} or {@code MULTIPLE_MATCHES}). */
        record Matched(SpineError match) implements Created {
        }
    }

    /**
     * @throws SpineRefusal INVALID_RESOURCE_ID for a malformed number, RESOURCE_NOT_FOUND for an unknown one
     */
    Person retrieve(Connection connection, String nhsNumber) throws SQLException {
        if (!NhsNumber.isValid(nhsNumber)) {
            throw new SpineRefusal(SpineError.INVALID_RESOURCE_ID, "Invalid resource ID - '" + nhsNumber + "'");
        }
        List<StoredResource> found = search.find(connection, "Patient",
                Map.of("identifier", List.of(NhsNumber.SYSTEM + "|" + nhsNumber)), STORE_BASE, 10);
        if (found.isEmpty()) {
            throw new SpineRefusal(SpineError.RESOURCE_NOT_FOUND, "Resource not found - 'Patient " + nhsNumber + "'");
        }
        List<JsonNode> parsed = found.stream().map(p -> json(p.json())).toList();
        int current = 0;
        while (current < parsed.size() - 1 && replacement(parsed.get(current)).isPresent()) {
            current++;
        }
        return surviving(connection, found.get(current), parsed.get(current));
    }

    /** @return the Patient as the PDS API shows it; restricted records without what they never show */
    ObjectNode show(Connection connection, Person person, boolean redact) throws SQLException {
        return PatientView.show(person.json(), person.nhsNumber(), person.patient().version(),
                orgId -> practices.code(orgId, clock.instant(), id -> odsCode(connection, id)), redact);
    }

    /** @return the matching records, the surviving one for each superseded match, at most {@code limit} */
    List<Person> search(Connection connection, DemographicsQuery query, int limit) throws SQLException {
        return search(connection, query, limit, new HashMap<>());
    }

    /**
     * @param scores filled with each found person's score (1 for an algorithmic match), by stored Patient id
     */
    List<Person> search(Connection connection, DemographicsQuery query, int limit, Map<String, Double> scores)
            throws SQLException {
        if (query.fuzzy()) {
            return fuzzy(connection, query, limit, scores);
        }
        List<Person> people = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (StoredResource match : search.find(connection, "Patient", query.criteria(), STORE_BASE, 500)) {
            JsonNode json = json(match.json());
            if (!query.namesMatch(json) || query.hidesRestricted()
                    && PatientView.confidentiality(json) != PatientView.Confidentiality.U) {
                continue;
            }
            Person person = surviving(connection, match, json);
            if (seen.add(person.patient().id())) {
                people.add(person);
                scores.put(person.patient().id(), 1.0);
            }
            if (people.size() >= limit) {
                break;
            }
        }
        return people;
    }

    /**
     * The fuzzy search: the records sharing a matching key with what was asked ({@link MatchKeyParam}), scored
     * by the {@link PatientMatcher} against each of their names and postcodes, those worth showing (at least
     * possible) best first.
     */
    private List<Person> fuzzy(Connection connection, DemographicsQuery query, int limit, Map<String, Double> scores)
            throws SQLException {
        org.openspine.identity.matching.Demographics asked = new org.openspine.identity.matching.Demographics(null,
                query.family(), query.given(), query.birthDate(), query.gender(), query.postcode());
        Set<String> keys = MatchKeys.of(asked);
        if (keys.isEmpty()) {
            return List.of();
        }
        List<StoredResource> candidates = search.find(connection, "Patient",
                Map.of(MatchKeyParam.CODE, List.of(String.join(",", keys))), STORE_BASE, MAX_CANDIDATES);
        List<Scored<Candidate>> ranked = new ArrayList<>();
        for (StoredResource candidate : candidates) {
            JsonNode json = json(candidate.json());
            if (query.hidesRestricted() && PatientView.confidentiality(json) != PatientView.Confidentiality.U) {
                continue;
            }
            MatchScore best = null;
            for (org.openspine.identity.matching.Demographics recorded : PatientDemographics.of(json)) {
                MatchScore score = matcher.score(asked, recorded.withoutNhsNumber());
                if (best == null || score.score() > best.score()) {
                    best = score;
                }
            }
            if (best != null && best.score() >= PatientMatcher.POSSIBLE_SCORE) {
                ranked.add(new Scored<>(new Candidate(candidate, json), best));
            }
        }
        ranked.sort(Comparator.comparingDouble((Scored<Candidate> s) -> -s.score().score()));
        List<Person> people = new ArrayList<>();
        for (Scored<Candidate> scored : ranked) {
            Person person = surviving(connection, scored.candidate().patient(), scored.candidate().json());
            if (!scores.containsKey(person.patient().id())) {
                people.add(person);
                scores.put(person.patient().id(), Math.round(scored.score().score() * 10_000) / 10_000.0);
            }
            if (people.size() >= limit) {
                break;
            }
        }
        return people;
    }

    /**
     * Applies PDS patches ({@code {"patches": [...]}}) to the person's record, all or none.
     *
     * @throws SpineRefusal for a bad patch, a read-only field, or a stale version
     */
    Person patch(Connection connection, RecordGuard guard, String nhsNumber, int ifMatch, JsonNode body)
            throws SQLException {
        Person person = retrieve(connection, nhsNumber);
        if (!person.nhsNumber().equals(nhsNumber)) {
            throw new SpineRefusal(SpineError.INVALID_UPDATE, "Invalid update with error - NHS Number " + nhsNumber
                    + " has been superseded by " + person.nhsNumber() + "; update that record");
        }
        if (person.patient().version() != ifMatch) {
            throw new SpineRefusal(SpineError.RESOURCE_VERSION_MISMATCH, "Invalid update with error - This resource has "
                    + "changed since you last read. Please re-read and try again with the new version number.");
        }
        JsonNode patches = body.path("patches");
        if (!patches.isArray() || patches.isEmpty()) {
            throw new SpineRefusal(SpineError.INVALID_UPDATE, "Invalid update with error - No patches found");
        }
        for (int i = 0; i < patches.size(); i++) {
            String op = patches.get(i).path("op").asText();
            if (!Set.of("add", "replace", "remove", "test").contains(op)) {
                throw SpineRefusal.invalidValue(op, i + "/op");
            }
        }
        ObjectNode before = show(connection, person, false);
        JsonNode after;
        try {
            after = JsonPatch.apply(patches, before);
        } catch (JsonPatchApplicationException e) { // InvalidJsonPatchException is one too
            throw new SpineRefusal(SpineError.INVALID_UPDATE, "Invalid update with error - " + e.getMessage());
        }
        for (String readOnly : List.of("resourceType", "id", "identifier", "meta")) {
            if (!before.path(readOnly).equals(after.path(readOnly))) {
                throw new SpineRefusal(SpineError.INVALID_UPDATE, "Invalid update with error - '" + readOnly
                        + "' cannot be changed");
            }
        }
        if (!before.path("generalPractitioner").equals(after.path("generalPractitioner"))) {
            // a change of practice is a registration: its history and the Patient change together there
            throw new SpineRefusal(SpineError.FORBIDDEN_UPDATE, "Forbidden update with error - 'generalPractitioner' "
                    + "changes by registration: POST /fhir/R4/Patient/{id}/$register-gp");
        }
        for (String required : List.of("gender", "birthDate")) {
            if (before.has(required) && !after.has(required)) {
                throw new SpineRefusal(SpineError.FORBIDDEN_UPDATE, "Forbidden update with error - '" + required
                        + "' cannot be removed");
            }
        }
        ObjectNode updated = PatientView.store(person.json(), after, ods -> organisation(connection, ods));
        FhirResponse response = write(connection, guard, "PUT", List.of("Patient", person.patient().id()), updated,
                Map.of("if-match", "W/\"" + ifMatch + "\"", "content-type", "application/fhir+json"));
        StoredResource written = stored(connection, response, person.patient().id());
        return new Person(written, json(written.json()), nhsNumber);
    }

    /**
     * Creates a record with a newly allocated NHS Number, unless the person seems to have one already.
     *
     * @param body a Patient with one name, gender, birth date and address (the PDS create request)
     */
    Created create(Connection connection, RecordGuard guard, JsonNode body) throws SQLException {
        if (!body.isObject()) {
            throw new SpineRefusal(SpineError.INVALID_VALUE, "Invalid value - the body must be a JSON object");
        }
        Set<String> allowed = Set.of("resourceType", "name", "gender", "birthDate", "address", "telecom", "extension");
        body.fieldNames().forEachRemaining(field -> {
            if (!allowed.contains(field)) {
                throw new SpineRefusal(SpineError.ADDITIONAL_PROPERTIES, "Invalid request with error - additional "
                        + "properties are not allowed: '" + field + "'");
            }
        });
        for (String required : List.of("name", "gender", "birthDate", "address")) {
            if (!body.hasNonNull(required)) {
                throw new SpineRefusal(SpineError.MISSING_VALUE, "Missing value - '" + required + "'");
            }
        }
        if (!body.get("name").isArray() || body.get("name").size() != 1) {
            throw SpineRefusal.invalidValue(body.get("name").toString(), "name");
        }
        JsonNode name = body.get("name").get(0);
        Map<String, List<String>> criteria = new LinkedHashMap<>();
        criteria.put("family", List.of(name.path("family").asText()));
        criteria.put("birthdate", List.of("eq" + body.get("birthDate").asText()));
        criteria.put("gender", List.of(body.get("gender").asText()));
        if (name.path("given").isArray() && !name.path("given").isEmpty()) {
            criteria.put("given", List.of(name.path("given").get(0).asText()));
        }
        DemographicsQuery sameName = new DemographicsQuery(criteria, name.path("family").asText(),
                name.path("given").isArray() && !name.path("given").isEmpty() ? List.of(name.path("given").get(0).asText())
                        : List.of(), false, false, 2, false, null, null, null);
        List<Person> matches;
        try {
            matches = search(connection, sameName, 2);
        } catch (OpenSpineException.Invalid e) {
            throw new SpineRefusal(SpineError.INVALID_VALUE, "Invalid value - " + e.getMessage());
        }
        if (!matches.isEmpty()) {
            return new Created.Matched(matches.size() == 1 ? SpineError.SINGLE_MATCH : SpineError.MULTIPLE_MATCHES);
        }
        NhsNumber number = allocator.allocate(connection);
        ObjectNode patient = JSON.createObjectNode().put("resourceType", "Patient");
        ArrayNode identifiers = patient.putArray("identifier");
        identifiers.addObject().put("system", NhsNumber.SYSTEM).put("value", number.value());
        body.fields().forEachRemaining(field -> {
            if (!field.getKey().equals("resourceType")) {
                patient.set(field.getKey(), field.getValue().deepCopy());
            }
        });
        FhirResponse response = write(connection, guard, "POST", List.of("Patient"), patient,
                Map.of("content-type", "application/fhir+json"));
        String location = response.headers().getOrDefault("Location", "");
        String id = location.replaceFirst("^.*/Patient/([^/]+).*$", "$1");
        StoredResource written = stored(connection, response, id);
        return new Created.Allocated(new Person(written, json(written.json()), number.value()));
    }

    // ---- internals ------------------------------------------------------------------------------

    private FhirResponse write(Connection connection, RecordGuard guard, String method, List<String> segments,
            ObjectNode resource, Map<String, String> headers) throws SQLException {
        FhirRequest request = new FhirRequest(method, STORE_BASE, segments, Map.of(), headers,
                new FhirRequest.Bytes(resource.toString().getBytes(StandardCharsets.UTF_8), "application/fhir+json"), guard);
        try {
            return api.handle(connection, request);
        } catch (OpenSpineException.Invalid | OpenSpineException.Unprocessable e) {
            throw new SpineRefusal(SpineError.INVALID_UPDATE, "Invalid update with error - " + e.getMessage());
        } catch (OpenSpineException.PreconditionFailed e) {
            throw new SpineRefusal(SpineError.RESOURCE_VERSION_MISMATCH, "Invalid update with error - " + e.getMessage());
        }
    }

    private StoredResource stored(Connection connection, FhirResponse response, String id) throws SQLException {
        if (store.read(connection, "Patient", id) instanceof ReadResult.Found found) {
            return found.resource();
        }
        throw new IllegalStateException("Patient/" + id + " was just written and cannot be read (" + response.status() + ")");
    }

    /** Follows {@code replaced-by} links from {@code patient} (parsed: {@code json}) to the surviving record. */
    private Person surviving(Connection connection, StoredResource patient, JsonNode json) throws SQLException {
        StoredResource current = patient;
        JsonNode currentJson = json;
        for (int hops = 0; hops < MAX_LINKS; hops++) {
            Optional<String> next = replacement(currentJson);
            if (next.isEmpty()) {
                break;
            }
            if (!(store.read(connection, "Patient", next.get()) instanceof ReadResult.Found found)) {
                break; // a link to nothing: the record stands as it is
            }
            current = found.resource();
            currentJson = json(current.json());
        }
        return new Person(current, currentJson, nhsNumber(currentJson).orElseThrow(() -> new SpineRefusal(
                SpineError.RESOURCE_NOT_FOUND, "Resource not found - the surviving record has no NHS Number")));
    }

    private static Optional<String> replacement(JsonNode patient) {
        for (JsonNode link : patient.path("link")) {
            String reference = link.path("other").path("reference").asText();
            if (link.path("type").asText().equals("replaced-by") && reference.startsWith("Patient/")) {
                return Optional.of(reference.substring("Patient/".length()));
            }
        }
        return Optional.empty();
    }

    private static Optional<String> nhsNumber(JsonNode patient) {
        for (JsonNode identifier : patient.path("identifier")) {
            if (NhsNumber.SYSTEM.equals(identifier.path("system").asText())) {
                return Optional.of(identifier.path("value").asText());
            }
        }
        return Optional.empty();
    }

    private Optional<String> odsCode(Connection connection, String organisationId) {
        try {
            if (store.read(connection, "Organization", organisationId) instanceof ReadResult.Found found) {
                for (JsonNode identifier : json(found.resource().json()).path("identifier")) {
                    if (PatientView.ODS.equals(identifier.path("system").asText())) {
                        return Optional.of(identifier.path("value").asText());
                    }
                }
            }
            return Optional.empty();
        } catch (SQLException e) {
            throw new OpenSpineException.Unavailable("the organisation directory could not be read", e);
        }
    }

    private Optional<String> organisation(Connection connection, String odsCode) {
        try {
            return search.find(connection, "Organization", Map.of("identifier", List.of(PatientView.ODS + "|" + odsCode)),
                    STORE_BASE, 1).stream().map(StoredResource::id).findFirst();
        } catch (SQLException e) {
            throw new OpenSpineException.Unavailable("the organisation directory could not be read", e);
        }
    }

    static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a stored resource is not JSON", e);
        }
    }
}
