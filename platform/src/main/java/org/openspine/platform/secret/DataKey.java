package org.openspine.platform.secret;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.openspine.platform.database.Database;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A 256-bit secret key kept outside the database, in an {@link OwnerOnlyFile} of the data directory (base64),
 * so that someone with only the database (a dump, a backup, a replica) cannot use or make what it keys.
 *
 * <p>The database keeps the key's fingerprint (an HMAC of a fixed label, which reveals nothing of the key) in a
 * one-row table of its use. Opening checks it: a node started with another key (a second node given a fresh
 * data directory, a lost key regenerated) stops at start-up rather than write what the other nodes cannot read.
 * Every node sharing a database needs a copy of the same file, and a backup of the database is only whole with
 * the key files beside it.
 */
public final class DataKey {

    private static final Logger LOG = LoggerFactory.getLogger(DataKey.class);
    private static final int KEY_BYTES = 32;

    /**
     * What a key is for.
     *
     * @param name             names it in messages and in its fingerprint's label, e.g. {@code "audit key"}
     * @param file             where it lives, relative to the data directory, e.g. {@code security/audit-key}
     * @param fingerprintTable its one-row table: {@code (id smallint PRIMARY KEY CHECK (id = 1), fingerprint bytea,
     *                         created timestamptz)}; a constant of the code, never input
     * @param keyed            what the database holds under it, completing "this database's ...": e.g.
     *                         {@code "audit trail was written"}
     */
    public record Use(String name, String file, String fingerprintTable, String keyed) {
    }

    private final Use use;
    private final byte[] secret;

    private DataKey(Use use, byte[] secret) {
        this.use = use;
        this.secret = secret;
    }

    /**
     * The key of a node: read from the data directory, or created there on first start (when the database has
     * no fingerprint for this use yet), and checked against the database.
     *
     * @throws IllegalStateException when the file is readable by others, not a key, or not the key this
     *         database holds its data under (start-up stops; the message says what to do)
     */
    public static DataKey openOrCreate(Path dataDir, Use use, Database database) {
        Path file = dataDir.resolve(use.file());
        OwnerOnlyFile.Content content = OwnerOnlyFile.readOrCreate(file, "the " + use.name(), () -> {
            byte[] random = new byte[KEY_BYTES];
            new SecureRandom().nextBytes(random);
            return Base64.getEncoder().encodeToString(random) + "\n";
        });
        DataKey key = new DataKey(use, decode(content.text(), file, use));
        key.bind(file, database, content.created());
        if (content.created()) {
            LOG.info("created a new {} at {}; back it up, and give every node sharing this database a copy", use.name(), file);
        }
        return key;
    }

    /** A key from raw bytes, for tests; not checked against any database. */
    public static DataKey of(Use use, byte[] secret) {
        if (secret.length != KEY_BYTES) {
            throw new IllegalArgumentException("a data key is " + KEY_BYTES + " bytes");
        }
        return new DataKey(use, secret.clone());
    }

    /** @return the key, for the algorithm it keys, e.g. {@code "HmacSHA256"} or {@code "AES"} */
    public SecretKeySpec spec(String algorithm) {
        return new SecretKeySpec(secret, algorithm);
    }

    /** @return HMAC-SHA256(key, {@code "openspine <name> fingerprint v1"}): identifies the key without revealing it */
    public byte[] fingerprint() {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(spec("HmacSHA256"));
            return mac.doFinal(("openspine " + use.name() + " fingerprint v1").getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is not available in this JVM", e);
        }
    }

    private void bind(Path file, Database database, boolean created) {
        byte[] fingerprint = fingerprint();
        byte[] recorded = database.inTransaction(connection -> {
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO " + use.fingerprintTable()
                    + " (id, fingerprint, created) VALUES (1, ?, now()) ON CONFLICT (id) DO NOTHING")) {
                insert.setBytes(1, fingerprint);
                insert.executeUpdate();
            }
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT fingerprint FROM " + use.fingerprintTable() + " WHERE id = 1");
                 ResultSet row = select.executeQuery()) {
                row.next();
                return row.getBytes(1);
            }
        });
        if (MessageDigest.isEqual(fingerprint, recorded)) {
            return;
        }
        if (created) {
            OwnerOnlyFile.deleteQuietly(file); // a fresh key that can never be used would only mislead the next start
            throw new IllegalStateException("this database's " + use.keyed() + " with a key this node does not have: "
                    + "copy " + use.file() + " from the data directory of a node that has it to " + file);
        }
        throw new IllegalStateException("the " + use.name() + " at " + file + " is not the key this database's "
                + use.keyed() + " with; restore the right key file");
    }

    private static byte[] decode(String text, Path file, Use use) {
        try {
            byte[] secret = Base64.getDecoder().decode(text.strip());
            if (secret.length != KEY_BYTES) {
                throw new IllegalStateException("the " + use.name() + " " + file + " must hold " + KEY_BYTES + " bytes, base64");
            }
            return secret;
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("the " + use.name() + " " + file + " is not base64", e);
        }
    }
}
