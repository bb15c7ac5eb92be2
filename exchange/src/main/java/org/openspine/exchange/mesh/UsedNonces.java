package org.openspine.exchange.mesh;

import java.sql.PreparedStatement;
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
        // One statement in its own implicit transaction, whose commit does not wait for the disk: set_config(...,
        // true) lasts until that commit, which is where synchronous_commit is read.
        return database.read(connection -> {
            try (PreparedStatement insert = connection.prepareStatement("""
                    INSERT INTO mesh_nonce (mailbox_id, nonce, nonce_count, used)
                    SELECT ?, ?, ?, ? FROM (SELECT set_config('synchronous_commit', 'off', true)) relaxed
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
