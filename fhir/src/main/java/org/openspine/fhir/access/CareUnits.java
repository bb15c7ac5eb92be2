package org.openspine.fhir.access;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import org.openspine.fhir.search.ParamIds;

/**
 * The care units of an organisation, by ODS code: the Organization resources carrying the code, the
 * PractitionerRoles, HealthcareServices and Locations that belong to them, and the code itself (for
 * logical references by identifier). A staff member's legitimate relationships are those of these
 * units. Looked up in the search index and kept for {@link #TTL}, so a change to the directory
 * reaches access decisions within that time. Thread-safe.
 */
final class CareUnits {

    static final Duration TTL = Duration.ofSeconds(30);
    private static final String ODS = "https://fhir.nhs.uk/Id/ods-organization-code";
    private static final String ORGANISATIONS = """
            SELECT r.res_id FROM idx_token t JOIN resource r ON r.rid = t.rid
            WHERE t.param = ? AND t.code = ? AND t.system = ? AND r.res_type = 'Organization' AND NOT r.deleted
            """;
    private static final String MEMBERS = """
            SELECT r.res_type || '/' || r.res_id FROM idx_reference x JOIN resource r ON r.rid = x.rid
            WHERE x.param = ANY (?) AND x.target_type = 'Organization' AND x.target = ANY (?) AND NOT r.deleted
            """;

    private final ParamIds ids;
    private final Clock clock;
    private final ConcurrentHashMap<String, Cached> cache = new ConcurrentHashMap<>();

    CareUnits(ParamIds ids, Clock clock) {
        this.ids = ids;
        this.clock = clock;
    }

    /** @return the units of the organisation with {@code odsCode}, at least {@code ods|CODE} */
    List<String> of(Connection connection, String odsCode) throws SQLException {
        Instant now = clock.instant();
        Cached cached = cache.get(odsCode);
        if (cached != null && cached.until().isAfter(now)) {
            return cached.units();
        }
        List<String> units = load(connection, odsCode);
        if (cache.size() > 10_000) {
            cache.clear(); // bounded: organisations are few, so this only guards against abuse
        }
        cache.put(odsCode, new Cached(units, now.plus(TTL)));
        return units;
    }

    private List<String> load(Connection connection, String odsCode) throws SQLException {
        List<String> units = new ArrayList<>();
        units.add("ods|" + odsCode);
        List<String> organisations = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement(ORGANISATIONS)) {
            statement.setInt(1, ids.of("Organization.identifier"));
            statement.setString(2, odsCode);
            statement.setString(3, ODS);
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    organisations.add(rows.getString(1));
                    units.add("Organization/" + rows.getString(1));
                }
            }
        }
        if (organisations.isEmpty()) {
            return List.copyOf(units);
        }
        Integer[] params = {ids.of("PractitionerRole.organization"), ids.of("HealthcareService.organization"),
                ids.of("Location.organization")};
        try (PreparedStatement statement = connection.prepareStatement(MEMBERS)) {
            statement.setArray(1, connection.createArrayOf("integer", params));
            statement.setArray(2, connection.createArrayOf("text", organisations.toArray()));
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    units.add(rows.getString(1));
                }
            }
        }
        return List.copyOf(units);
    }

    private record Cached(List<String> units, Instant until) {
    }
}
