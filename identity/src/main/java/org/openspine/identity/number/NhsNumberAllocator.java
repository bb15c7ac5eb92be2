package org.openspine.identity.number;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import org.openspine.fhir.search.ParamIds;
import org.openspine.platform.error.OpenSpineException;
import org.openspine.platform.identifier.NhsNumber;

/**
 * Allocates new NHS Numbers from a configured {@link NhsNumberRange}, for demo and test environments
 * (a live service gets its numbers from the national spine). Each call takes the next value of a
 * database sequence, so no number is handed out twice, by this node or any other on the database, not
 * even after a rollback; candidates without a valid check digit, and numbers some Patient already
 * carries (loaded from elsewhere), are passed over. Thread-safe.
 */
public final class NhsNumberAllocator {

    private static final String NEXT = "SELECT nextval('nhs_number_allocation')";
    private static final String IN_USE = "SELECT 1 FROM idx_token WHERE param = ? AND system = ? AND code = ? LIMIT 1";

    private final NhsNumberRange range;
    private final ParamIds ids;

    public NhsNumberAllocator(NhsNumberRange range, ParamIds ids) {
        this.range = range;
        this.ids = ids;
    }

    /**
     * @return a valid NHS Number never allocated before, in the caller's transaction
     * @throws OpenSpineException.Unavailable when the range is used up
     */
    public NhsNumber allocate(Connection connection) throws SQLException {
        try (PreparedStatement next = connection.prepareStatement(NEXT);
             PreparedStatement inUse = connection.prepareStatement(IN_USE)) {
            while (true) {
                long offset;
                try (ResultSet row = next.executeQuery()) {
                    row.next();
                    offset = row.getLong(1);
                }
                if (offset > range.last() - range.first()) {
                    throw new OpenSpineException.Unavailable("the NHS Number range " + range.first() + "-" + range.last()
                            + " is used up; configure another with --nhs-number-range", null);
                }
                String stem = Long.toString(range.first() + offset);
                int check = NhsNumber.checkDigit(stem);
                if (check < 0) {
                    continue;
                }
                String number = stem + check;
                inUse.setInt(1, ids.of("Patient.identifier"));
                inUse.setString(2, NhsNumber.SYSTEM);
                inUse.setString(3, number);
                try (ResultSet row = inUse.executeQuery()) {
                    if (!row.next()) {
                        return new NhsNumber(number);
                    }
                }
            }
        }
    }
}
