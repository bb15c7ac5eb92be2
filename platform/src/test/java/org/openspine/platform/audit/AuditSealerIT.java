package org.openspine.platform.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.openspine.platform.database.Database;
import org.openspine.platform.database.TestDatabase;

class AuditSealerIT {

    private static final Clock CLOCK = Clock.systemUTC();

    @Test
    void sealingWhileRowsCommitOutOfOrderSealsEveryRowOnceInAGapFreeChain() throws Exception {
        int writers = 16;
        int transactionsEach = 30;
        try (Database database = TestDatabase.fresh("sealer_concurrency");
             ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            AuditTrail trail = new AuditTrail(TestAudit.key());
            // two sealers, as on two server nodes sharing the database
            AuditSealer first = new AuditSealer(database, TestAudit.key(), CLOCK);
            AuditSealer second = new AuditSealer(database, TestAudit.key(), CLOCK);
            AtomicBoolean writing = new AtomicBoolean(true);
            List<Future<Long>> sealers = new ArrayList<>();
            for (AuditSealer sealer : List.of(first, second)) {
                sealers.add(threads.submit(() -> {
                    long sealed = 0;
                    while (writing.get()) {
                        sealed += sealer.sealPending();
                        Thread.sleep(5);
                    }
                    return sealed;
                }));
            }
            List<Future<?>> writes = new ArrayList<>();
            for (int w = 0; w < writers; w++) {
                writes.add(threads.submit(() -> {
                    for (int t = 0; t < transactionsEach; t++) {
                        database.inTransaction(connection -> {
                            trail.append(connection, record());
                            // hold the transaction open a while: rows with lower ids commit after higher ones
                            LockSupport.parkNanos(ThreadLocalRandom.current().nextInt(15_000_000));
                            trail.append(connection, record());
                            return null;
                        });
                    }
                    return null;
                }));
            }
            for (Future<?> write : writes) {
                write.get();
            }
            writing.set(false);
            long sealedWhileWriting = sealers.get(0).get() + sealers.get(1).get();
            long rows = 2L * writers * transactionsEach;
            // a run seals below the oldest transaction running anywhere on the PostgreSQL server, which other
            // tests' databases share: one of theirs may hold the last rows back a moment
            long sealedAfter = first.sealPending();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (sealedWhileWriting + sealedAfter < rows && System.nanoTime() < deadline) {
                Thread.sleep(50);
                sealedAfter += first.sealPending();
            }

            assertThat(sealedWhileWriting + sealedAfter).isEqualTo(rows);
            assertThat(sealedWhileWriting).as("sealing kept up with the writers").isPositive();
            List<Long> chain = database.read(connection -> {
                try (Statement statement = connection.createStatement();
                     ResultSet row = statement.executeQuery("SELECT (SELECT count(*) FROM audit_event), count(*), "
                             + "count(DISTINCT id), min(position), max(position), count(DISTINCT position) FROM ("
                             + "SELECT s.first_pos + listed.n - 1 AS position, listed.id FROM audit_seal s, "
                             + "unnest(s.event_ids) WITH ORDINALITY AS listed(id, n)) sealed "
                             + "WHERE id IN (SELECT id FROM audit_event)")) {
                    row.next();
                    return List.of(row.getLong(1), row.getLong(2), row.getLong(3), row.getLong(4), row.getLong(5), row.getLong(6));
                }
            });
            // rows; rows listed by seals; distinct rows listed; first, last and distinct positions
            assertThat(chain).containsExactly(rows, rows, rows, 1L, rows, rows);
            AuditVerification verification = new AuditVerifier(database, TestAudit.key(), first).verify();
            assertThat(verification.findings()).isEmpty();
            assertThat(verification.rowsChecked()).isEqualTo(rows);
        }
    }

    private static AuditRecord record() {
        return AuditRecord.of(TestAudit.access(TestAudit.GP), AuditSubtype.CREATE).patient("p-seal")
                .resource("Observation", "o" + ThreadLocalRandom.current().nextInt(1000)).build(CLOCK);
    }
}
