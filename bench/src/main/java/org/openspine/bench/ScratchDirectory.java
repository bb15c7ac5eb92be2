package org.openspine.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * A temporary directory for an in-process harness's database, deleted with everything in it on {@link #close}:
 * a run leaves gigabytes of database behind, and on a shared machine that fills the disk.
 *
 * @param path the directory
 */
record ScratchDirectory(Path path) implements AutoCloseable {

    /** @return a new empty directory whose name starts with {@code prefix} */
    static ScratchDirectory create(String prefix) {
        try {
            return new ScratchDirectory(Files.createTempDirectory(prefix));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        try (Stream<Path> paths = Files.walk(path)) {
            for (Path each : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(each);
            }
        } catch (IOException e) {
            System.err.println("could not delete " + path + ": " + e.getMessage());
        }
    }
}
