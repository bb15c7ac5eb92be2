package org.openspine.platform.http;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.openspine.platform.database.TestDatabase;

/**
 * A throwaway self-signed certificate for {@code localhost}, made by the running JDK's
 * {@code keytool} in a temporary directory at test time (no keystore is committed; the file goes
 * when the test JVM exits), and a client
 * {@link SSLContext} that trusts it.
 *
 * @param keystore the PKCS12 file
 * @param password its (test-only) password
 */
public record TestKeystore(Path keystore, String password) {

    /** Makes a keystore with an RSA key for {@code CN=localhost} (SAN localhost and 127.0.0.1), valid two days. */
    public static TestKeystore create() {
        try {
            Path dir = TestDatabase.freshDirectory("openspine-tls");
            Path file = dir.resolve("server.p12");
            dir.toFile().deleteOnExit(); // registered first, so deleted after the file
            file.toFile().deleteOnExit();
            String password = "test-" + Long.toHexString(System.nanoTime());
            Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
            Process process = new ProcessBuilder(List.of(keytool.toString(), "-genkeypair", "-alias", "openspine",
                    "-keyalg", "RSA", "-keysize", "2048", "-dname", "CN=localhost",
                    "-ext", "SAN=dns:localhost,ip:127.0.0.1", "-validity", "2", "-storetype", "PKCS12",
                    "-keystore", file.toString(), "-storepass", password, "-keypass", password))
                    .redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException("keytool failed: " + output);
            }
            return new TestKeystore(file, password);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while making a test keystore", e);
        }
    }

    /** @return the server setting for this keystore */
    public TlsConfig config() {
        return new TlsConfig(keystore, password);
    }

    /** @return a client context trusting this keystore's certificate only */
    public SSLContext clientContext() {
        try {
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(config().load());
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trust.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot trust the test keystore", e);
        }
    }

    /** @return the keystore with another password, for a password that does not open it */
    public TlsConfig withWrongPassword() {
        return new TlsConfig(keystore, password + "-wrong");
    }
}
