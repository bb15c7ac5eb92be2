package org.openspine.platform.database;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * Work done with one connection, inside whatever transaction the caller set up.
 *
 * @param <T> the result
 */
@FunctionalInterface
public interface SqlWork<T> {

    /** Runs the work; any exception rolls the surrounding transaction back. */
    T run(Connection connection) throws SQLException;
}
