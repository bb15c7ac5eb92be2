package org.openspine.platform.database;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real PostgreSQL server (binaries from Maven Central) run from a data directory that outlives the
 * process. If a previous OpenSpine process was killed, its PostgreSQL server is still running on
 * that directory; it is stopped first, so a restart after a crash just works.
 *
 * <p>The directory is guarded by an OS file lock ({@code openspine.lock}) held for the life of the
 * process and released by the OS even on SIGKILL: holding it proves that any PostgreSQL still
 * running there is an orphan, and failing to get it means another OpenSpine is using the directory.
 */
final class EmbeddedServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedServer.class);

    private final EmbeddedPostgres postgres;
    private final FileChannel lockChannel;

    private EmbeddedServer(EmbeddedPostgres postgres, FileChannel lockChannel) {
        this.postgres = postgres;
        this.lockChannel = lockChannel;
    }

    static EmbeddedServer start(Path dataDir) {
        Path pgDir = dataDir.resolve("postgres");
        FileChannel lockChannel = null;
        try {
            Files.createDirectories(dataDir);
            lockChannel = FileChannel.open(dataDir.resolve("openspine.lock"), StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE);
            if (!lock(lockChannel)) {
                throw new IllegalStateException("data directory " + dataDir
                        + " is in use by another running OpenSpine; stop it or choose another --data-dir");
            }
            stopOrphan(pgDir);
            EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                    .setDataDirectory(pgDir)
                    .setCleanDataDirectory(false)
                    .setPGStartupWait(Duration.ofSeconds(60))
                    // Durability over speed: an acknowledged write must survive a crash of either process.
                    .setServerConfig("synchronous_commit", "on")
                    .setServerConfig("fsync", "on")
                    .setServerConfig("max_connections", "200")
                    .setServerConfig("shared_buffers", "256MB")
                    .setServerConfig("listen_addresses", "127.0.0.1")
                    .start();
            return new EmbeddedServer(postgres, lockChannel);
        } catch (IOException | RuntimeException e) {
            closeQuietly(lockChannel);
            if (e instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new UncheckedIOException("embedded PostgreSQL failed to start in " + pgDir, (IOException) e);
        }
    }

    String jdbcUrl() {
        return postgres.getJdbcUrl("postgres", "postgres");
    }

    @Override
    public void close() {
        try {
            postgres.close();
        } catch (IOException e) {
            LOG.warn("embedded PostgreSQL did not stop cleanly", e);
        } finally {
            closeQuietly(lockChannel);
        }
    }

    /** @return whether this process now holds the directory lock (false: another process or this one does) */
    private static boolean lock(FileChannel channel) throws IOException {
        try {
            return channel.tryLock() != null;
        } catch (java.nio.channels.OverlappingFileLockException e) {
            return false; // held by this same process, through another Database
        }
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel != null) {
            try {
                channel.close(); // releases the lock
            } catch (IOException e) {
                LOG.warn("cannot release the data directory lock", e);
            }
        }
    }

    /** A postmaster whose parent JVM died keeps the directory locked; ask it to shut down (SIGTERM). */
    private static void stopOrphan(Path pgDir) throws IOException {
        Path pidFile = pgDir.resolve("postmaster.pid");
        if (!Files.exists(pidFile)) {
            return;
        }
        List<String> lines = Files.readAllLines(pidFile);
        if (lines.isEmpty()) {
            return;
        }
        long pid;
        try {
            pid = Long.parseLong(lines.get(0).trim());
        } catch (NumberFormatException e) {
            return; // not a pid: PostgreSQL itself will treat the lock file as stale
        }
        Optional<ProcessHandle> process = ProcessHandle.of(pid);
        if (process.isEmpty() || !process.get().info().command().map(c -> c.contains("postgres")).orElse(false)) {
            return;
        }
        LOG.warn("embedded PostgreSQL (pid {}) from an earlier run still holds {}; stopping it", pid, pgDir);
        process.get().destroy();
        try {
            process.get().onExit().get(30, java.util.concurrent.TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while stopping orphaned PostgreSQL " + pid, e);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            process.get().destroyForcibly();
        }
    }
}
