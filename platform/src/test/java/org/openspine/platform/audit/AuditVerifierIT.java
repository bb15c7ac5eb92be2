package org.openspine.platform.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openspine.platform.audit.AuditVerification.Altered;
import org.openspine.platform.audit.AuditVerification.ChainBroken;
import org.openspine.platform.audit.AuditVerification.Deleted;
import org.openspine.platform.audit.AuditVerification.Inserted;
import org.openspine.platform.database.Database;
import org.openspine.platform.database.TestDatabase;

/**
 * The tamper test: someone with full access to the database (but not the key) changes, inserts and
 * deletes audit rows behind the triggers' back; the verifier names exactly the rows concerned.
 */
class AuditVerifierIT {

    private static final Clock CLOCK = Clock.systemUTC();
    private Database database;
    private AuditServices audit;
    /** The ids of the ten rows sealed by seal 1, by chain position: ids.get(0) is at position 1. */
    private List<UUID> ids;

    @BeforeEach
    void tenSealedRows() {
        database = TestDatabase.fresh("verifier");
        audit = TestAudit.start(database, CLOCK);
        ids = sealed(10);
    }

    @AfterEach
    void close() {
        audit.close();
        database.close();
    }

    @Test
    void anUntouchedTrailVerifiesCleanIncludingRowsSealedByTheVerificationItself() {
        write(1);

        AuditVerification verification = audit.verifier().verify();

        assertThat(verification).isEqualTo(new AuditVerification(11, 1, 0, List.of(), 0));
        assertThat(verification.intact()).isTrue();
    }

    @Test
    void aRowWhoseContentWasChangedIsReportedAsAltered() {
        tamper("UPDATE audit_event SET patients = '{someone-else}' WHERE id = '" + ids.get(3) + "'");

        assertThat(audit.verifier().verify().findings()).containsExactly(new Altered(ids.get(3), 4));
    }

    @Test
    void aRowInsertedAmongSealedRowsIsReportedEvenWhenItCopiesAGenuineRowAndItsMac() {
        UUID forged = UUID.randomUUID();
        tamper(copyOf(ids.get(4), forged));

        assertThat(audit.verifier().verify().findings()).containsExactly(new Inserted(forged, false));
    }

    @Test
    void aRowForgedAfterTheLastSealFailsItsMacWhenSealed() {
        UUID forged = UUID.randomUUID();
        tamper(copyOf(ids.get(9), forged).replace("SELECT tx,", "SELECT pg_current_xact_id(),"));

        assertThat(audit.verifier().verify().findings()).containsExactly(new Altered(forged, 11));
    }

    @Test
    void aDeletedRowIsNamedWithItsPosition() {
        tamper("DELETE FROM audit_event WHERE id = '" + ids.get(6) + "'");

        assertThat(audit.verifier().verify().findings()).containsExactly(new Deleted(ids.get(6), 7, 1));
    }

    @Test
    void deletingTheNewestRowsIsCaughtByTheirSeal() {
        tamper("DELETE FROM audit_event WHERE id IN ('" + ids.get(8) + "', '" + ids.get(9) + "')");

        assertThat(audit.verifier().verify().findings()).containsExactly(new Deleted(ids.get(8), 9, 1),
                new Deleted(ids.get(9), 10, 1));
    }

    @Test
    void deletingTheNewestRowsWithTheirSealIsCaughtByTheHead() {
        List<UUID> newest = sealed(3);
        tamper("DELETE FROM audit_event WHERE id IN ('" + String.join("', '", newest.stream().map(UUID::toString).toList()) + "')");
        tamper("DELETE FROM audit_seal WHERE seq = 2");

        assertThat(audit.verifier().verify().findings()).containsExactly(new ChainBroken("seals 2..2 are missing from the "
                + "end of the chain: the newest sealed rows were deleted with them, or are in no seal now"));
    }

    @Test
    void aHeadPointedBackAtAnOlderSealFailsItsMac() {
        sealed(3);
        tamper("DELETE FROM audit_seal WHERE seq = 2");
        tamper("UPDATE audit_chain_head SET seal_seq = 1, seal_mac = (SELECT mac FROM audit_seal WHERE seq = 1)");

        assertThat(audit.verifier().verify().findings()).containsExactly(
                new ChainBroken("the chain head fails its MAC: it was changed or forged"));
    }

    @Test
    void aDeletedSealInTheMiddleLeavesAGap() {
        sealed(3);
        sealed(2);
        tamper("DELETE FROM audit_seal WHERE seq = 2");

        assertThat(audit.verifier().verify().findings()).containsExactly(
                new ChainBroken("seals 2..2 are missing; 3 rows they sealed are in no seal now"));
    }

    @Test
    void alteredInsertedAndDeletedRowsTogetherAreEachReportedAndNothingElse() {
        UUID forged = UUID.randomUUID();
        tamper("UPDATE audit_event SET source_address = '203.0.113.9' WHERE id = '" + ids.get(2) + "'");
        tamper(copyOf(ids.get(4), forged));
        tamper("DELETE FROM audit_event WHERE id = '" + ids.get(6) + "'");

        AuditVerification verification = audit.verifier().verify();

        assertThat(verification.findings()).containsExactly(
                new Altered(ids.get(2), 3),
                new Deleted(ids.get(6), 7, 1),
                new Inserted(forged, false));
        assertThat(verification.intact()).isFalse();
        assertThat(verification.findings()).extracting(AuditVerification.Finding::describe).containsExactly(
                "altered: audit event " + ids.get(2) + " at chain position 3: its content does not match its MAC",
                "deleted: audit event " + ids.get(6) + " at chain position 7 (listed by seal 1) is missing",
                "inserted: audit event " + forged + " lies among sealed rows but no seal lists it");
    }

    /** Writes {@code count} events, each in its own transaction, seals them, and returns them in chain order. */
    private List<UUID> sealed(int count) {
        write(count);
        audit.sealer().sealPending();
        return database.read(connection -> {
            List<UUID> chain = new ArrayList<>();
            try (Statement statement = connection.createStatement();
                 ResultSet rows = statement.executeQuery("SELECT unnest(event_ids) FROM audit_seal "
                         + "WHERE seq = (SELECT max(seq) FROM audit_seal)")) {
                while (rows.next()) {
                    chain.add(rows.getObject(1, UUID.class));
                }
            }
            return chain;
        });
    }

    private void write(int count) {
        for (int i = 0; i < count; i++) {
            AuditRecord record = AuditRecord.of(TestAudit.access(TestAudit.GP), AuditSubtype.READ).patient("p" + i)
                    .request("GET", "/fhir/R4/Patient/p" + i).sourceAddress("10.0.0." + i).build(CLOCK);
            database.inTransaction(connection -> audit.trail().append(connection, record));
        }
    }

    /** An INSERT copying a row (its transaction, content and MAC) under a new id. */
    private static String copyOf(UUID original, UUID id) {
        return "INSERT INTO audit_event (tx, " + AuditRows.ALL + ") SELECT tx, '" + id + "'::uuid"
                + AuditRows.ALL.substring("id".length()) + " FROM audit_event WHERE id = '" + original + "'";
    }

    /** Runs {@code sql} as a database superuser would to get past the triggers. */
    private void tamper(String sql) {
        database.inTransaction(connection -> {
            try (Statement statement = connection.createStatement()) {
                statement.execute("SET LOCAL session_replication_role = replica");
                try (PreparedStatement change = connection.prepareStatement(sql)) {
                    assertThat(change.executeUpdate()).as(sql).isPositive();
                }
            }
            return null;
        });
    }
}
