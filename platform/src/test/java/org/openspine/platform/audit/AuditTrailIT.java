package org.openspine.platform.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openspine.platform.database.Database;
import org.openspine.platform.database.TestDatabase;
import org.openspine.platform.error.OpenSpineException;
import org.openspine.platform.security.Access;

class AuditTrailIT {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-21T10:15:30.123456789Z"), ZoneOffset.UTC);
    private static Database database;
    private static AuditServices audit;

    @BeforeAll
    static void start() {
        database = TestDatabase.shared();
        audit = TestAudit.start(database, CLOCK);
    }

    @AfterAll
    static void stop() {
        audit.close();
    }

    @Test
    void anAppendInATransactionThatRollsBackLeavesNothing() {
        String patient = "rolled-back-" + UUID.randomUUID();
        AuditRecord record = AuditRecord.of(TestAudit.access(TestAudit.GP), AuditSubtype.CREATE).patient(patient)
                .resource("Observation", "obs-1").build(CLOCK);

        assertThatThrownBy(() -> database.inTransaction(connection -> {
            audit.trail().append(connection, record);
            throw new OpenSpineException.Conflict("the write failed after its audit row");
        })).isInstanceOf(OpenSpineException.Conflict.class);

        int events = database.read(connection -> TestAudit.eventsFor(connection, patient));
        assertThat(events).isZero();
    }

    @Test
    void anAppendedRecordReadsBackExactlyEvenWithTextPostgresqlCannotStoreAsIs() {
        String patient = "round-trip-" + UUID.randomUUID();
        AuditRecord record = AuditRecord.of(new Access(TestAudit.GP, Optional.of("unconscious in A&E \uD83D\uDE91")),
                        AuditSubtype.SEARCH)
                .patient(patient).patient(patient)
                .resource("Observation", "o1").resource("Condition", "c1")
                .request("GET", "/fhir/R4/Observation?patient=" + patient + "&note=nul\u0000here&bad=\uD800x")
                .sourceAddress("2001:db8::1").requestId("req-\u00e9")
                .outcome(AuditOutcome.SUCCESS, "2 results")
                .build(CLOCK);

        UUID id = database.inTransaction(connection -> audit.trail().append(connection, record));
        AuditEntry read = audit.log().read(id).orElseThrow();

        assertThat(read.record()).isEqualTo(record);
        assertThat(read.record().recorded()).isEqualTo(Instant.parse("2026-11-21T10:15:30.123456Z"));
        assertThat(read.record().patients()).containsExactly(patient);
        assertThat(read.record().request().orElseThrow().target()).contains("nul\uFFFDhere", "bad=\uFFFDx");
        audit.sealer().sealPending();
        assertThat(audit.verifier().verify().findings()).isEmpty(); // its MAC verifies as read back
    }

    @Test
    void updatesDeletesAndTruncatesThroughSqlAreRefused() {
        UUID id = database.inTransaction(connection -> audit.trail().append(connection,
                AuditRecord.of(TestAudit.access(TestAudit.SYSTEM), AuditSubtype.READ).patient("p-trigger").build(CLOCK)));
        audit.sealer().sealPending();

        Map<String, String> refusals = new LinkedHashMap<>();
        refusals.put("UPDATE audit_event SET patients = '{}' WHERE id = '" + id + "'", "audit_event: UPDATE");
        refusals.put("UPDATE audit_event SET row_mac = row_mac WHERE id = '" + id + "'", "audit_event: UPDATE");
        refusals.put("DELETE FROM audit_event WHERE id = '" + id + "'", "audit_event: DELETE");
        refusals.put("TRUNCATE audit_event CASCADE", "audit_event: TRUNCATE");
        refusals.put("DELETE FROM audit_seal", "audit_seal: DELETE");
        refusals.put("UPDATE audit_seal SET link = link", "audit_seal: UPDATE");
        refusals.put("DELETE FROM audit_chain_head", "audit_chain_head: DELETE");
        refusals.put("TRUNCATE audit_key", "audit_key: TRUNCATE");
        refusals.forEach((sql, refused) -> assertThatThrownBy(() -> database.inTransaction(connection -> {
            try (Statement statement = connection.createStatement()) {
                return statement.executeUpdate(sql);
            }
        })).as(sql).rootCause().hasMessageContaining(refused.replace(": ", " is kept for the audit trail: ") + " refused"));
        assertThat(audit.log().read(id)).isPresent();
    }

    @Test
    void aBreakGlassRaisesAPrivacyAlertWithItsAuditRowAndIsAcknowledgedOnce() {
        String patient = "break-glass-" + UUID.randomUUID();
        AuditRecord breakGlass = AuditRecord.of(new Access(TestAudit.GP, Optional.of("patient collapsed in clinic")),
                AuditSubtype.BREAK_GLASS).patient(patient).build(CLOCK);

        assertThatThrownBy(() -> database.inTransaction(connection -> {
            audit.trail().append(connection, breakGlass);
            throw new OpenSpineException.Conflict("rolled back");
        })).isInstanceOf(OpenSpineException.Conflict.class);
        assertThat(audit.alerts().open(1000)).noneMatch(a -> a.patients().contains(patient));

        UUID event = database.inTransaction(connection -> audit.trail().append(connection, breakGlass));
        PrivacyAlert alert = audit.alerts().open(1000).stream().filter(a -> a.patients().contains(patient))
                .findFirst().orElseThrow();
        assertThat(alert).isEqualTo(new PrivacyAlert(alert.id(), event, CLOCK.instant().truncatedTo(ChronoUnit.MICROS),
                "555021935107", "Dr Ada Okafor", Optional.of("Y12345"), List.of(patient),
                "patient collapsed in clinic", Optional.empty()));

        PrivacyAlert acknowledged = audit.alerts().acknowledge(alert.id(), TestAudit.GP, " reviewed with the patient ");
        assertThat(acknowledged.acknowledgement()).contains(new PrivacyAlert.Acknowledgement(
                CLOCK.instant().truncatedTo(ChronoUnit.MICROS), "555021935107", "Dr Ada Okafor",
                Optional.of("reviewed with the patient")));
        assertThat(audit.alerts().open(1000)).noneMatch(a -> a.id() == alert.id());
        assertThatThrownBy(() -> audit.alerts().acknowledge(alert.id(), TestAudit.GP, ""))
                .isInstanceOf(OpenSpineException.Conflict.class)
                .hasMessage("privacy alert " + alert.id() + " was acknowledged already by 555021935107");
        assertThatThrownBy(() -> audit.alerts().acknowledge(-1, TestAudit.GP, ""))
                .isInstanceOf(OpenSpineException.NotFound.class);
    }
}
