package org.openspine.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.openspine.platform.database.TestDatabase;

class ShutdownIT {

    @Test
    void sigtermStopsTheServerAndItsEmbeddedPostgresqlPromptly() throws Exception {
        Path dataDir = TestDatabase.freshDirectory("openspine-shutdown");
        Path log = dataDir.resolve("server.log"); // inside, so it goes with the directory
        ServerProcess server = ServerProcess.start(dataDir, log);
        assertThat(Files.exists(dataDir.resolve("postgres/postmaster.pid"))).isTrue();

        boolean exited = server.terminate(Duration.ofSeconds(30));

        assertThat(exited).as("exited within 30 s of SIGTERM").isTrue();
        // PostgreSQL removes its pid file when it has shut down cleanly
        assertThat(Files.exists(dataDir.resolve("postgres/postmaster.pid"))).isFalse();
        assertThat(Files.readString(log)).contains("shutting down");
    }
}
