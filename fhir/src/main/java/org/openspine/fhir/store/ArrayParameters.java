package org.openspine.fhir.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/**
 * Binds arrays, the store's way of writing many rows in one statement. Text arrays go as {@code String[]},
 * which the driver sends in PostgreSQL's binary array format: {@code createArrayOf("text", ...)} would build the
 * array's text literal, escaping every character of every value (a resource's whole JSON among them), which
 * cost a tenth of the CPU of filing letters. Other types, short numbers and flags, keep {@code createArrayOf}.
 */
final class ArrayParameters {

    private ArrayParameters() {
    }

    /** Binds {@code values} as an array of SQL {@code type} (for text, a {@code varchar[]} the SQL casts). */
    static void bind(Connection connection, PreparedStatement statement, int index, String type, Object[] values)
            throws SQLException {
        if (type.equals("text")) {
            String[] texts = new String[values.length];
            for (int i = 0; i < values.length; i++) {
                texts[i] = values[i] == null ? null : values[i].toString();
            }
            statement.setObject(index, texts);
        } else {
            statement.setArray(index, connection.createArrayOf(type, values));
        }
    }
}
