package org.openspine.exchange.mailbox;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The mailboxes and the workflows each receives, in the caller's transaction. Mailboxes are
 * administered ({@link #save}), looked up by ODS code and workflow ({@link #lookup}, MESH's endpoint
 * lookup) and their passwords read only to check a request's NHSMESH signature ({@link #password}). Passwords are
 * stored sealed ({@link PasswordSeal}); one stored otherwise, or sealed under another key, opens no mailbox.
 */
public final class Mailboxes {

    private static final Logger LOG = LoggerFactory.getLogger(Mailboxes.class);

    /** How often at most a mailbox's last collection is written: collecting is frequent, the monitor needs minutes. */
    public static final Duration COLLECTION_RESOLUTION = Duration.ofSeconds(30);

    private final PasswordSeal seal;

    /** @param seal seals passwords as they are saved and opens them to check signatures */
    public Mailboxes(PasswordSeal seal) {
        this.seal = seal;
    }

    /**
     * Creates the mailbox or changes it (name, organisation, active, auto-filing, password) and sets the workflows it
     * receives to exactly {@code workflows}, defining any that are not yet defined with
     * {@link Workflow#undefined} treatment.
     */
    public void save(Connection connection, Mailbox mailbox, String password, Set<String> workflows, Instant now)
            throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("""
                INSERT INTO mesh_mailbox (mailbox_id, ods_code, name, password, active, created, auto_file)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (mailbox_id) DO UPDATE SET ods_code = excluded.ods_code, name = excluded.name,
                    password = excluded.password, active = excluded.active, auto_file = excluded.auto_file""")) {
            insert.setString(1, mailbox.id());
            insert.setString(2, mailbox.odsCode());
            insert.setString(3, mailbox.name());
            insert.setString(4, seal.seal(mailbox.id(), password));
            insert.setBoolean(5, mailbox.active());
            insert.setTimestamp(6, Timestamp.from(now));
            insert.setBoolean(7, mailbox.autoFile());
            insert.executeUpdate();
        }
        try (PreparedStatement clear = connection.prepareStatement(
                "DELETE FROM mesh_mailbox_workflow WHERE mailbox_id = ?")) {
            clear.setString(1, mailbox.id());
            clear.executeUpdate();
        }
        Workflows defined = new Workflows();
        try (PreparedStatement receive = connection.prepareStatement(
                "INSERT INTO mesh_mailbox_workflow (mailbox_id, workflow_id) VALUES (?, ?)")) {
            for (String workflow : workflows) {
                defined.defineIfAbsent(connection, Workflow.undefined(workflow));
                receive.setString(1, mailbox.id());
                receive.setString(2, workflow);
                receive.executeUpdate();
            }
        }
    }

    /** @return the mailbox, active or not */
    public Optional<Mailbox> find(Connection connection, String mailboxId) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT mailbox_id, ods_code, name, active, auto_file FROM mesh_mailbox WHERE mailbox_id = ?")) {
            select.setString(1, mailboxId);
            List<Mailbox> found = mailboxes(select);
            return found.stream().findFirst();
        }
    }

    /** @return every mailbox, by id */
    public List<Mailbox> list(Connection connection) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT mailbox_id, ods_code, name, active, auto_file FROM mesh_mailbox ORDER BY mailbox_id")) {
            return mailboxes(select);
        }
    }

    /** @return the workflows the mailbox receives, sorted */
    public List<String> workflows(Connection connection, String mailboxId) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT workflow_id FROM mesh_mailbox_workflow WHERE mailbox_id = ? ORDER BY workflow_id")) {
            select.setString(1, mailboxId);
            List<String> workflows = new ArrayList<>();
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    workflows.add(rows.getString(1));
                }
            }
            return workflows;
        }
    }

    /**
     * @return whether the mailbox exists, is active and takes the workflow (it names it, or names none), in one
     *         query: asked on every send
     */
    public Reception reception(Connection connection, String mailboxId, String workflowId) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("""
                SELECT m.active, EXISTS (SELECT 1 FROM mesh_mailbox_workflow w WHERE w.mailbox_id = m.mailbox_id),
                    EXISTS (SELECT 1 FROM mesh_mailbox_workflow w WHERE w.mailbox_id = m.mailbox_id AND w.workflow_id = ?)
                FROM mesh_mailbox m WHERE m.mailbox_id = ?""")) {
            select.setString(1, workflowId);
            select.setString(2, mailboxId);
            try (ResultSet rows = select.executeQuery()) {
                if (!rows.next() || !rows.getBoolean(1)) {
                    return Reception.UNKNOWN;
                }
                return !rows.getBoolean(2) || rows.getBoolean(3) ? Reception.TAKES : Reception.REFUSES_WORKFLOW;
            }
        }
    }

    /** Whether a mailbox receives a message of a workflow. */
    public enum Reception {
        /** No such active mailbox. */
        UNKNOWN,
        /** The mailbox names the workflows it takes, and not this one. */
        REFUSES_WORKFLOW,
        /** It takes it. */
        TAKES
    }

    /** @return the active mailboxes of the organisation that receive the workflow (MESH endpoint lookup) */
    public List<Mailbox> lookup(Connection connection, String odsCode, String workflowId) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("""
                SELECT m.mailbox_id, m.ods_code, m.name, m.active, m.auto_file FROM mesh_mailbox m
                JOIN mesh_mailbox_workflow w ON w.mailbox_id = m.mailbox_id
                WHERE m.ods_code = ? AND w.workflow_id = ? AND m.active ORDER BY m.mailbox_id""")) {
            select.setString(1, odsCode);
            select.setString(2, workflowId);
            return mailboxes(select);
        }
    }

    /** @return the password of an active mailbox, to check a request's NHSMESH signature with */
    public Optional<String> password(Connection connection, String mailboxId) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT password FROM mesh_mailbox WHERE mailbox_id = ? AND active")) {
            select.setString(1, mailboxId);
            try (ResultSet rows = select.executeQuery()) {
                if (!rows.next()) {
                    return Optional.empty();
                }
                Optional<String> password = seal.open(mailboxId, rows.getString(1));
                if (password.isEmpty()) {
                    LOG.warn("the stored password of mailbox {} does not open with this node's {}: the mailbox cannot "
                            + "sign in until its password is set again", mailboxId, PasswordSeal.USE.name());
                }
                return password;
            }
        }
    }

    /**
     * Seals the passwords stored before passwords were sealed, in place, once at start-up: afterwards a password
     * stored in the clear opens nothing.
     *
     * @return how many were sealed
     */
    public int sealStoredPasswords(Connection connection) throws SQLException {
        int sealed = 0;
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT mailbox_id, password FROM mesh_mailbox WHERE password NOT LIKE ? FOR UPDATE");
             PreparedStatement update = connection.prepareStatement(
                     "UPDATE mesh_mailbox SET password = ? WHERE mailbox_id = ?")) {
            select.setString(1, PasswordSeal.PREFIX + "%");
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    update.setString(1, seal.seal(rows.getString(1), rows.getString(2)));
                    update.setString(2, rows.getString(1));
                    update.executeUpdate();
                    sealed++;
                }
            }
        }
        return sealed;
    }

    /**
     * Notes that the mailbox collected (listed or downloaded) at {@code now}, for the delivery monitor.
     * Written at most every {@link #COLLECTION_RESOLUTION}, so a busy mailbox does not write on every request.
     */
    public void collected(Connection connection, String mailboxId, Instant now) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement("""
                UPDATE mesh_mailbox SET last_collected = ? WHERE mailbox_id = ?
                AND (last_collected IS NULL OR last_collected < ?)""")) {
            update.setTimestamp(1, Timestamp.from(now));
            update.setString(2, mailboxId);
            update.setTimestamp(3, Timestamp.from(now.minus(COLLECTION_RESOLUTION)));
            update.executeUpdate();
        }
    }

    private static List<Mailbox> mailboxes(PreparedStatement select) throws SQLException {
        List<Mailbox> found = new ArrayList<>();
        try (ResultSet rows = select.executeQuery()) {
            while (rows.next()) {
                found.add(new Mailbox(rows.getString(1), rows.getString(2), rows.getString(3), rows.getBoolean(4),
                        rows.getBoolean(5)));
            }
        }
        return found;
    }
}
