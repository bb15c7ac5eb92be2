package org.openspine.platform.database;

import java.sql.SQLException;
import org.openspine.platform.error.OpenSpineException;

/**
 * Turns driver errors into OpenSpine failures by SQLState (never by message text, which varies with
 * server version and locale).
 */
public final class SqlFailures {

    /** unique_violation: two writers raced to create the same thing. */
    public static final String UNIQUE_VIOLATION = "23505";
    static final String SERIALIZATION_FAILURE = "40001";
    static final String DEADLOCK = "40P01";

    private SqlFailures() {
    }

    /** A failed batch reports the statement's SQLState on the next exception in the chain. */
    private static String stateOf(SQLException e) {
        for (SQLException current = e; current != null; current = current.getNextException()) {
            if (current.getSQLState() != null) {
                return current.getSQLState();
            }
        }
        return "";
    }

    /** @return whether running the whole transaction again may succeed */
    static boolean isRetryable(SQLException e) {
        String state = stateOf(e);
        return SERIALIZATION_FAILURE.equals(state) || DEADLOCK.equals(state);
    }

    /**
     * @param what names the operation, for the message (e.g. "update Patient/123")
     * @return the failure to throw for {@code e}
     */
    public static RuntimeException translate(String what, SQLException e) {
        String state = stateOf(e);
        if (state.equals(UNIQUE_VIOLATION)) {
            return new OpenSpineException.Conflict(what + " conflicted with a concurrent change; retry", e);
        }
        if (state.startsWith("22")) {
            // data exception: a value PostgreSQL cannot store or compare (e.g. a NUL in text)
            return new OpenSpineException.Invalid("value", what + " was refused: a value cannot be stored as given", e);
        }
        if (state.startsWith("08") || state.equals("57P01") || state.equals("57P03") || state.equals("53300")) {
            return new OpenSpineException.Unavailable("database unavailable during " + what, e);
        }
        if (isRetryable(e)) {
            return new OpenSpineException.Conflict(what + " kept conflicting with concurrent changes; retry", e);
        }
        return new IllegalStateException("database error during " + what + " (SQLState " + state + ")", e);
    }
}
