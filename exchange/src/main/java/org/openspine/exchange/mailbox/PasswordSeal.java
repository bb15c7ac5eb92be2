package org.openspine.exchange.mailbox;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.openspine.platform.database.Database;
import org.openspine.platform.secret.DataKey;

/**
 * Seals mailbox passwords for storage, so that the database alone (a dump, a backup, a replica) does not give
 * them away. NHSMESH signs each request with the password itself, so the server must be able to recover it and a
 * one-way hash cannot serve; the password is encrypted instead, with AES-256-GCM under the mailbox key, a
 * {@link DataKey} in {@code <dataDir>/security/mailbox-key}. The mailbox's id is the associated data: a sealed
 * password copied into another mailbox's row does not open there.
 *
 * <p>Stored form: {@code sealed:v1:} and the base64 of a random 12-byte nonce, the ciphertext and the 16-byte tag.
 * Immutable and thread-safe.
 */
public final class PasswordSeal {

    /** The mailbox key: its file, and the table that keeps its fingerprint. */
    public static final DataKey.Use USE = new DataKey.Use("mailbox key", "security/mailbox-key", "mesh_mailbox_key",
            "mailbox passwords were sealed");

    static final String PREFIX = "sealed:v1:";
    private static final String TRANSFORMATION = "AES/GCM/NoPadding";
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;

    private final SecretKeySpec key;
    private final SecureRandom random = new SecureRandom();

    private PasswordSeal(DataKey key) {
        this.key = key.spec("AES");
    }

    /**
     * The seal of a server: its key read from the data directory, or created there on first start, and checked
     * against the database.
     *
     * @throws IllegalStateException when the key cannot be used with this database (see {@link DataKey})
     */
    public static PasswordSeal openOrCreate(Path dataDir, Database database) {
        return new PasswordSeal(DataKey.openOrCreate(dataDir, USE, database));
    }

    /** @return a seal with a key of its own, for tests and scratch databases that no other process reads */
    public static PasswordSeal ephemeral() {
        byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        return new PasswordSeal(DataKey.of(USE, secret));
    }

    /** @return the password as stored for this mailbox */
    public String seal(String mailboxId, String password) {
        byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);
        try {
            byte[] sealed = cipher(Cipher.ENCRYPT_MODE, mailboxId, nonce).doFinal(password.getBytes(StandardCharsets.UTF_8));
            return PREFIX + Base64.getEncoder().encodeToString(ByteBuffer.allocate(NONCE_BYTES + sealed.length)
                    .put(nonce).put(sealed).array());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available in this JVM", e);
        }
    }

    /**
     * @return the password, when {@code stored} was sealed for this mailbox under this key; empty when it was not
     *         (sealed with another key, for another mailbox, changed, or never sealed)
     */
    public Optional<String> open(String mailboxId, String stored) {
        if (!isSealed(stored)) {
            return Optional.empty();
        }
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(stored.substring(PREFIX.length()));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        if (bytes.length < NONCE_BYTES + TAG_BITS / 8) {
            return Optional.empty();
        }
        try {
            byte[] nonce = Arrays.copyOf(bytes, NONCE_BYTES);
            byte[] password = cipher(Cipher.DECRYPT_MODE, mailboxId, nonce).doFinal(bytes, NONCE_BYTES,
                    bytes.length - NONCE_BYTES);
            return Optional.of(new String(password, StandardCharsets.UTF_8));
        } catch (AEADBadTagException e) {
            return Optional.empty();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available in this JVM", e);
        }
    }

    /** @return whether a stored password is in the sealed form (not whether it opens) */
    static boolean isSealed(String stored) {
        return stored.startsWith(PREFIX);
    }

    private Cipher cipher(int mode, String mailboxId, byte[] nonce) throws GeneralSecurityException {
        Cipher cipher = Cipher.getInstance(TRANSFORMATION);
        cipher.init(mode, key, new GCMParameterSpec(TAG_BITS, nonce));
        cipher.updateAAD(mailboxId.getBytes(StandardCharsets.UTF_8));
        return cipher;
    }
}
