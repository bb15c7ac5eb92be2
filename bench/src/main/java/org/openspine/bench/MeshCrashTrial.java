package org.openspine.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The MESH crash trial: a server process is killed with SIGKILL at random moments while senders send and a
 * recipient lists, downloads and acknowledges, and restarted each time; at the end the recipient drains its
 * inbox and the trial checks that no message the server accepted (202) was lost, that no local id became two
 * messages, and that no message acknowledged (200) came back. Senders that get no answer send again with the
 * same {@code mex-LocalID}, as a MESH client should.
 *
 * <pre>
 * java -cp "bench/target/openspine-bench.jar:bench/target/lib/*" org.openspine.bench.MeshCrashTrial \
 *     --jar server/target/openspine-server.jar --data-dir /tmp/crash --port 8093 --kills 20
 * </pre>
 * Uses the demo's sandbox mailboxes X26ABC1 → X26ABC2 and the sandbox key (the server runs with {@code --demo}).
 */
public final class MeshCrashTrial {

    private static final String KEY = "TestKey";
    private static final String PASSWORD = "password";

    private final Path jar;
    private final Path dataDir;
    private final int port;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final Map<String, String> accepted = new ConcurrentHashMap<>();      // local id -> message id from the 202
    private final Map<String, Set<String>> seen = new ConcurrentHashMap<>();     // local id -> message ids received
    private final Set<String> acknowledged = ConcurrentHashMap.newKeySet();      // message ids acknowledged with 200
    private final Set<String> reappeared = ConcurrentHashMap.newKeySet();        // acknowledged, then listed again
    private final AtomicInteger sendRetries = new AtomicInteger();
    private volatile Process server;

    private MeshCrashTrial(Path jar, Path dataDir, int port) {
        this.jar = jar;
        this.dataDir = dataDir;
        this.port = port;
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = new java.util.HashMap<>(Map.of("--jar", "server/target/openspine-server.jar",
                "--data-dir", "/tmp/openspine-crash", "--port", "8093", "--kills", "20", "--senders", "4"));
        for (int i = 0; i + 1 < args.length; i += 2) {
            if (!options.containsKey(args[i])) {
                throw new IllegalArgumentException("unknown option " + args[i] + "; options: " + options.keySet());
            }
            options.put(args[i], args[i + 1]);
        }
        MeshCrashTrial trial = new MeshCrashTrial(Path.of(options.get("--jar")), Path.of(options.get("--data-dir")),
                Integer.parseInt(options.get("--port")));
        System.exit(trial.run(Integer.parseInt(options.get("--kills")), Integer.parseInt(options.get("--senders"))) ? 0 : 1);
    }

