package org.openspine.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openspine.platform.database.Database;
import org.openspine.platform.database.TestDatabase;
import org.openspine.platform.http.TestHttp;

/** Mailbox passwords an earlier version stored in the clear are sealed when the server starts, and go on working. */
class MailboxPasswordSealingIT {

    @Test
    void aPasswordStoredInTheClearIsSealedAtStartAndItsMailboxStillSignsIn() {
        Path dataDir = TestDatabase.freshDirectory("openspine-mailbox-seal");
        ServerConfig config = ServerConfig.parse(List.of("--port", "0", "--demo", "--data-dir", dataDir.toString()),
                Map.of());
        try (OpenSpine before = OpenSpine.start(config, Clock.systemUTC())) {
            before.database().inTransaction(connection -> {
                try (PreparedStatement insert = connection.prepareStatement("""
                        INSERT INTO mesh_mailbox (mailbox_id, ods_code, name, password, active, created)
                        VALUES ('LEGACY1', 'A81001', 'Stored before sealing', 'legacy password', true, now())""")) {
                    insert.executeUpdate();
                }
                return null;
            });
        }

        try (OpenSpine after = OpenSpine.start(config, Clock.systemUTC())) {
            TestHttp http = new TestHttp("http://127.0.0.1:" + after.port());

            assertThat(stored(after.database(), "LEGACY1")).startsWith("sealed:v1:").doesNotContain("legacy");
            long inTheClear = after.database().read(connection -> {
                try (PreparedStatement count = connection.prepareStatement(
                        "SELECT count(*) FROM mesh_mailbox WHERE password NOT LIKE 'sealed:v1:%'");
                     ResultSet row = count.executeQuery()) {
                    row.next();
                    return row.getLong(1);
                }
            });
            assertThat(inTheClear).isZero();
            assertThat(http.request("GET", "/messageexchange/LEGACY1/inbox")
                    .header("Authorization", SandboxMesh.signature("LEGACY1", "legacy password")).send().status())
                    .isEqualTo(200);
            assertThat(http.request("GET", "/messageexchange/LEGACY1/inbox")
                    .header("Authorization", SandboxMesh.signature("LEGACY1", "not the password")).send().status())
                    .isEqualTo(403);
        }
    }

    private static String stored(Database database, String mailboxId) {
        return database.read(connection -> {
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT password FROM mesh_mailbox WHERE mailbox_id = ?")) {
                select.setString(1, mailboxId);
                try (ResultSet row = select.executeQuery()) {
                    row.next();
                    return row.getString(1);
                }
            }
        });
    }
}
