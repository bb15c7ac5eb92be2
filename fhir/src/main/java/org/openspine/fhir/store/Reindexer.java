package org.openspine.fhir.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.openspine.fhir.search.ParamIds;
import org.openspine.fhir.search.index.ResourceIndexer;

/**
 * Rebuilds the search index rows of stored resources from their stored JSON, a batch at a time in
 * rid order, recording how far it got in {@code reindex_progress} so an interrupted run resumes.
 * Used when search parameter definitions change (a SearchParameter loaded, an extraction fixed).
 *
 * <p>Each batch locks its resources' rows ({@code FOR UPDATE}) for its transaction, so a concurrent
 * update cannot interleave between reading the JSON and replacing the rows. Thread-safe.
 */
public final class Reindexer {

    /** The job name progress is kept under. */
    public static final String JOB = "reindex";

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .setNodeFactory(JsonNodeFactory.withExactBigDecimals(true));
    private static final String BATCH = """
            SELECT rid, res_type, res_id, json, patient_id FROM resource WHERE rid > ? AND NOT deleted ORDER BY rid LIMIT ? FOR UPDATE
            """;
    private static final String REPLACE = "WITH " + IndexRows.DELETES + "," + IndexRows.INSERTS + "SELECT 1";

    private final ResourceIndexer indexer;
    private final ParamIds ids;

    public Reindexer(ResourceIndexer indexer, ParamIds ids) {
        this.indexer = indexer;
        this.ids = ids;
    }

    /**
     * Starts a new run from the first resource (forgetting any earlier run's position). Joins the
     * caller's transaction.
     */
    public void restart(Connection connection) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("""
                INSERT INTO reindex_progress (job, after_rid, done, updated_at) VALUES (?, 0, false, now())
                ON CONFLICT (job) DO UPDATE SET after_rid = 0, done = false, updated_at = now()
                """)) {
            statement.setString(1, JOB);
            statement.executeUpdate();
        }
    }

    /** @return the current run's position, or a finished run when none was ever started */
    public Progress progress(Connection connection) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT after_rid, done, (SELECT count(*) FROM resource WHERE NOT deleted AND rid <= after_rid),"
                        + " (SELECT count(*) FROM resource WHERE NOT deleted) FROM reindex_progress WHERE job = ?")) {
            statement.setString(1, JOB);
            try (ResultSet rows = statement.executeQuery()) {
                if (!rows.next()) {
                    return new Progress(0, true, 0, 0);
                }
                return new Progress(rows.getLong(1), rows.getBoolean(2), rows.getLong(3), rows.getLong(4));
            }
        }
    }

    /**
     * Reindexes the next batch after the recorded position and records the new one, in the caller's
     * transaction (commit it to keep the progress).
     *
     * @return how many resources were reindexed; 0 when the run is finished (and it is marked done)
     */
    public int next(Connection connection, int batchSize) throws SQLException {
        long after;
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT after_rid FROM reindex_progress WHERE job = ? AND NOT done FOR UPDATE")) {
            statement.setString(1, JOB);
            try (ResultSet rows = statement.executeQuery()) {
                if (!rows.next()) {
                    return 0;
                }
                after = rows.getLong(1);
            }
        }
        IndexRows index = new IndexRows(ids);
        List<Long> rids = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement(BATCH)) {
            statement.setLong(1, after);
            statement.setInt(2, batchSize);
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    long rid = rows.getLong(1);
                    rids.add(rid);
                    try {
                        index.add(rid, rows.getString(2), rows.getString(5),
                                indexer.entries(rows.getString(2), JSON.readTree(rows.getString(4))));
                    } catch (JsonProcessingException e) {
                        throw new IllegalStateException("stored JSON of " + rows.getString(2) + "/" + rows.getString(3)
                                + " is unreadable", e);
                    }
                }
            }
        }
        if (!rids.isEmpty()) {
            try (PreparedStatement statement = connection.prepareStatement(REPLACE)) {
                Object[] column = rids.toArray();
                int i = 1;
                for (int t = 0; t < IndexRows.TABLES; t++) {
                    statement.setArray(i++, connection.createArrayOf("bigint", column));
                }
                index.bind(connection, statement, i);
                statement.execute();
            }
        }
        try (PreparedStatement statement = connection.prepareStatement(
                "UPDATE reindex_progress SET after_rid = ?, done = ?, updated_at = now() WHERE job = ?")) {
            statement.setLong(1, rids.isEmpty() ? after : rids.get(rids.size() - 1));
            statement.setBoolean(2, rids.isEmpty());
            statement.setString(3, JOB);
            statement.executeUpdate();
        }
        return rids.size();
    }

    /**
     * How far a run has got.
     *
     * @param afterRid the last rid reindexed
     * @param done     whether the run finished
     * @param indexed  resources at or before the position
     * @param total    current resources in all
     */
    public record Progress(long afterRid, boolean done, long indexed, long total) {
    }
}
