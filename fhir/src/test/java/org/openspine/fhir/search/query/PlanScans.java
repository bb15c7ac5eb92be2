package org.openspine.fhir.search.query;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Reads a PostgreSQL plan (EXPLAIN FORMAT JSON) for how it reaches the large tables: the resource
 * tables and every index table.
 *
 * <p>A scan reads a large table <em>whole</em> when it is a sequential scan, or an index scan with no
 * condition on the index's leading column: that walks the entire index, a sequential scan in index
 * order (the planner picks one to get rows in rid order for a LIMIT, betting the matches come early).
 *
 * <p>A <em>walk</em> reads a resource type through an index bounded by the type alone (in rid order
 * through {@code resource_type_rid}, stopping at the page's LIMIT): index-backed, and the right plan
 * when a condition matches much of the type (an anti-join for {@code :missing=true} must walk). A walk may be merged with an index table's
 * rid index, which then reads the index only over the rids the walk covers; that partner of a walk
 * is not a whole read. Walks are reported so their cost can be watched.
 */
final class PlanScans {

    /** An index condition naming the resource type and nothing else. */
    private static final Pattern TYPE_ONLY = Pattern.compile("\\(res_type = (ANY \\()?'[^']*'::text(\\[])?\\)?\\)");

    private final Map<String, IndexStart> indexes;

    private PlanScans(Map<String, IndexStart> indexes) {
        this.indexes = Map.copyOf(indexes);
    }

    /**
     * @param execute  an {@code EXECUTE} of a statement prepared in {@code statement}'s session, with its values
     * @param planMode the {@code plan_cache_mode} to run it under: EXPLAIN EXECUTE shows the generic plan under
     *                 {@code force_generic_plan}, a plan for the values under {@code force_custom_plan}
     * @return the shared buffers (hit or read) the execution touched; the session's mode is reset afterwards
     */
    static long pagesRead(Statement statement, String execute, String planMode) throws SQLException {
        statement.execute("SET plan_cache_mode = " + planMode);
        try (ResultSet plan = statement.executeQuery("EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) " + execute)) {
            plan.next();
            JsonNode top = new ObjectMapper().readTree(plan.getString(1)).path(0).path("Plan");
            return top.path("Shared Hit Blocks").asLong() + top.path("Shared Read Blocks").asLong();
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("PostgreSQL returned an unreadable plan", e);
        } finally {
            statement.execute("RESET plan_cache_mode");
        }
    }

    /** @return a reader knowing every index of the database {@code connection} is on */
    static PlanScans of(Connection connection) throws SQLException {
        Map<String, IndexStart> indexes = new HashMap<>();
        try (Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("""
                     SELECT i.relname, t.relname, a.attname FROM pg_index x
                     JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_class t ON t.oid = x.indrelid
                     LEFT JOIN pg_attribute a ON a.attrelid = x.indrelid AND a.attnum = x.indkey[0]""")) {
            while (rows.next()) {
                indexes.put(rows.getString(1), new IndexStart(rows.getString(2), rows.getString(3)));
            }
        }
        return new PlanScans(indexes);
    }

    /** @return the whole reads and the walks of the plan under {@code node} */
    Found read(JsonNode node) {
        Found found = new Found(new ArrayList<>(), new ArrayList<>());
        visit(node, false, found);
        return found;
    }

    private void visit(JsonNode node, boolean partnerOfWalk, Found found) {
        String type = node.path("Node Type").asText();
        String index = node.path("Index Name").asText("");
        String condition = node.path("Index Cond").asText("");
        if (type.equals("Seq Scan") && isLarge(node.path("Relation Name").asText(""))) {
            found.whole().add("Seq Scan on " + node.path("Relation Name").asText());
        } else if (type.contains("Index") && indexes.containsKey(index) && isLarge(indexes.get(index).table())) {
            if (isWalk(node)) {
                found.walks().add(condition);
            } else if (!bounded(index, condition) && !partnerOfWalk) {
                found.whole().add(type + " of all of " + index + (condition.isEmpty() ? "" : " (" + condition + ")"));
            }
        }
        boolean merge = type.equals("Merge Join");
        boolean walkBeside = false;
        for (JsonNode child : node.path("Plans")) {
            walkBeside |= merge && isWalk(child);
        }
        for (JsonNode child : node.path("Plans")) {
            visit(child, walkBeside && !isWalk(child), found);
        }
    }

    /** A scan of resource bounded by type alone. */
    private boolean isWalk(JsonNode node) {
        IndexStart index = indexes.get(node.path("Index Name").asText(""));
        return index != null && index.table().equals("resource")
                && TYPE_ONLY.matcher(node.path("Index Cond").asText("")).matches();
    }

    private boolean bounded(String index, String condition) {
        String leading = indexes.get(index).column();
        if (leading == null) { // an expression index: any condition starts it somewhere
            return !condition.isEmpty();
        }
        return Pattern.compile("(?<![\\w.])" + leading + "\\s*(=|<|>|~|IS )").matcher(condition).find();
    }

    private static boolean isLarge(String table) {
        return table.equals("resource") || table.equals("resource_version") || table.startsWith("idx_");
    }

    /**
     * @param whole the scans that read a large table whole
     * @param walks the index conditions of the type walks
     */
    record Found(List<String> whole, List<String> walks) {
    }

    /** Where an index starts: its table and first column (null for an expression). */
    private record IndexStart(String table, String column) {
    }
}
