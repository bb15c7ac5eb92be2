package org.openspine.fhir.access;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.openspine.fhir.search.ParamIds;
import org.openspine.platform.identifier.NhsNumber;

/**
 * The records a citizen may see: the Patient resources with their NHS Number, and those of the
 * people they are a proxy for. A proxy link is an active RelatedPerson naming the carer's NHS Number
 * as an identifier and the cared-for patient in {@code patient}; ending the link (active false, or
 * deleting it) ends the access at once. Looked up in the search index on every request. Thread-safe.
 */
final class CitizenRecords {

    private static final String RECORDS = """
            SELECT r.res_id FROM idx_token t JOIN resource r ON r.rid = t.rid
            WHERE t.param = ? AND t.code = ? AND t.system = ? AND r.res_type = 'Patient' AND NOT r.deleted
            UNION
            SELECT x.target FROM idx_token t JOIN resource r ON r.rid = t.rid
              JOIN idx_reference x ON x.rid = r.rid AND x.param = ? AND x.target_type = 'Patient'
            WHERE t.param = ? AND t.code = ? AND t.system = ? AND r.res_type = 'RelatedPerson' AND NOT r.deleted
              AND NOT EXISTS (SELECT 1 FROM idx_token a WHERE a.rid = r.rid AND a.param = ? AND a.code = 'false')
            """;

    private final ParamIds ids;

    CitizenRecords(ParamIds ids) {
        this.ids = ids;
    }

    /** @return the Patient ids of the citizen with {@code nhsNumber} and of those they are a proxy for */
    List<String> of(Connection connection, String nhsNumber) throws SQLException {
        List<String> patients = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement(RECORDS)) {
            statement.setInt(1, ids.of("Patient.identifier"));
            statement.setString(2, nhsNumber);
            statement.setString(3, NhsNumber.SYSTEM);
            statement.setInt(4, ids.of("RelatedPerson.patient"));
            statement.setInt(5, ids.of("RelatedPerson.identifier"));
            statement.setString(6, nhsNumber);
            statement.setString(7, NhsNumber.SYSTEM);
            statement.setInt(8, ids.of("RelatedPerson.active"));
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    patients.add(rows.getString(1));
                }
            }
        }
        return patients;
    }
}
