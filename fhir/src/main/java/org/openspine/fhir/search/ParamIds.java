package org.openspine.fhir.search;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * The small integers index rows store instead of {@code Type.code} keys (table {@code search_param}).
 * An id, once assigned, never changes, so index rows stay valid across restarts and definition
 * changes. Immutable; {@link #register} returns a new instance including new keys. Thread-safe.
 */
public final class ParamIds {

    /** Stands for a key with no id: no index row carries it, so it matches nothing. */
    public static final int NONE = -1;

    private final Map<String, Integer> ids;

    private ParamIds(Map<String, Integer> ids) {
        this.ids = Map.copyOf(ids);
    }

    /**
     * Assigns ids to every key of {@code parameters} not yet in {@code search_param} and loads them all.
     * Runs in its own transaction on {@code connection} (autocommit expected); concurrent servers
     * registering the same key agree, because the key is unique.
     */
    public static ParamIds register(Connection connection, SearchParameters parameters) throws SQLException {
        Set<String> keys = new LinkedHashSet<>();
        for (String type : parameters.resourceTypes()) {
            for (SearchParam param : parameters.of(type)) {
                keys.addAll(keysOf(param));
            }
        }
        Map<String, Integer> registered = load(connection);
        if (registered.keySet().containsAll(keys)) {
            return new ParamIds(registered); // most starts: nothing new to register
        }
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO search_param (key) SELECT unnest(?::text[]) ON CONFLICT (key) DO NOTHING")) {
            insert.setArray(1, connection.createArrayOf("text",
                    keys.stream().filter(k -> !registered.containsKey(k)).toArray()));
            insert.executeUpdate();
        }
        return new ParamIds(load(connection));
    }

    private static Map<String, Integer> load(Connection connection) throws SQLException {
        Map<String, Integer> ids = new HashMap<>();
        try (PreparedStatement select = connection.prepareStatement("SELECT key, id FROM search_param");
             ResultSet rows = select.executeQuery()) {
            while (rows.next()) {
                ids.put(rows.getString(1), rows.getInt(2));
            }
        }
        return ids;
    }

    /** @return the keys a parameter's index rows are stored under: its own, and its modifiers' */
    static Collection<String> keysOf(SearchParam param) {
        return switch (param.type()) {
            case TOKEN -> Set.of(param.key(), param.key() + ":text", param.key() + ":of-type");
            case REFERENCE -> Set.of(param.key(), param.key() + ":identifier");
            default -> Set.of(param.key());
        };
    }

    /** @return the id of {@code key} ({@code Type.code} or {@code Type.code:modifier}), or {@link #NONE} */
    public int of(String key) {
        Integer id = ids.get(key);
        return id == null ? NONE : id;
    }

    /** @return the id of {@code key}, for writing an index row */
    public int require(String key) {
        Integer id = ids.get(key);
        if (id == null) {
            throw new IllegalStateException("search parameter key " + key + " was never registered");
        }
        return id;
    }
}
