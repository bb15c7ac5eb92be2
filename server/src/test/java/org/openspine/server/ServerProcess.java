package org.openspine.server;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.channels.Channels;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * OpenSpine running as a separate operating-system process (the real {@code main}), so tests can
 * kill it with SIGKILL and start it again on the same data directory.
 */
final class ServerProcess implements AutoCloseable {

    /** The line {@code Main} logs once ready, naming the port it bound. */
    private static final Pattern READY = Pattern.compile("ready in \\d+ ms: FHIR API https?://localhost:(\\d+)/fhir/R4");

    private final Process process;
    private int port;

    private ServerProcess(Process process) {
        this.process = process;
    }

    /**
     * Starts {@code serve} on a port the server picks (a port found free here could be taken before the child
     * binds it), and waits until its log says it is ready on that port and {@code /readyz} answers 200.
     */
    static ServerProcess start(Path dataDir, Path log, String... extra) throws IOException, InterruptedException {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new ArrayList<>(List.of(java, "-Xmx512m", "-cp", System.getProperty("java.class.path"),
                Main.class.getName(), "serve", "--port", "0", "--host", "127.0.0.1", "--data-dir", dataDir.toString()));
        command.addAll(List.of(extra));
        long logStart = Files.exists(log) ? Files.size(log) : 0; // the log may hold earlier runs on this directory
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        ServerProcess server = new ServerProcess(process);
        server.awaitReady(Duration.ofSeconds(90), log, logStart);
        return server;
    }

    String base() {
        return "http://127.0.0.1:" + port;
    }

    /** SIGKILL: no shutdown hook runs, nothing is flushed by the JVM. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    /** SIGTERM, then waits: @return whether the process exited by itself within the timeout */
    boolean terminate(java.time.Duration timeout) throws InterruptedException {
        process.destroy();
        return process.waitFor(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy(); // SIGTERM: the clean shutdown path
        if (!process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }

    private void awaitReady(Duration timeout, Path log, long logStart) throws InterruptedException {
        HttpClient client = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("server exited with " + process.exitValue() + "; its log ends:\n" + tail(log));
            }
            if (port == 0) {
                port = boundPort(log, logStart);
                if (port == 0) {
                    Thread.sleep(100);
                    continue;
                }
            }
            try {
                HttpResponse<Void> response = client.send(HttpRequest.newBuilder(URI.create(base() + "/readyz")).build(),
                        HttpResponse.BodyHandlers.discarding());
                if (response.statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(100);
        }
        process.destroyForcibly();
        throw new IllegalStateException("server not ready within " + timeout + "; its log ends:\n" + tail(log));
    }

    /** @return the log's last lines: the log itself goes with its temporary directory when the tests end */
    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException | UncheckedIOException e) {
            return "(" + log + " unreadable: " + e.getMessage() + ")";
        }
    }

    /** @return the port the ready line written since {@code logStart} names; 0 before it is written */
    private static int boundPort(Path log, long logStart) {
        try (SeekableByteChannel channel = Files.newByteChannel(log)) {
            channel.position(logStart);
            String written = new String(Channels.newInputStream(channel).readAllBytes(), StandardCharsets.UTF_8);
            Matcher ready = READY.matcher(written);
            return ready.find() ? Integer.parseInt(ready.group(1)) : 0;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + log, e);
        }
    }
}
