package org.openspine.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class HttpConnectionTest {

    private static final byte[] LARGE = bytes(300_000);

    private HttpServer server;
    private ExecutorService executor;
    private final Set<Integer> clientPorts = ConcurrentHashMap.newKeySet();

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        executor = Executors.newFixedThreadPool(2);
        server.setExecutor(executor);
        server.createContext("/fixed", exchange -> respond(exchange, 200, LARGE, false));
        server.createContext("/chunked", exchange -> respond(exchange, 200, LARGE, true));
        server.createContext("/empty", exchange -> respond(exchange, 204, new byte[0], false));
        server.createContext("/echo", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            String described = exchange.getRequestMethod() + " " + exchange.getRequestURI() + " "
                    + exchange.getRequestHeaders().getFirst("Authorization") + " "
                    + exchange.getRequestHeaders().getFirst("Content-Length") + " "
                    + new String(body, StandardCharsets.UTF_8);
            respond(exchange, 201, described.getBytes(StandardCharsets.UTF_8), false);
        });
        server.createContext("/close", exchange -> {
            exchange.getResponseHeaders().set("Connection", "close");
            respond(exchange, 200, "bye".getBytes(StandardCharsets.UTF_8), false);
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
        executor.shutdownNow();
    }

    @Test
    void keeps_one_connection_alive_across_requests_and_reads_content_length_bodies() throws IOException {
        try (HttpConnection http = connection(server.getAddress().getPort())) {
            for (int i = 0; i < 3; i++) {
                HttpResponse response = http.send(get("/fixed"));
                assertThat(response.status()).isEqualTo(200);
                assertThat(response.header("Content-Length")).contains(Integer.toString(LARGE.length));
                assertThat(response.body()).isEqualTo(LARGE);
            }
            assertThat(http.connectionsOpened()).isEqualTo(1);
        }
        assertThat(clientPorts).hasSize(1);
    }

    @Test
    void decodes_chunked_bodies_and_keeps_the_connection() throws IOException {
        try (HttpConnection http = connection(server.getAddress().getPort())) {
            HttpResponse first = http.send(get("/chunked"));
            HttpResponse second = http.send(get("/chunked"));

            assertThat(first.header("transfer-encoding")).contains("chunked");
            assertThat(first.body()).isEqualTo(LARGE);
            assertThat(second.body()).isEqualTo(LARGE);
            assertThat(http.connectionsOpened()).isEqualTo(1);
        }
    }

    @Test
    void sends_the_body_with_its_length_and_the_extra_headers() throws IOException {
        try (HttpConnection http = connection(server.getAddress().getPort())) {
            HttpRequest post = new HttpRequest("POST", "/echo/Patient",
                    List.of(new HttpRequest.Header("Authorization", "Bearer t0ken")),
                    "{\"resourceType\":\"Patient\"}".getBytes(StandardCharsets.UTF_8));

            HttpResponse response = http.send(post);

            assertThat(response.status()).isEqualTo(201);
            assertThat(response.bodyText())
                    .isEqualTo("POST /echo/Patient Bearer t0ken 26 {\"resourceType\":\"Patient\"}");
        }
    }

    @Test
    void a_204_has_no_body_and_the_connection_stays_usable() throws IOException {
        try (HttpConnection http = connection(server.getAddress().getPort())) {
            assertThat(http.send(get("/empty")).body()).isEmpty();
            assertThat(http.send(get("/fixed")).body()).isEqualTo(LARGE);
            assertThat(http.connectionsOpened()).isEqualTo(1);
        }
    }

    @Test
    void reconnects_after_the_server_says_connection_close() throws IOException {
        try (HttpConnection http = connection(server.getAddress().getPort())) {
            assertThat(http.send(get("/close")).bodyText()).isEqualTo("bye");
            assertThat(http.send(get("/fixed")).body()).isEqualTo(LARGE);
            assertThat(http.connectionsOpened()).isEqualTo(2);
        }
    }

    @Test
    void reads_an_unframed_http_1_0_body_to_end_of_stream_then_reconnects() throws Exception {
        try (RawServer raw = new RawServer("HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\n\r\nuntil the end", true);
             HttpConnection http = connection(raw.port())) {
            assertThat(http.send(get("/")).bodyText()).isEqualTo("until the end");
            assertThat(http.send(get("/")).bodyText()).isEqualTo("until the end");
            assertThat(http.connectionsOpened()).isEqualTo(2);
        }
    }

    @Test
    void resends_once_on_a_new_connection_when_the_server_dropped_an_idle_one() throws Exception {
        // The raw server answers one request per connection but claims keep-alive, as a server whose idle
        // timeout fires between two requests would look to the client.
        try (RawServer raw = new RawServer("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok", true);
             HttpConnection http = connection(raw.port())) {
            assertThat(http.send(get("/")).bodyText()).isEqualTo("ok");
            Thread.sleep(100);
            assertThat(http.send(get("/")).bodyText()).isEqualTo("ok");
            assertThat(http.connectionsOpened()).isEqualTo(2);
        }
    }

    @Test
    void a_body_cut_short_is_an_error_and_the_next_request_reconnects() throws Exception {
        try (RawServer raw = new RawServer("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nshort", true);
             HttpConnection http = connection(raw.port())) {
            assertThatThrownBy(() -> http.send(get("/"))).isInstanceOf(IOException.class)
                    .hasMessageContaining("mid-body");
            assertThatThrownBy(() -> http.send(get("/"))).isInstanceOf(IOException.class);
            assertThat(http.connectionsOpened()).isEqualTo(2);
        }
    }

    @Test
    void an_unreachable_server_is_an_io_failure() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        try (HttpConnection http = connection(closedPort)) {
            assertThatThrownBy(() -> http.send(get("/"))).isInstanceOf(IOException.class);
        }
    }

    private HttpConnection connection(int port) {
        return new HttpConnection(new Endpoint(InetAddress.getLoopbackAddress().getHostAddress(), port, ""), 5_000);
    }

    private static HttpRequest get(String target) {
        return new HttpRequest("GET", target, List.of(), new byte[0]);
    }

    private void respond(HttpExchange exchange, int status, byte[] body, boolean chunked) throws IOException {
        clientPorts.add(exchange.getRemoteAddress().getPort());
        exchange.getRequestBody().readAllBytes();
        if (status == 204) {
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
            return;
        }
        exchange.sendResponseHeaders(status, chunked ? 0 : body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            for (int offset = 0; offset < body.length; offset += 7_000) {
                out.write(body, offset, Math.min(7_000, body.length - offset));
                out.flush();
            }
        }
    }

    private static byte[] bytes(int length) {
        byte[] bytes = new byte[length];
        for (int i = 0; i < length; i++) {
            bytes[i] = (byte) ('a' + i % 26);
        }
        return bytes;
    }

    /** Answers each request on a connection with a canned response, then (optionally) closes the connection. */
    private static final class RawServer implements AutoCloseable {
        private final ServerSocket socket;
        private final Thread thread;

        RawServer(String response, boolean closeAfter) throws IOException {
            socket = new ServerSocket(0, 10, InetAddress.getLoopbackAddress());
            thread = Thread.ofPlatform().daemon().start(() -> {
                while (!socket.isClosed()) {
                    try (Socket client = socket.accept()) {
                        readHead(client.getInputStream());
                        client.getOutputStream().write(response.getBytes(StandardCharsets.ISO_8859_1));
                        client.getOutputStream().flush();
                        if (!closeAfter) {
                            client.getInputStream().read();
                        }
                    } catch (IOException e) {
                        // The test closed the listening socket, or the client went away: either ends this round.
                    }
                }
            });
        }

        int port() {
            return socket.getLocalPort();
        }

        @Override
        public void close() throws Exception {
            socket.close();
            thread.join(2_000);
        }

        private static void readHead(InputStream in) throws IOException {
            int matched = 0;
            byte[] end = {'\r', '\n', '\r', '\n'};
            while (matched < 4) {
                int b = in.read();
                if (b == -1) {
                    throw new IOException("client closed");
                }
                matched = b == end[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
            }
        }
    }
}
