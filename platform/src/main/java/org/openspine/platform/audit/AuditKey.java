package org.openspine.platform.audit;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import javax.crypto.Mac;
import org.openspine.platform.database.Database;
import org.openspine.platform.secret.DataKey;

/**
 * The secret every audit row's MAC and every chain link is keyed with: a {@link DataKey} in
 * {@code <dataDir>/security/audit-key}, outside the database, so someone with only database access cannot
 * make a row or a link that verifies. Its fingerprint is kept in {@code audit_key}, which no one may
 * change: a node started with another key stops at start-up rather than write rows that could never be
 * verified. Every node sharing a database needs a copy of the same file.
 *
 * <p>Immutable and thread-safe; {@link #mac()} hands out a fresh {@link Mac} per use.
 */
public final class AuditKey {

    /** Where the key lives, relative to the data directory. */
    public static final String FILE = "security/audit-key";

    static final DataKey.Use USE = new DataKey.Use("audit key", FILE, "audit_key", "audit trail was written");

    private static final String ALGORITHM = "HmacSHA256";

    private final DataKey key;
    private final Mac prototype;

    private AuditKey(DataKey key) {
        this.key = key;
        try {
            prototype = Mac.getInstance(ALGORITHM);
            prototype.init(key.spec(ALGORITHM));
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
        return new AuditKey(DataKey.openOrCreate(dataDir, USE, database));
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
        return openOrCreate(dataDir, database);
    }

    /** A key from raw bytes, for tests; not checked against any database. */
    static AuditKey of(byte[] secret) {
        return new AuditKey(DataKey.of(USE, secret));
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
        return key.fingerprint();
    }
}
