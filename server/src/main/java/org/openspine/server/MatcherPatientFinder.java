package org.openspine.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.openspine.exchange.filing.LetterSubject;
import org.openspine.exchange.filing.PatientFinder;
import org.openspine.exchange.filing.PatientMatch;
import org.openspine.fhir.search.query.FhirSearch;
import org.openspine.fhir.store.StoredResource;
import org.openspine.identity.matching.Demographics;
import org.openspine.identity.matching.MatchKeyParam;
import org.openspine.identity.matching.MatchKeys;
import org.openspine.identity.matching.MatchScore;
import org.openspine.identity.matching.PatientDemographics;
import org.openspine.identity.matching.PatientMatcher;
import org.openspine.identity.matching.Resolution;
import org.openspine.identity.matching.Scored;
import org.openspine.platform.identifier.NhsNumber;

/**
 * Auto-filing's {@link PatientFinder} over the identity module's patient matcher, the adapter that keeps the
 * exchange and identity modules apart. Candidates are the records carrying the letter's NHS Number and those
 * sharing a matching key with its demographics ({@code Patient?match-key=}, as the PDS fuzzy search finds
 * them); each is scored at its best name and postcode ({@link PatientDemographics}), and
 * {@link PatientMatcher#resolve} decides: unique files the letter, ambiguous and unmatched (with the possible
 * candidates) queue it. A certain NHS Number whose record contradicts the letter's first given name or birth
 * date is only possible, so the mother-and-baby mix-up reaches a person. Superseded records are passed over:
 * a letter is never filed into one. Needs {@link MatchKeyParam} among the store's derived parameters.
 * Thread-safe.
 */
public final class MatcherPatientFinder implements PatientFinder {

    private static final String BASE = "urn:openspine:filing";
    /** The most records scored; the keys are selective, so this bounds only pathological cases. */
    private static final int MAX_CANDIDATES = 1000;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final FhirSearch search;
    private final PatientMatcher matcher = new PatientMatcher();

    /** @param search the store's search, with {@link MatchKeyParam} among its parameters */
    public MatcherPatientFinder(FhirSearch search) {
        this.search = search;
    }

    @Override
    public PatientMatch find(Connection connection, LetterSubject subject) throws SQLException {
        Demographics query = new Demographics(subject.nhsNumber().orElse(null), subject.family().orElse(null),
                subject.given(), subject.birthDate().orElse(null), subject.gender().orElse(null),
                subject.postcode().orElse(null));
        Map<String, Candidate> candidates = new LinkedHashMap<>();
        if (subject.nhsNumber().isPresent()) {
            add(candidates, query, search.find(connection, "Patient", Map.of("identifier",
                    List.of(NhsNumber.SYSTEM + "|" + subject.nhsNumber().get())), BASE, MAX_CANDIDATES));
        }
        Set<String> keys = MatchKeys.of(query.withoutNhsNumber());
        if (!keys.isEmpty()) {
            add(candidates, query, search.find(connection, "Patient", Map.of(MatchKeyParam.CODE,
                    List.of(String.join(",", keys))), BASE, MAX_CANDIDATES));
        }
        return switch (matcher.resolve(query, candidates.values(), Candidate::demographics)) {
            case Resolution.Unique<Candidate> unique -> new PatientMatch.Found(unique.match().candidate().id());
            case Resolution.Ambiguous<Candidate> ambiguous -> new PatientMatch.Ambiguous(ids(ambiguous.contenders()));
            case Resolution.Unmatched<Candidate> unmatched -> new PatientMatch.NotFound(ids(unmatched.possible()));
        };
    }

    /** Adds the records not yet among the candidates, each at the demographics it matches the letter best by. */
    private void add(Map<String, Candidate> candidates, Demographics query, List<StoredResource> found) {
        for (StoredResource patient : found) {
            if (candidates.containsKey(patient.id())) {
                continue;
            }
            JsonNode json = json(patient);
            if (superseded(json)) {
                continue;
            }
            Demographics best = null;
            MatchScore bestScore = null;
            for (Demographics recorded : PatientDemographics.of(json)) {
                MatchScore score = matcher.score(query, recorded);
                if (bestScore == null || score.score() > bestScore.score()) {
                    best = recorded;
                    bestScore = score;
                }
            }
            candidates.put(patient.id(), new Candidate(patient.id(), best));
        }
    }

    private static boolean superseded(JsonNode patient) {
        for (JsonNode link : patient.path("link")) {
            if (link.path("type").asText().equals("replaced-by")) {
                return true;
            }
        }
        return false;
    }

    private static List<String> ids(List<Scored<Candidate>> scored) {
        return scored.stream().map(s -> s.candidate().id()).toList();
    }

    private static JsonNode json(StoredResource resource) {
        try {
            return JSON.readTree(resource.json());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(resource.reference() + " is not JSON", e);
        }
    }

    /** A record worth scoring, at its best demographics. */
    private record Candidate(String id, Demographics demographics) {
    }
}
