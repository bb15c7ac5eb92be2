package org.openspine.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.openspine.platform.http.TestHttp;
import org.openspine.platform.database.TestDatabase;

/**
 * Kills the server with SIGKILL in the middle of a stream of creates, restarts it on the same data
 * directory, and checks that every create it had acknowledged (201) is there, intact.
 */
class CrashRecoveryIT {

    private static final int WRITERS = 8;
    private static final int CRASHES = 3;

    @Test
    void everyAcknowledgedCreateSurvivesASigkillOfTheServer() throws Exception {
        Path dataDir = TestDatabase.freshDirectory("openspine-crash");
        Path log = dataDir.resolve("server.log"); // inside, so it goes with the directory
        Map<String, String> acknowledged = new ConcurrentHashMap<>(); // id -> identifier value
        for (int crash = 0; crash < CRASHES; crash++) {
            ServerProcess server = ServerProcess.start(dataDir, log, "--demo");
            int before = acknowledged.size();
            AtomicBoolean running = new AtomicBoolean(true);
            List<Thread> writers = new ArrayList<>();
            for (int w = 0; w < WRITERS; w++) {
                Thread writer = new Thread(() -> write(server.base(), running, acknowledged));
                writer.start();
                writers.add(writer);
            }
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
            while (acknowledged.size() < before + 200) {
                if (System.nanoTime() > deadline || writers.stream().noneMatch(Thread::isAlive)) {
                    server.kill();
                    throw new AssertionError("the writers stopped at " + (acknowledged.size() - before)
                            + " acknowledged creates of 200 after crash " + crash);
                }
                Thread.sleep(10);
            }
            server.kill(); // mid-stream: writers have requests in flight
            running.set(false);
            for (Thread writer : writers) {
                writer.join();
            }
        }
        try (ServerProcess server = ServerProcess.start(dataDir, log, "--demo")) {
            TestHttp http = ServerTokens.signedIn(server.base(), "integrator");
            for (Map.Entry<String, String> ack : acknowledged.entrySet()) {
                TestHttp.Response read = http.get("/fhir/R4/Patient/" + ack.getKey());
                assertThat(read.status()).as("acknowledged Patient/%s", ack.getKey()).isEqualTo(200);
                assertThat(read.json().at("/identifier/0/value").asText()).isEqualTo(ack.getValue());
            }
        }
        assertThat(acknowledged.size()).isGreaterThanOrEqualTo(CRASHES * 200);
    }

    private static void write(String base, AtomicBoolean running, Map<String, String> acknowledged) {
        TestHttp http = ServerTokens.signedIn(base, "integrator");
        while (running.get()) {
            String value = UUID.randomUUID().toString();
            try {
                TestHttp.Response response = http.post("/fhir/R4/Patient", "application/fhir+json",
                        "{\"resourceType\":\"Patient\",\"identifier\":[{\"system\":\"urn:crash\",\"value\":\"" + value + "\"}]}");
                if (response.status() == 201) {
                    acknowledged.put(response.json().get("id").asText(), value);
                }
            } catch (RuntimeException e) {
                return; // the server died under us: this request was never acknowledged
            }
        }
    }
}
