package org.openspine.platform.audit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Base64;
import java.util.Set;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.openspine.platform.database.Database;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The secret every audit row's MAC and every chain link is keyed with. It lives outside the database,
 * in {@code <dataDir>/security/audit-key} (32 random bytes, base64, readable by the owner only), so
 * someone with only database access cannot make a row or a link that verifies.
 *
 * <p>The database keeps the key's fingerprint (an HMAC of a fixed label, which reveals nothing of the
 * key) in {@code audit_key}. Opening checks it: a node started with another key (a second node given a
 * fresh data directory, a lost key regenerated) stops at start-up rather than write rows that could
 * never be verified. Every node sharing a database needs a copy of the same file.
 *
 * <p>Immutable and thread-safe; {@link #mac()} hands out a fresh {@link Mac} per use.
 */
public final class AuditKey {

    /** Where the key lives, relative to the data directory. */
    public static final String FILE = "security/audit-key";

    private static final Logger LOG = LoggerFactory.getLogger(AuditKey.class);
    private static final String ALGORITHM = "HmacSHA256";
    private static final int KEY_BYTES = 32;
    private static final byte[] FINGERPRINT_LABEL = "openspine audit key fingerprint v1".getBytes(StandardCharsets.UTF_8);
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    private final Mac prototype;

    private AuditKey(byte[] secret) {
        try {
            prototype = Mac.getInstance(ALGORITHM);
            prototype.init(new SecretKeySpec(secret, ALGORITHM));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is not available in this JVM", e);
        }
    }

    /**
     * The key of a server: read from the data directory, or created there on first start (when the
     * database has no audit trail keyed otherwise), and checked against the database.
     *
     * @throws IllegalStateException when the file is readable by others, unreadable, or not the key this
     *         database's trail was written with (start-up stops; the message says what to do)
     */
    public static AuditKey openOrCreate(Path dataDir, Database database) {
        Path file = dataDir.resolve(FILE);
        if (Files.exists(file)) {
            return bound(read(file), file, database, false);
        }
        return bound(create(file), file, database, true);
    }

    /**
     * The key of an existing trail, for verification: never created.
     *
     * @throws IllegalStateException when there is no key file, or it is not this database's key
     */
    public static AuditKey open(Path dataDir, Database database) {
        Path file = dataDir.resolve(FILE);
        if (!Files.exists(file)) {
            throw new IllegalStateException("no audit key at " + file + "; use the --data-dir of the server that wrote the trail");
        }
        return bound(read(file), file, database, false);
    }

    /** A key from raw bytes, for tests; not checked against any database. */
    static AuditKey of(byte[] secret) {
        return new AuditKey(secret.clone());
    }

    /** @return a fresh, initialised HMAC-SHA256; not shared, so not synchronised */
    Mac mac() {
        try {
            return (Mac) prototype.clone();
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException("the JVM's HMAC-SHA256 cannot be cloned", e);
        }
    }

    /** @return HMAC(key, fixed label): identifies the key without revealing it */
    byte[] fingerprint() {
        return mac().doFinal(FINGERPRINT_LABEL);
    }

    private static AuditKey bound(AuditKey key, Path file, Database database, boolean created) {
        byte[] fingerprint = key.fingerprint();
        byte[] recorded = database.inTransaction(connection -> {
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO audit_key (id, fingerprint, created) VALUES (1, ?, now()) ON CONFLICT (id) DO NOTHING")) {
                insert.setBytes(1, fingerprint);
                insert.executeUpdate();
            }
            try (PreparedStatement select = connection.prepareStatement("SELECT fingerprint FROM audit_key WHERE id = 1");
                 ResultSet row = select.executeQuery()) {
                row.next();
                return row.getBytes(1);
            }
        });
        if (MessageDigest.isEqual(fingerprint, recorded)) {
            return key;
        }
        if (created) {
            deleteQuietly(file); // a fresh key that can never be used would only mislead the next start
            throw new IllegalStateException("this database's audit trail was written with a key this node does not have: "
                    + "copy " + FILE + " from the data directory of a node that has it to " + file);
        }
        throw new IllegalStateException("the audit key at " + file + " is not the key this database's audit trail was "
                + "written with; restore the right key file");
    }

    private static AuditKey read(Path file) {
        try {
            PosixFileAttributeView posix = Files.getFileAttributeView(file, PosixFileAttributeView.class);
            if (posix != null && !OWNER_ONLY.containsAll(posix.readAttributes().permissions())) {
                throw new IllegalStateException("the audit key " + file + " is readable by other users; "
                        + "make it owner-only (chmod 600) and consider it exposed");
            }
            byte[] secret = Base64.getDecoder().decode(Files.readString(file, StandardCharsets.US_ASCII).strip());
            if (secret.length != KEY_BYTES) {
                throw new IllegalStateException("the audit key " + file + " must hold " + KEY_BYTES + " bytes, base64");
            }
            return new AuditKey(secret);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("the audit key " + file + " is not base64", e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the audit key " + file, e);
        }
    }

    /**
     * Writes a new random key: to a temporary file, flushed to disk, then linked into place, which
     * fails rather than replace a key another process put there first. A crash leaves either no key
     * file or a whole one.
     */
    private static AuditKey create(Path file) {
        byte[] secret = new byte[KEY_BYTES];
        new SecureRandom().nextBytes(secret);
        Path directory = file.getParent();
        boolean posix = directory.getFileSystem().supportedFileAttributeViews().contains("posix");
        Path temporary = null;
        try {
            if (posix) {
                Files.createDirectories(directory, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
                temporary = Files.createTempFile(directory, "audit-key", ".new", PosixFilePermissions.asFileAttribute(OWNER_ONLY));
            } else {
                Files.createDirectories(directory);
                temporary = Files.createTempFile(directory, "audit-key", ".new");
            }
            try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE)) {
                channel.write(ByteBuffer.wrap((Base64.getEncoder().encodeToString(secret) + "\n").getBytes(StandardCharsets.US_ASCII)));
                channel.force(true);
            }
            try {
                Files.createLink(file, temporary);
            } catch (FileAlreadyExistsException e) {
                return read(file); // another process created it first
            }
            LOG.info("created a new audit key at {}; back it up, and give every node sharing this database a copy", file);
            return new AuditKey(secret);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the audit key " + file, e);
        } finally {
            if (temporary != null) {
                deleteQuietly(temporary);
            }
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            LOG.warn("cannot remove {}", file, e);
        }
    }
}
