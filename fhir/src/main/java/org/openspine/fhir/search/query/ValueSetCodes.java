package org.openspine.fhir.search.query;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.openspine.platform.error.OpenSpineException;

/**
 * The codes of a ValueSet stored on this server, for the token {@code :in} and {@code :not-in}
 * modifiers: its enumerated {@code compose.include.concept}s, or its stored {@code expansion}. A
 * ValueSet defined by filters or by other ValueSets, with no stored expansion, cannot be expanded
 * here (there is no terminology server) and is refused with 400. Thread-safe.
 */
final class ValueSetCodes {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String FIND = """
            SELECT r.json FROM resource r
            WHERE r.res_type = 'ValueSet' AND NOT r.deleted AND (r.res_id = ? OR r.rid IN (
              SELECT u.rid FROM idx_uri u WHERE u.param = (SELECT id FROM search_param WHERE key = 'ValueSet.url')
              AND u.uri = ?))
            LIMIT 2
            """;

    /**
     * @param reference the ValueSet's canonical URL, or {@code ValueSet/id}
     * @throws OpenSpineException.Invalid when no such ValueSet is stored, or it cannot be expanded
     */
    List<SearchValue.TokenValue> codes(Connection connection, String reference) throws SQLException {
        String id = reference.startsWith("ValueSet/") ? reference.substring("ValueSet/".length()) : "";
        String url = reference.contains("|") ? reference.substring(0, reference.indexOf('|')) : reference;
        List<String> found = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement(FIND)) {
            statement.setString(1, id);
            statement.setString(2, url);
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    found.add(rows.getString(1));
                }
            }
        }
        if (found.isEmpty()) {
            throw new OpenSpineException.Invalid("invalid", "no ValueSet '" + reference + "' is stored on this server");
        }
        if (found.size() > 1) {
            throw new OpenSpineException.Invalid("invalid", "more than one ValueSet has the URL '" + reference
                    + "'; name one by ValueSet/id");
        }
        JsonNode valueSet;
        try {
            valueSet = JSON.readTree(found.get(0));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored ValueSet " + reference + " is not readable JSON", e);
        }
        List<SearchValue.TokenValue> codes = new ArrayList<>();
        if (valueSet.path("expansion").path("contains").isArray()) {
            contains(valueSet.path("expansion").path("contains"), codes);
            return codes;
        }
        for (JsonNode include : valueSet.path("compose").path("include")) {
            if (include.has("filter") || include.has("valueSet") || !include.has("concept")) {
                throw new OpenSpineException.Invalid("not-supported", "ValueSet '" + reference + "' includes codes by"
                        + " filter, by other ValueSets or whole code systems; only enumerated concepts or a stored"
                        + " expansion can be used with :in");
            }
            String system = include.path("system").asText(null);
            for (JsonNode concept : include.path("concept")) {
                codes.add(new SearchValue.TokenValue(system, concept.path("code").asText()));
            }
        }
        return codes;
    }

    private static void contains(JsonNode entries, List<SearchValue.TokenValue> codes) {
        for (JsonNode entry : entries) {
            if (entry.hasNonNull("code")) {
                codes.add(new SearchValue.TokenValue(entry.path("system").asText(null), entry.path("code").asText()));
            }
            contains(entry.path("contains"), codes);
        }
    }
}
