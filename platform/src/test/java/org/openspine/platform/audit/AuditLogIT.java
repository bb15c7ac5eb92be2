package org.openspine.platform.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openspine.platform.database.Database;
import org.openspine.platform.database.TestDatabase;
import org.openspine.platform.error.OpenSpineException;
import org.openspine.platform.security.Access;
import org.openspine.platform.security.Caller;
import org.openspine.platform.security.RoleProfile;

class AuditLogIT {

    private static final Instant NINE = Instant.parse("2026-11-21T09:00:00Z");
    private static Database database;
    private static AuditServices audit;

    @BeforeAll
    static void start() {
        database = TestDatabase.shared();
        audit = TestAudit.start(database, Clock.systemUTC());
    }

    @AfterAll
    static void stop() {
        audit.close();
    }

    @Test
    void aPatientSeesEveryAccessToTheirRecordNewestFirstAndEachFilterNarrowsIt() {
        String patient = "log-" + UUID.randomUUID();
        Caller.Staff nurse = staff("nurse-" + UUID.randomUUID());
        UUID read = write(TestAudit.GP, AuditSubtype.READ, patient, 0, AuditOutcome.SUCCESS);
        UUID search = write(nurse, AuditSubtype.SEARCH, patient, 1, AuditOutcome.SUCCESS);
        UUID denied = write(nurse, AuditSubtype.READ, patient, 2, AuditOutcome.MINOR_FAILURE);
        write(nurse, AuditSubtype.READ, "someone-else-" + UUID.randomUUID(), 3, AuditOutcome.SUCCESS);

        AuditQuery byPatient = AuditQuery.all().withPatient(patient);
        assertThat(ids(byPatient)).containsExactly(denied, search, read);
        assertThat(ids(byPatient.withAgent(nurse.id()))).containsExactly(denied, search);
        assertThat(ids(byPatient.withSubtype(AuditSubtype.READ))).containsExactly(denied, read);
        assertThat(ids(byPatient.withOutcome(AuditOutcome.MINOR_FAILURE))).containsExactly(denied);
        assertThat(ids(byPatient.withFrom(NINE.plusSeconds(1)).withTo(NINE.plusSeconds(1)))).containsExactly(search);
        assertThat(ids(byPatient.withTo(NINE))).containsExactly(read);
        assertThat(audit.log().read(search).orElseThrow().record().agent())
                .isEqualTo(new AuditAgent.Staff(nurse.id(), "Nurse Jo Reyes", "R8001", "R0570", "RX1"));
        assertThat(audit.log().read(UUID.randomUUID())).isEmpty();
    }

    @Test
    void pagesFollowOnFromTheLastEventShownEvenWhenNewerEventsArriveMeanwhile() {
        String patient = "paged-" + UUID.randomUUID();
        List<UUID> written = new ArrayList<>();
        for (int second = 0; second < 7; second++) {
            written.add(0, write(TestAudit.GP, AuditSubtype.READ, patient, second, AuditOutcome.SUCCESS));
        }
        AuditQuery query = AuditQuery.all().withPatient(patient).withCount(3);

        AuditPage first = audit.log().search(query);
        write(TestAudit.GP, AuditSubtype.READ, patient, 60, AuditOutcome.SUCCESS); // newest: belongs before page one
        AuditPage second = audit.log().search(query.withAfter(first.next().orElseThrow()));
        AuditPage third = audit.log().search(query.withAfter(second.next().orElseThrow()));

        List<UUID> paged = new ArrayList<>();
        for (AuditPage page : List.of(first, second, third)) {
            page.entries().forEach(entry -> paged.add(entry.id()));
        }
        assertThat(paged).isEqualTo(written);
        assertThat(third.next()).isEmpty();
        assertThatThrownBy(() -> audit.log().search(query.withAfter("not-a-cursor")))
                .isInstanceOf(OpenSpineException.Invalid.class)
                .hasMessage("the audit page cursor is not one this server made");
    }

    @Test
    void everyQueryShapeIsServedByItsIndexOnATrailOfManyUsersAndPatients() {
        try (Database planned = TestDatabase.fresh("audit_plans")) {
            AuditTrail trail = new AuditTrail(TestAudit.key());
            List<AuditRecord> records = new ArrayList<>();
            for (int i = 0; i < 6000; i++) {
                records.add(AuditRecord.of(Access.of(staff("u" + i % 200)), AuditSubtype.READ).patient("p" + i % 1500)
                        .build(Clock.fixed(NINE.plusSeconds(i), ZoneOffset.UTC)));
            }
            planned.inTransaction(connection -> trail.appendAll(connection, records));
            planned.read(connection -> {
                try (Statement analyze = connection.createStatement()) {
                    analyze.execute("ANALYZE audit_event");
                }
                return null;
            });
            String later = new AuditLog.Cursor(AuditTrail.timeOrderedId(NINE.plusSeconds(3000))).toString();

            assertThat(plan(planned, AuditQuery.all().withPatient("p7"))).contains("audit_event_patients");
            assertThat(plan(planned, AuditQuery.all().withAgent("u7"))).contains("audit_event_agent");
            assertThat(plan(planned, AuditQuery.all().withAgent("u7").withAfter(later))).contains("audit_event_agent");
            assertThat(plan(planned, AuditQuery.all().withFrom(NINE).withTo(NINE.plusSeconds(60))))
                    .contains("audit_event_pkey");
            assertThat(plan(planned, AuditQuery.all().withAfter(later))).contains("audit_event_pkey");
        }
    }

    private static UUID write(Caller caller, AuditSubtype subtype, String patient, int second, AuditOutcome outcome) {
        AuditRecord record = AuditRecord.of(Access.of(caller), subtype).patient(patient).outcome(outcome)
                .build(Clock.fixed(NINE.plusSeconds(second), ZoneOffset.UTC));
        return database.inTransaction(connection -> audit.trail().append(connection, record));
    }

    private static List<UUID> ids(AuditQuery query) {
        return audit.log().search(query).entries().stream().map(AuditEntry::id).toList();
    }

    private static Caller.Staff staff(String id) {
        RoleProfile role = new RoleProfile("rp-" + id, "R8001", "R0570", "RX1");
        return new Caller.Staff(id, "Nurse Jo Reyes", role, List.of(role));
    }

    /** EXPLAIN of the query's page. */
    private static String plan(Database planned, AuditQuery query) {
        AuditLog.Select select = AuditLog.select(query);
        return planned.read(connection -> {
            try (PreparedStatement explain = connection.prepareStatement("EXPLAIN " + select.sql())) {
                for (int i = 0; i < select.parameters().size(); i++) {
                    explain.setObject(i + 1, select.parameters().get(i));
                }
                StringBuilder plan = new StringBuilder();
                try (ResultSet rows = explain.executeQuery()) {
                    while (rows.next()) {
                        plan.append(rows.getString(1)).append('\n');
                    }
                }
                assertThat(plan).as(select.sql()).doesNotContain("Seq Scan");
                return plan.toString();
            }
        });
    }
}
