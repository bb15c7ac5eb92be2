package org.openspine.platform.audit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.Optional;

/**
 * The newest seal this node knows the trail reached, kept outside the database in
 * {@code <dataDir>/security/audit-anchor}. The chain's MACs show any change within the trail, but not its end
 * cut off: someone able to bypass the database's own guards could delete the newest seals and their rows and put
 * back an older head row, and the shorter chain would verify. The anchor is where the trail reached; a trail that
 * ends before it lost events (removed, or the database restored from an earlier backup), and
 * {@link AuditVerifier} says so.
 *
 * <p>Written after each sealing run that sealed something (at most once a second; the sealer's own thread), whole
 * under a temporary name, flushed, then moved into place: a crash leaves the previous anchor or the new one. One
 * line: {@code v1 <seal number> <seal MAC, base64>}. Each node keeps its own; a node that never sealed has none.
 */
final class AuditAnchor {

    /** Where the anchor lives, relative to the data directory. */
    static final String FILE = "security/audit-anchor";

    private final Path file;

    private AuditAnchor(Path file) {
        this.file = file;
    }

    /** @return the anchor of the node whose data directory this is */
    static AuditAnchor in(Path dataDir) {
        return new AuditAnchor(dataDir.resolve(FILE));
    }

    /** A seal, as anchored. */
    record Anchored(long seal, byte[] mac) {
    }

    /** Records that the trail reached {@code seal}, in place of what was recorded. */
    synchronized void reached(long seal, byte[] mac) {
        byte[] line = ("v1 " + seal + " " + Base64.getEncoder().encodeToString(mac) + "\n").getBytes(StandardCharsets.US_ASCII);
        Path directory = file.getParent();
        try {
            Files.createDirectories(directory);
            FileAttribute<?>[] ownerOnly = directory.getFileSystem().supportedFileAttributeViews().contains("posix")
                    ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))}
                    : new FileAttribute<?>[0];
            Path temporary = Files.createTempFile(directory, "audit-anchor", ".new", ownerOnly);
            try {
                try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE)) {
                    channel.write(ByteBuffer.wrap(line));
                    channel.force(true);
                }
                Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } finally {
                Files.deleteIfExists(temporary);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the audit anchor " + file, e);
        }
    }

    /**
     * @return the anchored seal; empty when this node never anchored one
     * @throws IllegalStateException when the file is not an anchor (the message names it)
     */
    Optional<Anchored> read() {
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        try {
            String[] fields = Files.readString(file, StandardCharsets.US_ASCII).strip().split(" ");
            if (fields.length != 3 || !"v1".equals(fields[0])) {
                throw new IllegalStateException("the audit anchor " + file + " is not 'v1 <seal> <mac>'");
            }
            return Optional.of(new Anchored(Long.parseLong(fields[1]), Base64.getDecoder().decode(fields[2])));
        } catch (IllegalArgumentException e) { // NumberFormatException too
            throw new IllegalStateException("the audit anchor " + file + " is not 'v1 <seal> <mac>'", e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the audit anchor " + file, e);
        }
    }
}
