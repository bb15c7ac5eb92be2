package org.openspine.exchange.mailbox;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The workflow definitions, in the caller's transaction. */
public final class Workflows {

    /** Defines the workflow, replacing any definition of the same id. */
    public void define(Connection connection, Workflow workflow) throws SQLException {
        write(connection, workflow, """
                ON CONFLICT (workflow_id) DO UPDATE SET description = excluded.description,
                    sla_minutes = excluded.sla_minutes, assurance = excluded.assurance, clinical = excluded.clinical""");
    }

    /** Defines the workflow unless it is defined already. */
    public void defineIfAbsent(Connection connection, Workflow workflow) throws SQLException {
        write(connection, workflow, "ON CONFLICT (workflow_id) DO NOTHING");
    }

    /** @return the workflow's definition, or {@link Workflow#undefined} treatment when there is none */
    public Workflow find(Connection connection, String workflowId) throws SQLException {
        return defined(connection, workflowId).orElseGet(() -> Workflow.undefined(workflowId));
    }

    /** @return the defined workflow, if it is */
    public Optional<Workflow> defined(Connection connection, String workflowId) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT workflow_id, description, sla_minutes, assurance, clinical FROM mesh_workflow WHERE workflow_id = ?")) {
            select.setString(1, workflowId);
            return workflows(select).stream().findFirst();
        }
    }

    /** @return every defined workflow, by id */
    public List<Workflow> list(Connection connection) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT workflow_id, description, sla_minutes, assurance, clinical FROM mesh_workflow ORDER BY workflow_id")) {
            return workflows(select);
        }
    }

    private static void write(Connection connection, Workflow workflow, String onConflict) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO mesh_workflow (workflow_id, description, sla_minutes, assurance, clinical) VALUES (?, ?, ?, ?, ?) "
                        + onConflict)) {
            insert.setString(1, workflow.id());
            insert.setString(2, workflow.description());
            insert.setLong(3, Math.max(1, workflow.sla().toMinutes()));
            insert.setString(4, workflow.assurance().code());
            insert.setBoolean(5, workflow.clinical());
            insert.executeUpdate();
        }
    }

    private static List<Workflow> workflows(PreparedStatement select) throws SQLException {
        List<Workflow> found = new ArrayList<>();
        try (ResultSet rows = select.executeQuery()) {
            while (rows.next()) {
                found.add(new Workflow(rows.getString(1), rows.getString(2), Duration.ofMinutes(rows.getLong(3)),
                        Assurance.of(rows.getString(4)), rows.getBoolean(5)));
            }
        }
        return found;
    }
}
