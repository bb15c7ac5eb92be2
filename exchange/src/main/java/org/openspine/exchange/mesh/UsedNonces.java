package org.openspine.exchange.mesh;

import java.sql.PreparedStatement;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import org.openspine.platform.database.Database;

/**
 * The NHSMESH nonces already used, in the database so that a token replayed to another node is refused too.
 * A nonce is written without waiting for the disk (it is no message and guards nothing once its timestamp is
 * out of the window): a crash may forget the last few, which allows those tokens, within their two hours, once more.
 */
final class UsedNonces {

    private final Database database;

    UsedNonces(Database database) {
        this.database = database;
    }

    /** @return true the first time the mailbox uses this nonce and count, false every time after */
    boolean use(String mailboxId, String nonce, String nonceCount, Instant now) {
        return database.inTransaction(connection -> {
            try (Statement relaxed = connection.createStatement()) {
                relaxed.execute("SET LOCAL synchronous_commit TO off");
            }
            try (PreparedStatement insert = connection.prepareStatement("""
                    INSERT INTO mesh_nonce (mailbox_id, nonce, nonce_count, used) VALUES (?, ?, ?, ?)
                    ON CONFLICT DO NOTHING""")) {
                insert.setString(1, mailboxId);
                insert.setString(2, nonce);
                insert.setString(3, nonceCount);
                insert.setTimestamp(4, Timestamp.from(now));
                return insert.executeUpdate() == 1;
            }
        });
    }

    /** Deletes the nonces used before {@code cutoff}. @return how many */
    int forgetBefore(Instant cutoff) {
        return database.inTransaction(connection -> {
            try (PreparedStatement delete = connection.prepareStatement("DELETE FROM mesh_nonce WHERE used < ?")) {
                delete.setTimestamp(1, Timestamp.from(cutoff));
                return delete.executeUpdate();
            }
        });
    }
}
