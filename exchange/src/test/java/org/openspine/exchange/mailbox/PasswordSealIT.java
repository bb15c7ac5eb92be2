package org.openspine.exchange.mailbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.openspine.platform.database.Database;
import org.openspine.platform.database.TestDatabase;

/** Mailbox passwords are stored sealed under a key the database does not hold, and open only for their mailbox. */
class PasswordSealIT {

    private static final Instant NOW = Instant.parse("2026-11-22T09:00:00Z");

    private final Database database = TestDatabase.shared();
    private final Mailboxes mailboxes = new Mailboxes(PasswordSeal.ephemeral());

    @Test
    void aSavedPasswordIsStoredSealedAndOpensForItsMailbox() {
        String id = save(mailboxes, "correct horse battery staple");

        String stored = stored(id);

        assertThat(stored).startsWith("sealed:v1:").doesNotContain("correct horse");
        assertThat(password(mailboxes, id)).contains("correct horse battery staple");
        // a fresh nonce each time: the same password saved twice is stored differently
        save(mailboxes, id, "correct horse battery staple");
        assertThat(stored(id)).isNotEqualTo(stored);
        assertThat(password(mailboxes, id)).contains("correct horse battery staple");
    }

    @Test
    void aSealedPasswordOpensNothingUnderAnotherKeyOrCopiedToAnotherMailbox() {
        String first = save(mailboxes, "first secret");
        String second = save(mailboxes, "second secret");

        assertThat(password(new Mailboxes(PasswordSeal.ephemeral()), first)).isEmpty();

        write(second, stored(first));
        assertThat(password(mailboxes, second)).isEmpty();
        write(second, stored(second).replace("sealed:v1:", "sealed:v1:A"));
        assertThat(password(mailboxes, second)).isEmpty();
    }

    @Test
    void passwordsStoredInTheClearOpenNothingUntilSealedAndAreSealedOnce() {
        String id = save(mailboxes, "placeholder");
        write(id, "stored before sealing");

        assertThat(password(mailboxes, id)).as("a password in the clear is not trusted").isEmpty();

        int sealed = database.inTransaction(mailboxes::sealStoredPasswords);
        int again = database.inTransaction(mailboxes::sealStoredPasswords);

        assertThat(sealed).isEqualTo(1);
        assertThat(again).isZero();
        assertThat(stored(id)).startsWith("sealed:v1:");
        assertThat(password(mailboxes, id)).contains("stored before sealing");
    }

    @Test
    void theMailboxKeyIsAnOwnerOnlyFileAndANodeWithAnotherKeyRefusesToStart() throws Exception {
        try (Database fresh = TestDatabase.fresh("mailbox_key")) {
            Path firstNode = TestDatabase.freshDirectory("mailbox-key-first");
            Mailboxes first = new Mailboxes(PasswordSeal.openOrCreate(firstNode, fresh));
            String id = save(fresh, first, "kept across restarts");

            Path file = firstNode.resolve("security/mailbox-key");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
            Mailboxes restarted = new Mailboxes(PasswordSeal.openOrCreate(firstNode, fresh));
            Optional<String> reopened = fresh.read(connection -> restarted.password(connection, id));
            assertThat(reopened).contains("kept across restarts");

            Path secondNode = TestDatabase.freshDirectory("mailbox-key-second");
            assertThatThrownBy(() -> PasswordSeal.openOrCreate(secondNode, fresh))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessage("this database's mailbox passwords were sealed with a key this node does not have: copy "
                            + "security/mailbox-key from the data directory of a node that has it to "
                            + secondNode.resolve("security/mailbox-key"));
            assertThat(secondNode.resolve("security/mailbox-key")).doesNotExist();
        }
    }

    private String save(Mailboxes to, String password) {
        return save(database, to, password);
    }

    private static String save(Database database, Mailboxes to, String password) {
        String id = "PS" + UUID.randomUUID().toString().replace("-", "").substring(0, 12).toUpperCase(Locale.ROOT);
        save(database, to, id, password);
        return id;
    }

    private void save(Mailboxes to, String id, String password) {
        save(database, to, id, password);
    }

    private static void save(Database database, Mailboxes to, String id, String password) {
        database.inTransaction(connection -> {
            to.save(connection, new Mailbox(id, "A81001", "Mailbox " + id, true), password, Set.of(), NOW);
            return null;
        });
    }

    private Optional<String> password(Mailboxes from, String id) {
        return database.read(connection -> from.password(connection, id));
    }

    private String stored(String id) {
        return database.read(connection -> {
            try (PreparedStatement select = connection.prepareStatement("SELECT password FROM mesh_mailbox WHERE mailbox_id = ?")) {
                select.setString(1, id);
                try (ResultSet row = select.executeQuery()) {
                    row.next();
                    return row.getString(1);
                }
            }
        });
    }

    private void write(String id, String password) {
        database.inTransaction(connection -> {
            try (PreparedStatement update = connection.prepareStatement("UPDATE mesh_mailbox SET password = ? WHERE mailbox_id = ?")) {
                update.setString(1, password);
                update.setString(2, id);
                update.executeUpdate();
            }
            return null;
        });
    }
}
