package org.openspine.platform.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.openspine.platform.database.Database;
import org.openspine.platform.database.TestDatabase;
import org.openspine.platform.error.OpenSpineException;

class GroupCommitAuditIT {

    private static final Clock CLOCK = Clock.systemUTC();

    @Test
    void everyRecordAcknowledgedToManyConcurrentVirtualThreadsIsCommitted() throws Exception {
        Database database = TestDatabase.shared();
        AuditTrail trail = new AuditTrail(TestAudit.key());
        String patient = "group-" + UUID.randomUUID();
        Set<UUID> acknowledged = ConcurrentHashMap.newKeySet();
        try (GroupCommitAudit writer = new GroupCommitAudit(database, trail);
             ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> readers = new ArrayList<>();
            for (int thread = 0; thread < 64; thread++) {
                readers.add(threads.submit(() -> {
                    for (int read = 0; read < 25; read++) {
                        acknowledged.add(writer.record(AuditRecord.of(TestAudit.access(TestAudit.GP), AuditSubtype.READ)
                                .patient(patient).resource("Patient", patient).build(CLOCK)));
                    }
                    return null;
                }));
            }
            for (Future<?> reader : readers) {
                reader.get();
            }
        }

        assertThat(acknowledged).hasSize(64 * 25);
        Set<UUID> stored = database.read(connection -> {
            Set<UUID> ids = new java.util.HashSet<>();
            try (PreparedStatement select = connection.prepareStatement("SELECT id FROM audit_event WHERE patients @> ARRAY[?]::text[]")) {
                select.setString(1, patient);
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        ids.add(rows.getObject(1, UUID.class));
                    }
                }
            }
            return ids;
        });
        assertThat(stored).isEqualTo(acknowledged);
    }

    @Test
    void aDatabaseFailureIsUnavailableToTheWaitingCallerSoTheReadIsRefused() {
        Database failing = TestDatabase.fresh("group_commit_failure");
        AuditRecord read = AuditRecord.of(TestAudit.access(TestAudit.CITIZEN), AuditSubtype.READ).patient("p1").build(CLOCK);
        try (GroupCommitAudit writer = new GroupCommitAudit(failing, new AuditTrail(TestAudit.key()))) {
            assertThat(writer.record(read)).isNotNull();

            failing.close(); // the database goes away

            assertThatThrownBy(() -> writer.record(read))
                    .isInstanceOf(OpenSpineException.Unavailable.class)
                    .hasMessage("the audit trail is unavailable; the event was not recorded");
        }
    }

    @Test
    void afterCloseRecordsAreRefusedAndClosingAgainIsHarmless() {
        GroupCommitAudit writer = new GroupCommitAudit(TestDatabase.shared(), new AuditTrail(TestAudit.key()));
        writer.close();
        writer.close();

        assertThatThrownBy(() -> writer.record(AuditRecord.unauthenticated(AuditSubtype.TOKEN_REJECTED).build(CLOCK)))
                .isInstanceOf(OpenSpineException.Unavailable.class)
                .hasMessage("the audit trail is shutting down; the event was not recorded");
    }
}
