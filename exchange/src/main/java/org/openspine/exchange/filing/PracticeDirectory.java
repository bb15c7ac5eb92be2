package org.openspine.exchange.filing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.openspine.fhir.search.query.FhirSearch;
import org.openspine.fhir.store.StoredResource;

/**
 * Which mailboxes' organisations are GP practices. The organisation directory says: a mailbox belongs to a practice
 * when the directory holds an active Organization with the mailbox's ODS code whose type is the ODS role 76 (GP
 * practice). The directory, not a flag on the mailbox, so that a practice that closes or changes role stops being
 * filed into as soon as ODS says so, with nothing else to keep in step. Answers are cached for
 * {@link #FRESH_FOR}, since filing runs often and the directory changes monthly. Thread-safe.
 */
final class PracticeDirectory {

    /** How long an answer is used before the directory is asked again. */
    static final Duration FRESH_FOR = Duration.ofMinutes(1);
    static final String ODS = "https://fhir.nhs.uk/Id/ods-organization-code";
    static final String ROLE_SYSTEM = "https://fhir.nhs.uk/CodeSystem/organisation-role";
    static final String GP_PRACTICE = "76";
    private static final String BASE = "urn:openspine:filing";
    private static final int CODES_A_SEARCH = 100;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final FhirSearch search;
    private final Clock clock;
    private final Map<String, Known> known = new ConcurrentHashMap<>();

    PracticeDirectory(FhirSearch search, Clock clock) {
        this.search = search;
        this.clock = clock;
    }

    /** @return the practices among the organisations with these ODS codes, by code */
    Map<String, Practice> practices(Connection connection, Collection<String> odsCodes) throws SQLException {
        Instant now = clock.instant();
        List<String> stale = odsCodes.stream().distinct()
                .filter(code -> !(known.get(code) instanceof Known k && k.until().isAfter(now))).toList();
        for (int from = 0; from < stale.size(); from += CODES_A_SEARCH) {
            List<String> chunk = stale.subList(from, Math.min(stale.size(), from + CODES_A_SEARCH));
            Map<String, Practice> found = new HashMap<>();
            String codes = String.join(",", chunk.stream().map(code -> ODS + "|" + code).toList());
            for (StoredResource organisation : search.find(connection, "Organization", Map.of("identifier", List.of(codes)),
                    BASE, chunk.size() * 2)) {
                practice(organisation).filter(p -> chunk.contains(p.odsCode())).ifPresent(p -> found.putIfAbsent(p.odsCode(), p));
            }
            Instant until = now.plus(FRESH_FOR);
            chunk.forEach(code -> known.put(code, new Known(Optional.ofNullable(found.get(code)), until)));
        }
        Map<String, Practice> practices = new HashMap<>();
        for (String code : odsCodes) {
            Known answer = known.get(code);
            if (answer != null) {
                answer.practice().ifPresent(p -> practices.put(code, p));
            }
        }
        return practices;
    }

    /** @return the organisation as a practice, when it is an active GP practice */
    private static Optional<Practice> practice(StoredResource organisation) {
        JsonNode json;
        try {
            json = JSON.readTree(organisation.json());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Organization/" + organisation.id() + " is not JSON", e);
        }
        if (!json.path("active").asBoolean(true)) {
            return Optional.empty();
        }
        boolean gpPractice = false;
        for (JsonNode type : json.path("type")) {
            for (JsonNode coding : type.path("coding")) {
                gpPractice |= ROLE_SYSTEM.equals(coding.path("system").asText()) && GP_PRACTICE.equals(coding.path("code").asText());
            }
        }
        String odsCode = null;
        for (JsonNode identifier : json.path("identifier")) {
            if (ODS.equals(identifier.path("system").asText())) {
                odsCode = identifier.path("value").asText();
            }
        }
        return gpPractice && odsCode != null ? Optional.of(new Practice(organisation.id(), odsCode,
                json.path("name").asText(odsCode))) : Optional.empty();
    }

    /** What the directory said of one ODS code, and until when it is used. */
    private record Known(Optional<Practice> practice, Instant until) {
    }
}
