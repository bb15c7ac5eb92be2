package org.openspine.platform.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.openspine.platform.database.Database;
import org.openspine.platform.database.TestDatabase;

/**
 * A trail whose newest seals and events were removed, its head put back as it was, verifies by its own MACs; the
 * anchor each node keeps outside the database shows it was cut short.
 */
class AuditAnchorIT {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-22T09:00:00Z"), ZoneOffset.UTC);

    @Test
    void aTrailCutBackToAnEarlierSealIsReportedByTheNodeThatSawItReachFurther() throws Exception {
        try (Database database = TestDatabase.fresh("audit_anchor")) {
            Path dataDir = TestDatabase.freshDirectory("audit-anchor");
            AuditKey key = AuditKey.openOrCreate(dataDir, database);
            AuditTrail trail = new AuditTrail(key);
            AuditSealer sealer = new AuditSealer(database, key, CLOCK, dataDir);
            AuditVerifier anchored = new AuditVerifier(database, key, sealer);

            write(database, trail, 3);
            assertThat(sealer.sealPending()).isEqualTo(3);
            Object[] headAtFirstSeal = head(database);
            write(database, trail, 3);
            assertThat(sealer.sealPending()).isEqualTo(3);

            Path anchor = dataDir.resolve("security/audit-anchor");
            assertThat(Files.readString(anchor)).startsWith("v1 2 ");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(anchor))).isEqualTo("rw-------");
            assertThat(anchored.verify().intact()).isTrue();

            cutBackToFirstSeal(database, headAtFirstSeal);

            AuditVerifier unanchored = new AuditVerifier(database, key, new AuditSealer(database, key, CLOCK));
            assertThat(unanchored.verify().intact()).as("by its own MACs the shorter trail is whole").isTrue();
            AuditVerification found = anchored.verify();
            assertThat(found.intact()).isFalse();
            assertThat(found.findings()).extracting(AuditVerification.Finding::describe).containsExactly(
                    "chain: the trail ends at seal 1, but this node saw it reach seal 2 (security/audit-anchor): the "
                            + "events sealed after seal 1 were removed, or the database was restored from an earlier backup");

            // the trail goes on from seal 1: a new seal 2 does not move the anchor off the evidence
            String anchoredBefore = Files.readString(anchor);
            write(database, trail, 2);
            assertThat(sealer.sealPending()).isEqualTo(2);
            write(database, trail, 2);
            assertThat(sealer.sealPending()).isEqualTo(2);
            assertThat(Files.readString(anchor)).isEqualTo(anchoredBefore);
            assertThat(anchored.verify().findings()).extracting(AuditVerification.Finding::describe).containsExactly(
                    "chain: seal 2 is not the seal this node anchored (security/audit-anchor): it was replaced");

            // once someone has looked, moving the anchor aside anchors afresh
            Files.move(anchor, dataDir.resolve("security/audit-anchor.investigated"));
            write(database, trail, 1);
            assertThat(sealer.sealPending()).isEqualTo(1);
            assertThat(Files.readString(anchor)).startsWith("v1 4 ");
            assertThat(anchored.verify().intact()).isTrue();

            Files.writeString(anchor, "not an anchor\n");
            assertThat(anchored.verify().findings()).extracting(AuditVerification.Finding::describe)
                    .containsExactly("chain: the audit anchor " + anchor + " is not 'v1 <seal> <mac>'");
        }
    }

    private static void write(Database database, AuditTrail trail, int events) {
        for (int i = 0; i < events; i++) {
            database.inTransaction(connection -> trail.append(connection,
                    AuditRecord.of(TestAudit.access(TestAudit.GP), AuditSubtype.READ).patient("p-anchor").build(CLOCK)));
        }
    }

    private static Object[] head(Database database) {
        return database.read(connection -> {
            try (Statement statement = connection.createStatement();
                 ResultSet row = statement.executeQuery("SELECT seal_seq, seal_mac, mac, sealed_at FROM audit_chain_head")) {
                row.next();
                return new Object[] {row.getLong(1), row.getBytes(2), row.getBytes(3), row.getObject(4)};
            }
        });
    }

    /** What someone able to switch the database's guards off could do: nothing in the database then shows it. */
    private static void cutBackToFirstSeal(Database database, Object[] head) {
        database.inTransaction(connection -> {
            try (Statement statement = connection.createStatement()) {
                statement.execute("SET LOCAL session_replication_role = replica"); // triggers off
                statement.execute("DELETE FROM audit_event WHERE id IN (SELECT unnest(event_ids) FROM audit_seal WHERE seq = 2)");
                statement.execute("DELETE FROM audit_seal WHERE seq = 2");
            }
            try (PreparedStatement update = connection.prepareStatement(
                    "UPDATE audit_chain_head SET seal_seq = ?, seal_mac = ?, mac = ?, sealed_at = ?")) {
                for (int i = 0; i < head.length; i++) {
                    update.setObject(i + 1, head[i]);
                }
                update.executeUpdate();
            }
            return null;
        });
    }
}
