package org.openspine.exchange.monitor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A tiny HTTP endpoint on the loopback interface that takes alert webhooks: it keeps each JSON body and its
 * Idempotency-Key, and answers with the status a test sets (to make deliveries fail).
 */
final class WebhookReceiver implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final List<JsonNode> bodies = new CopyOnWriteArrayList<>();
    private final List<String> keys = new CopyOnWriteArrayList<>();
    private volatile int status = 204;

    WebhookReceiver() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/alerts", exchange -> {
            try (InputStream body = exchange.getRequestBody()) {
                byte[] bytes = body.readAllBytes();
                if (status / 100 == 2) {
                    bodies.add(JSON.readTree(bytes));
                    keys.add(exchange.getRequestHeaders().getFirst("Idempotency-Key"));
                }
            }
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        server.start();
    }

    /** @return where to POST */
    URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/alerts");
    }

    /** Answers every request from now on with {@code status} (bodies are kept only for 2xx). */
    void answer(int status) {
        this.status = status;
    }

    /** @return the bodies taken, in order */
    List<JsonNode> bodies() {
        return List.copyOf(bodies);
    }

    /** @return the Idempotency-Key headers of the bodies taken */
    List<String> keys() {
        return List.copyOf(keys);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
