package org.openspine.platform.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openspine.platform.audit.RecordedEvents;
import org.openspine.platform.database.TestDatabase;
import org.openspine.platform.security.token.TestTokens;

class TlsIT {

    private static final int TLS_1_1 = 0x0302;
    private static final int TLS_1_2 = 0x0303;
    private static final int ECDHE_RSA_AES_128_GCM_SHA256 = 0xC02F;
    private static final int ECDHE_RSA_AES_128_CBC_SHA = 0xC013;
    private static final int RSA_AES_128_GCM_SHA256 = 0x009C;
    private static final int RSA_AES_128_CBC_SHA = 0x002F;
    private static final int HANDSHAKE = 0x16;

    private static TestKeystore keystore;
    private static HttpServer server;

    @BeforeAll
    static void start() {
        keystore = TestKeystore.create();
        server = HttpServer.start(tlsConfig(keystore.config()), TestTokens.authentication(), new RecordedEvents(), TestRoutes.all());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void aClientTrustingTheCertificateIsServedOverHttpsWithStrictTransportSecurity() {
        TestHttp.Response response = new TestHttp("https://localhost:" + server.port(), keystore.clientContext())
                .get("/ping");

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.text()).isEqualTo("{\"pong\":true}");
        assertThat(response.header("Strict-Transport-Security")).isEqualTo("max-age=31536000");
        SecurityHeadersIT.assertSecurityHeaders(response);
    }

    @Test
    void errorsOverHttpsCarryStrictTransportSecurityToo() {
        TestHttp.Response response = new TestHttp("https://localhost:" + server.port(), keystore.clientContext())
                .as(TestTokens.bearer(TestTokens.integrator())).get("/nowhere");

        assertThat(response.status()).isEqualTo(404);
        assertThat(response.header("Strict-Transport-Security")).isEqualTo("max-age=31536000");
    }

    @Test
    void tls12IsAccepted() throws IOException {
        try (SSLSocket socket = (SSLSocket) keystore.clientContext().getSocketFactory()
                .createSocket("localhost", server.port())) {
            socket.setEnabledProtocols(new String[] {"TLSv1.2"});
            socket.startHandshake();

            assertThat(socket.getSession().getProtocol()).isEqualTo("TLSv1.2");
        }
    }

    @Test
    void plainHttpOnTheTlsPortGetsNoAnswer() {
        TestHttp plain = new TestHttp("http://localhost:" + server.port());

        assertThatThrownBy(() -> plain.get("/ping")).isInstanceOf(UncheckedIOException.class);
    }

    // The JDK client will not offer TLS 1.1 or these weak suites itself, so these hellos are written by
    // hand: what is tested is the server's refusal, not the client's.

    @Test
    void aHelloOfferingOnlyTls11IsRefused() throws IOException {
        assertThat(firstRecordType(clientHello(TLS_1_1, ECDHE_RSA_AES_128_CBC_SHA, RSA_AES_128_CBC_SHA)))
                .isNotEqualTo(HANDSHAKE);
    }

    @Test
    void aTls12HelloOfferingOnlyWeakSuitesIsRefusedAndOneWithAStrongSuiteIsAnswered() throws IOException {
        assertThat(firstRecordType(clientHello(TLS_1_2, ECDHE_RSA_AES_128_CBC_SHA, RSA_AES_128_GCM_SHA256,
                RSA_AES_128_CBC_SHA))).isNotEqualTo(HANDSHAKE);
        assertThat(firstRecordType(clientHello(TLS_1_2, ECDHE_RSA_AES_128_GCM_SHA256))).isEqualTo(HANDSHAKE);
    }

    @Test
    void aKeystoreThatCannotBeUsedStopsStartUpSayingWhy() throws IOException {
        Path text = Files.writeString(TestDatabase.freshDirectory("openspine-tls").resolve("not-a-keystore.p12"), "not a keystore");

        assertThatThrownBy(() -> HttpServer.start(tlsConfig(keystore.withWrongPassword()), TestTokens.authentication(), new RecordedEvents(), TestRoutes.all()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("TLS keystore " + keystore.keystore() + ": the password does not open it");
        assertThatThrownBy(() -> HttpServer.start(tlsConfig(new TlsConfig(Path.of("/nonexistent/server.p12"), "x")),
                TestTokens.authentication(), new RecordedEvents(), TestRoutes.all())).hasMessage("TLS keystore /nonexistent/server.p12 does not exist");
        assertThatThrownBy(() -> HttpServer.start(tlsConfig(new TlsConfig(text, "x")), TestTokens.authentication(), new RecordedEvents(), TestRoutes.all()))
                .hasMessageStartingWith("TLS keystore " + text + ": it is not a readable PKCS12 file");
    }

    private static HttpConfig tlsConfig(TlsConfig tls) {
        return new HttpConfig("127.0.0.1", 0, 1024 * 1024, Optional.of(tls), List.of(), Optional.empty());
    }

    /** @return the content type of the server's first TLS record (22 handshake, 21 alert), or -1 when it just closes */
    private static int firstRecordType(byte[] hello) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", server.port()), 5_000);
            socket.setSoTimeout(5_000);
            socket.getOutputStream().write(hello);
            socket.getOutputStream().flush();
            InputStream in = socket.getInputStream();
            return in.read();
        }
    }

    /** A minimal ClientHello: the version and suites given, and the extensions an ECDHE-RSA handshake needs. */
    private static byte[] clientHello(int version, int... suites) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        u16(body, version);
        body.writeBytes(new byte[32]); // random
        body.write(0); // no session id
        u16(body, suites.length * 2);
        for (int suite : suites) {
            u16(body, suite);
        }
        body.write(1); // one compression method: none
        body.write(0);
        ByteArrayOutputStream extensions = new ByteArrayOutputStream();
        extension(extensions, 0x000a, 0x0004, 0x0017, 0x001d); // supported groups: secp256r1, x25519
        u16(extensions, 0x000b); // EC point formats: uncompressed
        u16(extensions, 2);
        extensions.write(1);
        extensions.write(0);
        extension(extensions, 0x000d, 0x0006, 0x0804, 0x0401, 0x0403); // signature algorithms
        u16(body, extensions.size());
        body.writeBytes(extensions.toByteArray());

        ByteArrayOutputStream record = new ByteArrayOutputStream();
        record.write(HANDSHAKE);
        u16(record, 0x0301);
        u16(record, body.size() + 4);
        record.write(1); // ClientHello
        record.write(0);
        u16(record, body.size());
        record.writeBytes(body.toByteArray());
        return record.toByteArray();
    }

    private static void extension(ByteArrayOutputStream out, int type, int... values) {
        u16(out, type);
        u16(out, values.length * 2);
        for (int value : values) {
            u16(out, value);
        }
    }

    private static void u16(ByteArrayOutputStream out, int value) {
        out.write(value >>> 8);
        out.write(value & 0xff);
    }
}
