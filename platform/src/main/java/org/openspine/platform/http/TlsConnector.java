package org.openspine.platform.http;

import java.security.KeyStore;
import org.eclipse.jetty.http.HttpVersion;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;

/**
 * The HTTPS listener: TLS 1.3 and 1.2 only, with the cipher suites left to Jetty's defaults, which
 * exclude the weak ones (no MD5 or SHA-1 MACs, no static-RSA key exchange, no NULL or anonymous
 * suites) on top of what the JDK itself disables. A client offering only TLS 1.1 or older, or only
 * excluded suites, fails the handshake. Plain HTTP on the same port fails too: nothing else listens.
 */
final class TlsConnector {

    private TlsConnector() {
    }

    /**
     * @param http     the plain-HTTP settings (customizers, header sizes) to serve HTTPS with
     * @param keyStore {@code tls}'s keystore, already loaded and checked ({@link TlsConfig#load()})
     */
    static ServerConnector create(Server server, HttpConfiguration http, HttpConfig config, TlsConfig tls,
            KeyStore keyStore) {
        SslContextFactory.Server ssl = new SslContextFactory.Server();
        ssl.setKeyStore(keyStore);
        ssl.setKeyStorePassword(tls.password());
        ssl.setIncludeProtocols("TLSv1.3", "TLSv1.2");
        // Renegotiation (TLS 1.2 only) has no use for an API and costs the server a handshake on demand.
        ssl.setRenegotiationAllowed(false);
        HttpConfiguration https = new HttpConfiguration(http);
        https.addCustomizer(new SecureRequestCustomizer());
        ServerConnector connector = new ServerConnector(server,
                new SslConnectionFactory(ssl, HttpVersion.HTTP_1_1.asString()), new HttpConnectionFactory(https));
        connector.setHost(config.host());
        connector.setPort(config.port());
        return connector;
    }
}
