package org.openspine.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Statement;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openspine.platform.audit.AuditKey;
import org.openspine.platform.audit.AuditRecord;
import org.openspine.platform.audit.AuditSubtype;
import org.openspine.platform.audit.AuditTrail;
import org.openspine.platform.audit.TestAudit;
import org.openspine.platform.database.Database;
import org.openspine.platform.database.TestDatabase;

/** {@code openspine audit verify} on a database of its own, with the key in a data directory. */
class AuditCommandIT {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private Database database;
    private Path dataDir;
    private String url;
    private UUID written;

    @BeforeEach
    void aTrailOfThreeEvents() {
        database = TestDatabase.fresh("audit_command");
        url = ((HikariDataSource) database.dataSource()).getJdbcUrl();
        dataDir = TestDatabase.freshDirectory("audit-command");
        AuditTrail trail = new AuditTrail(AuditKey.openOrCreate(dataDir, database));
        for (int i = 0; i < 3; i++) {
            written = database.inTransaction(connection -> trail.append(connection,
                    AuditRecord.of(TestAudit.access(TestAudit.GP), AuditSubtype.READ).patient("p1").build(Clock.systemUTC())));
        }
    }

    @AfterEach
    void close() {
        database.close();
    }

    @Test
    void anIntactTrailExitsZeroAfterSealingItsPendingEvents() {
        assertThat(verify("verify", "--db-url", url, "--data-dir", dataDir.toString())).isEqualTo(0);
        assertThat(out()).isEqualTo("audit verify: 3 events checked (3 sealed first, 0 written since): intact\n");
    }

    @Test
    void aTamperedTrailExitsOneNamingTheRow() {
        verify("verify", "--db-url", url, "--data-dir", dataDir.toString());
        out.reset();
        database.inTransaction(connection -> {
            try (Statement statement = connection.createStatement()) {
                statement.execute("SET LOCAL session_replication_role = replica");
                statement.execute("UPDATE audit_event SET agent_name = 'Someone Else' WHERE id = '" + written + "'");
            }
            return null;
        });

        assertThat(verify("verify", "--db-url", url, "--data-dir", dataDir.toString())).isEqualTo(1);
        assertThat(out()).isEqualTo("altered: audit event " + written + " at chain position 3: its content does not "
                + "match its MAC\naudit verify: 3 events checked (0 sealed first, 0 written since): TAMPERED, 1 finding\n");
    }

    @Test
    void withoutTheKeyTheTrailCannotBeVerified() {
        Path elsewhere = TestDatabase.freshDirectory("audit-command-no-key");

        assertThat(verify("verify", "--db-url", url, "--data-dir", elsewhere.toString())).isEqualTo(3);
        assertThat(err.toString(StandardCharsets.UTF_8)).isEqualTo("openspine audit verify: could not verify: no audit key at "
                + elsewhere.resolve("security/audit-key") + "; use the --data-dir of the server that wrote the trail\n");
    }

    @Test
    void badUsageExitsTwo() {
        assertThat(verify("check")).isEqualTo(2);
        assertThat(verify("verify", "--data-dir")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).startsWith("openspine audit: unknown audit command 'check'\nusage:");
    }

    private int verify(String... args) {
        return AuditCommand.run(List.of(args), Map.of(), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }
}
