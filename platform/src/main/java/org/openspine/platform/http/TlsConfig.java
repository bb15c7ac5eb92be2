package org.openspine.platform.http;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.UnrecoverableKeyException;
import java.util.Collections;
import java.util.Objects;

/**
 * The certificate and private key HTTPS is served with: a PKCS12 keystore file and its password.
 * The password comes from the environment or a file outside the repository, never the command
 * line (where {@code ps} would show it); {@link #toString()} masks it.
 *
 * @param keystore a PKCS12 file holding at least one private key with its certificate chain
 * @param password opens both the keystore and its key (as {@code keytool} and {@code openssl pkcs12} make them)
 */
public record TlsConfig(Path keystore, String password) {

    public TlsConfig {
        Objects.requireNonNull(keystore, "keystore");
        if (password == null || password.isEmpty()) {
            throw new IllegalArgumentException("TLS keystore " + keystore + " needs a password");
        }
    }

    /**
     * Reads the keystore and checks that the password opens it and that it holds a key to serve with.
     * Cheap enough to call once at configuration time and again at start.
     *
     * @return the loaded keystore
     * @throws IllegalArgumentException saying what is wrong (missing file, not PKCS12, wrong
     *         password, no private key); never containing the password
     */
    public KeyStore load() {
        KeyStore store;
        try (InputStream in = Files.newInputStream(keystore)) {
            store = KeyStore.getInstance("PKCS12");
            store.load(in, password.toCharArray());
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("TLS keystore " + keystore + " does not exist", e);
        } catch (IOException e) {
            // PKCS12 reports a wrong password as an IOException caused by UnrecoverableKeyException.
            String why = e.getCause() instanceof UnrecoverableKeyException
                    ? "the password does not open it" : "it is not a readable PKCS12 file (" + e.getMessage() + ")";
            throw new IllegalArgumentException("TLS keystore " + keystore + ": " + why, e);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("TLS keystore " + keystore + " cannot be loaded: " + e.getMessage(), e);
        }
        try {
            for (String alias : Collections.list(store.aliases())) {
                if (store.isKeyEntry(alias)) {
                    store.getKey(alias, password.toCharArray()); // the key must open with the same password
                    return store;
                }
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("TLS keystore " + keystore + ": the password does not open its key", e);
        }
        throw new IllegalArgumentException("TLS keystore " + keystore + " holds no private key to serve HTTPS with");
    }

    @Override
    public String toString() {
        return "TlsConfig[keystore=" + keystore + ", password=***]";
    }
}
