package org.openspine.platform.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openspine.platform.audit.AuditVerification.Altered;
import org.openspine.platform.audit.AuditVerification.Forged;
import org.openspine.platform.audit.AuditVerification.HeadMismatch;
import org.openspine.platform.audit.AuditVerification.Missing;
import org.openspine.platform.audit.AuditVerification.Part;
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
    /** The ids of the ten sealed rows, by chain position: ids.get(0) is at position 1. */
    private List<UUID> ids;

    @BeforeEach
    void tenSealedRows() {
        database = TestDatabase.fresh("verifier");
        audit = TestAudit.start(database, CLOCK);
        for (int i = 0; i < 10; i++) {
            AuditRecord record = AuditRecord.of(TestAudit.access(TestAudit.GP), AuditSubtype.READ).patient("p" + i)
                    .request("GET", "/fhir/R4/Patient/p" + i).sourceAddress("10.0.0." + i).build(CLOCK);
            database.inTransaction(connection -> audit.trail().append(connection, record));
        }
        audit.sealer().sealPending();
        ids = database.read(connection -> {
            List<UUID> chain = new ArrayList<>();
            try (Statement statement = connection.createStatement();
                 ResultSet rows = statement.executeQuery("SELECT id FROM audit_event ORDER BY chain_seq")) {
                while (rows.next()) {
                    chain.add(rows.getObject(1, UUID.class));
                }
            }
            return chain;
        });
    }

    @AfterEach
    void close() {
        audit.close();
        database.close();
    }

    @Test
    void anUntouchedTrailVerifiesCleanIncludingRowsSealedByTheVerificationItself() {
        database.inTransaction(connection -> audit.trail().append(connection,
                AuditRecord.unauthenticated(AuditSubtype.TOKEN_REJECTED).sourceAddress("192.0.2.7").build(CLOCK)));

        AuditVerification verification = audit.verifier().verify();

        assertThat(verification).isEqualTo(new AuditVerification(11, 1, 0, List.of(), 0));
        assertThat(verification.intact()).isTrue();
    }

    @Test
    void aRowWhoseContentWasChangedIsReportedAsAltered() {
        tamper("UPDATE audit_event SET patients = '{someone-else}' WHERE chain_seq = 4");

        assertThat(audit.verifier().verify().findings()).containsExactly(new Altered(ids.get(3), 4, Part.CONTENT));
    }

    @Test
    void anInsertedRowIsReportedAsForgedEvenWhenItCopiesAGenuineRowAndItsMac() {
        UUID forged = UUID.randomUUID();
        tamper(copyOfRow(5, forged, "NULL, NULL"));

        assertThat(audit.verifier().verify().findings()).containsExactly(new Forged(forged, Optional.empty()));
    }

    @Test
    void anInsertedRowGivenTheNextChainPositionIsReportedAsForged() {
        UUID forged = UUID.randomUUID();
        tamper(copyOfRow(10, forged, "11, chain_hash"));

        assertThat(audit.verifier().verify().findings()).containsExactly(new Forged(forged, Optional.of(11L)));
    }

    @Test
    void aDeletedRowIsReportedAsAGapBetweenItsNeighbours() {
        tamper("DELETE FROM audit_event WHERE chain_seq = 7");

        assertThat(audit.verifier().verify().findings()).containsExactly(
                new Missing(7, 7, Optional.of(ids.get(5)), Optional.of(ids.get(7))));
    }

    @Test
    void deletingTheNewestRowsIsCaughtByTheChainHead() {
        tamper("DELETE FROM audit_event WHERE chain_seq >= 9");

        assertThat(audit.verifier().verify().findings()).containsExactly(
                new Missing(9, 10, Optional.of(ids.get(7)), Optional.empty()));
    }

    @Test
    void aChainHeadWoundBackToHideDeletedRowsFailsItsMac() {
        tamper("DELETE FROM audit_event WHERE chain_seq = 10");
        tamper("UPDATE audit_chain_head SET seq = 9, hash = (SELECT chain_hash FROM audit_event WHERE chain_seq = 9)");

        assertThat(audit.verifier().verify().findings()).containsExactly(
                new HeadMismatch("fails its MAC: it was changed or forged"));
    }

    @Test
    void alteredInsertedAndDeletedRowsTogetherAreEachReportedAndNothingElse() {
        UUID forged = UUID.randomUUID();
        tamper("UPDATE audit_event SET source_address = '203.0.113.9' WHERE chain_seq = 3");
        tamper(copyOfRow(5, forged, "NULL, NULL"));
        tamper("DELETE FROM audit_event WHERE chain_seq = 7");

        AuditVerification verification = audit.verifier().verify();

        assertThat(verification.findings()).containsExactly(
                new Altered(ids.get(2), 3, Part.CONTENT),
                new Missing(7, 7, Optional.of(ids.get(5)), Optional.of(ids.get(7))),
                new Forged(forged, Optional.empty()));
        assertThat(verification.intact()).isFalse();
        assertThat(verification.findings()).extracting(AuditVerification.Finding::describe).containsExactly(
                "altered: audit event " + ids.get(2) + " at chain position 3: its content no longer matches its MAC",
                "deleted: the row at chain position 7 missing, after audit event " + ids.get(5) + ", before audit event "
                        + ids.get(7),
                "inserted: audit event " + forged + " (unsealed) was not written by OpenSpine: its MAC does not verify");
    }

    /** An INSERT copying the row at {@code seq} (content and MAC) under a new id, with the chain columns given. */
    private static String copyOfRow(int seq, UUID id, String chainColumns) {
        return "INSERT INTO audit_event (" + AuditRows.ALL + ") SELECT '" + id + "'::uuid"
                + AuditRows.CONTENT.substring("id".length()) + ", row_mac, " + chainColumns
                + " FROM audit_event WHERE chain_seq = " + seq;
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
