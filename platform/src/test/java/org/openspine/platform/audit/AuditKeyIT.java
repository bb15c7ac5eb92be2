package org.openspine.platform.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openspine.platform.database.Database;
import org.openspine.platform.database.TestDatabase;

class AuditKeyIT {

    private Database database;

    @BeforeEach
    void freshDatabase() {
        database = TestDatabase.fresh("audit_key");
    }

    @AfterEach
    void close() {
        database.close();
    }

    @Test
    void theKeyIsCreatedOnFirstStartReadableByItsOwnerOnlyAndUsedFromThenOn() throws Exception {
        Path dataDir = TestDatabase.freshDirectory("audit-key");

        AuditKey created = AuditKey.openOrCreate(dataDir, database);
        AuditKey reopened = AuditKey.openOrCreate(dataDir, database);

        Path file = dataDir.resolve("security/audit-key");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file.getParent()))).isEqualTo("rwx------");
        assertThat(Files.list(file.getParent())).containsExactly(file); // no temporary file left behind
        assertThat(reopened.fingerprint()).isEqualTo(created.fingerprint());
        assertThat(AuditKey.open(dataDir, database).fingerprint()).isEqualTo(created.fingerprint());
    }

    @Test
    void aNodeWithoutTheTrailsKeyRefusesToStartAndLeavesNoUselessKeyBehind() {
        AuditKey.openOrCreate(TestDatabase.freshDirectory("first-node"), database);
        Path secondNode = TestDatabase.freshDirectory("second-node");

        assertThatThrownBy(() -> AuditKey.openOrCreate(secondNode, database))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("this database's audit trail was written with a key this node does not have: copy "
                        + "security/audit-key from the data directory of a node that has it to "
                        + secondNode.resolve("security/audit-key"));
        assertThat(secondNode.resolve("security/audit-key")).doesNotExist();
    }

    @Test
    void aKeyOtherUsersCanReadIsRefused() throws Exception {
        Path dataDir = TestDatabase.freshDirectory("audit-key-exposed");
        AuditKey.openOrCreate(dataDir, database);
        Path file = dataDir.resolve("security/audit-key");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r-----"));

        assertThatThrownBy(() -> AuditKey.openOrCreate(dataDir, database))
                .hasMessage("the audit key " + file + " is readable by other users; make it owner-only (chmod 600) and "
                        + "consider it exposed");
    }

    @Test
    void verificationNeverCreatesAKey() {
        Path dataDir = TestDatabase.freshDirectory("audit-key-none");

        assertThatThrownBy(() -> AuditKey.open(dataDir, database))
                .hasMessage("no audit key at " + dataDir.resolve("security/audit-key")
                        + "; use the --data-dir of the server that wrote the trail");
        assertThat(dataDir.resolve("security")).doesNotExist();
    }
}