    private boolean run(int kills, int senders) throws Exception {
        start();
        AtomicBoolean sending = new AtomicBoolean(true);
        AtomicBoolean receiving = new AtomicBoolean(true);
        AtomicInteger next = new AtomicInteger();
        List<Thread> threads = new ArrayList<>();
        for (int s = 0; s < senders; s++) {
            threads.add(Thread.ofPlatform().name("sender-" + s).start(() -> {
                while (sending.get()) {
                    send("crash-" + next.getAndIncrement());
                }
            }));
        }
        Thread receiver = Thread.ofPlatform().name("receiver").start(() -> {
            while (receiving.get()) {
                receiveOnce();
            }
        });
        Random random = new Random(20261121);
        long started = System.nanoTime();
        for (int kill = 1; kill <= kills; kill++) {
            Thread.sleep(1500 + random.nextInt(4000));
            server.destroyForcibly().waitFor(); // SIGKILL
            System.out.printf("kill %d/%d: %d messages accepted so far%n", kill, kills, accepted.size());
            start();
        }
        sending.set(false);
        for (Thread thread : threads) {
            thread.join();
        }
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        while (!allAcknowledged() && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        receiving.set(false);
        receiver.join();
        // an acknowledgement committed just before a kill never reached the recipient: the sender's tracking says
        long lost = 0;
        for (Map.Entry<String, String> message : accepted.entrySet()) {
            if (!acknowledged.contains(message.getValue()) && !trackedAsAcknowledged(message.getValue())) {
                lost++;
            }
        }
        server.destroy();
        server.waitFor();

        long duplicated = seen.values().stream().filter(ids -> ids.size() > 1).count();
        long unknown = seen.keySet().stream().filter(local -> !accepted.containsKey(local)).count();
        System.out.printf("""

                MESH crash trial: %d SIGKILLs in %.0f s, %d senders, 1 recipient
                  messages accepted (202)                         %d
                  messages received and acknowledged             %d
                  accepted but never delivered (lost)             %d
                  local ids delivered as more than one message    %d
                  acknowledged messages listed again              %d
                  delivered without a 202 seen (send in flight)   %d (sent again with the same local id: one message)
                  sends retried after no answer                   %d
                """, kills, (System.nanoTime() - started) / 1e9, senders, accepted.size(), acknowledged.size(), lost,
                duplicated, reappeared.size(), unknown, sendRetries.get());
        boolean passed = lost == 0 && duplicated == 0 && reappeared.isEmpty();
        System.out.println(passed ? "PASSED" : "FAILED");
        return passed;
    }

    private boolean trackedAsAcknowledged(String messageId) throws IOException, InterruptedException {
        HttpResponse<String> tracking = http.send(request("X26ABC1", "/outbox/tracking?messageID=" + messageId).GET()
                .build(), HttpResponse.BodyHandlers.ofString());
        return tracking.statusCode() == 200 && tracking.body().contains("\"status\":\"Acknowledged\"");
    }

    private boolean allAcknowledged() {
        return accepted.values().stream().allMatch(acknowledged::contains);
    }

    private void send(String localId) {
        byte[] letter = ("letter " + localId + " ").repeat(200).getBytes(StandardCharsets.UTF_8);
        while (true) {
            try {
                HttpResponse<String> response = http.send(request("X26ABC1", "/outbox")
                        .header("mex-To", "X26ABC2").header("mex-WorkflowID", "CRASH_TRIAL").header("mex-LocalID", localId)
                        .POST(HttpRequest.BodyPublishers.ofByteArray(letter)).build(), HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 202) {
                    String id = MeshClient.sentId(response.body()).orElseThrow(() -> new IllegalStateException(
                            "a 202 without a message id: " + response.body()));
                    String previous = accepted.putIfAbsent(localId, id);
                    if (previous != null && !previous.equals(id)) {
                        throw new IllegalStateException("local id " + localId + " answered two message ids");
                    }
                    return;
                }
            } catch (IOException e) {
                // the server is down or went down mid-request: the same local id is sent again below
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            sendRetries.incrementAndGet();
            pause();
        }
    }

    private void receiveOnce() {
        try {
            HttpResponse<String> list = http.send(request("X26ABC2", "/inbox?max_results=500").GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            if (list.statusCode() != 200) {
                pause();
                return;
            }
            String body = list.body();
            for (String id : MeshClient.listed(body)) {
                if (acknowledged.contains(id)) {
                    reappeared.add(id);
                }
                HttpResponse<byte[]> download = http.send(request("X26ABC2", "/inbox/" + id).GET().build(),
                        HttpResponse.BodyHandlers.ofByteArray());
                if (download.statusCode() != 200) {
                    continue;
                }
                String localId = download.headers().firstValue("mex-LocalID").orElse("?");
                seen.computeIfAbsent(localId, key -> ConcurrentHashMap.newKeySet()).add(id);
                HttpResponse<String> ack = http.send(request("X26ABC2", "/inbox/" + id + "/status/acknowledged")
                        .PUT(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
                if (ack.statusCode() == 200) {
                    acknowledged.add(id);
                }
            }
            if (body.contains("[]")) {
                Thread.sleep(100);
            }
        } catch (IOException e) {
            pause();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private HttpRequest.Builder request(String mailbox, String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/messageexchange/" + mailbox + path))
                .timeout(Duration.ofSeconds(10)).header("Authorization", MeshClient.sign(mailbox, PASSWORD, KEY));
    }

    private void start() throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-jar", jar.toString(), "serve", "--demo", "--data-dir", dataDir.toString(), "--port",
                Integer.toString(port));
        builder.environment().put("OPENSPINE_MESH_SHARED_KEY", KEY);
        builder.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(
                dataDir.resolveSibling(dataDir.getFileName() + ".log").toFile()));
        for (int attempt = 0; attempt < 30; attempt++) {
            server = builder.start();
            long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
            while (server.isAlive() && System.nanoTime() < deadline) {
                try {
                    if (http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/readyz")).build(),
                            HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                        return;
                    }
                } catch (IOException notYet) {
                    // still starting
                }
                Thread.sleep(100);
            }
            server.destroyForcibly().waitFor(); // e.g. the killed server's database was still shutting down
            Thread.sleep(1000);
        }
        throw new IllegalStateException("the server did not become ready");
    }

    private static void pause() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
