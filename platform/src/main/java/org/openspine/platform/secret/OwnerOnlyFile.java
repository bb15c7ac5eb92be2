package org.openspine.platform.secret;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A secret kept in the data directory (a key, a client secret): created once, readable and writable by
 * its owner only (its directory likewise), and read again on every later start.
 *
 * <p>A new file is written whole under a temporary name, flushed to disk, then linked into place; linking
 * fails rather than replace a file another process put there first, whose content is then used. A crash
 * leaves either no file or a whole one. A file that other users can read is refused: its secret may be
 * known to them.
 */
public final class OwnerOnlyFile {

    private static final Logger LOG = LoggerFactory.getLogger(OwnerOnlyFile.class);
    private static final Set<PosixFilePermission> OWNER_FILE = PosixFilePermissions.fromString("rw-------");
    private static final Set<PosixFilePermission> OWNER_DIRECTORY = PosixFilePermissions.fromString("rwx------");

    private OwnerOnlyFile() {
    }

    /**
     * What the file holds.
     *
     * @param text    its content
     * @param created whether this call created it
     */
    public record Content(String text, boolean created) {
    }

    /**
     * @param what   names the secret in messages, e.g. {@code "the audit key"}
     * @param create makes the content when the file does not exist yet
     * @return the file's content, created first if missing
     * @throws IllegalStateException when the file is readable by other users
     * @throws UncheckedIOException naming the file when it cannot be read or written
     */
    public static Content readOrCreate(Path file, String what, Supplier<String> create) {
        try {
            if (Files.exists(file)) {
                return new Content(read(file, what), false);
            }
            Path directory = file.toAbsolutePath().getParent();
            boolean posix = directory.getFileSystem().supportedFileAttributeViews().contains("posix");
            if (!Files.isDirectory(directory)) {
                Files.createDirectories(directory, attributes(posix, OWNER_DIRECTORY));
            }
            String content = create.get();
            Path temporary = Files.createTempFile(directory, file.getFileName().toString(), ".new",
                    attributes(posix, OWNER_FILE));
            try {
                try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE)) {
                    channel.write(ByteBuffer.wrap(content.getBytes(StandardCharsets.UTF_8)));
                    channel.force(true);
                }
                Files.createLink(file, temporary);
                return new Content(content, true);
            } catch (FileAlreadyExistsException e) {
                return new Content(read(file, what), false); // another process created it first
            } finally {
                deleteQuietly(temporary);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create " + file, e);
        }
    }

    /**
     * Removes a file this node has just created and found it cannot use, so that it does not mislead the
     * next start; failing to is logged, not thrown.
     */
    public static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            LOG.warn("cannot remove {}", file, e);
        }
    }

    private static String read(Path file, String what) throws IOException {
        PosixFileAttributeView posix = Files.getFileAttributeView(file, PosixFileAttributeView.class);
        if (posix != null && !OWNER_FILE.containsAll(posix.readAttributes().permissions())) {
            throw new IllegalStateException(what + " " + file + " is readable by other users; "
                    + "make it owner-only (chmod 600) and consider it exposed");
        }
        return Files.readString(file, StandardCharsets.UTF_8);
    }

    private static FileAttribute<?>[] attributes(boolean posix, Set<PosixFilePermission> permissions) {
        return posix ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(permissions)} : new FileAttribute<?>[0];
    }
}
