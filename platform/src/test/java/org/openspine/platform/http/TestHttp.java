package org.openspine.platform.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLContext;

/**
 * A small HTTP client for tests over real sockets: build a request with {@link #request}, add
 * headers, send, and read status, headers and body (as text or JSON).
 */
public final class TestHttp {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient client;
    private final String base;
    private final String authorization;

    /** @param base e.g. {@code http://localhost:12345} */
    public TestHttp(String base) {
        this(base, HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build(), null);
    }

    /**
     * @param base e.g. {@code https://localhost:12345}
     * @param tls  the client side of HTTPS, e.g. trusting a test certificate
     */
    public TestHttp(String base, SSLContext tls) {
        this(base, HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).sslContext(tls).build(), null);
    }

    private TestHttp(String base, HttpClient client, String authorization) {
        this.base = base;
        this.client = client;
        this.authorization = authorization;
    }

    /**
     * @param authorization an {@code Authorization} header value (e.g. {@code Bearer ...}) sent with
     *                      every request unless the request sets its own; null for none
     * @return a client for the same base, sharing its connections, that sends it
     */
    public TestHttp as(String authorization) {
        return new TestHttp(base, client, authorization);
    }

    /** @return the base URL */
    public String base() {
        return base;
    }

    /** Starts a request; {@code path} is appended to the base unless it is absolute. */
    public Call request(String method, String path) {
        return new Call(method, path.startsWith("http") ? path : base + path);
    }

    public Response get(String path) {
        return request("GET", path).send();
    }

    public Response post(String path, String contentType, String body) {
        return request("POST", path).header("Content-Type", contentType).body(body).send();
    }

    public Response put(String path, String contentType, String body) {
        return request("PUT", path).header("Content-Type", contentType).body(body).send();
    }

    public Response delete(String path) {
        return request("DELETE", path).send();
    }

    /** One request being built. */
    public final class Call {
        private final String method;
        private final String url;
        private final List<String> headers = new ArrayList<>();
        private byte[] body;

        private Call(String method, String url) {
            this.method = method;
            this.url = url;
        }

        public Call header(String name, String value) {
            headers.add(name);
            headers.add(value);
            return this;
        }

        public Call body(String text) {
            this.body = text.getBytes(StandardCharsets.UTF_8);
            return this;
        }

        public Call body(byte[] bytes) {
            this.body = bytes;
            return this;
        }

        public Response send() {
            HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60))
                    .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofByteArray(body));
            boolean authorized = false;
            for (int i = 0; i < headers.size(); i += 2) {
                builder.header(headers.get(i), headers.get(i + 1));
                authorized |= headers.get(i).equalsIgnoreCase("Authorization");
            }
            if (!authorized && authorization != null) {
                builder.header("Authorization", authorization);
            }
            try {
                HttpResponse<byte[]> response = client.send(builder.build(), HttpResponse.BodyHandlers.ofByteArray());
                return new Response(response.statusCode(), response.headers(), response.body());
            } catch (IOException e) {
                throw new UncheckedIOException(method + " " + url, e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
        }
    }

    /** A response, read whole. */
    public record Response(int status, java.net.http.HttpHeaders headers, byte[] bytes) {

        public String text() {
            return new String(bytes, StandardCharsets.UTF_8);
        }

        /** @return the body parsed as JSON */
        public JsonNode json() {
            try {
                return JSON.readTree(bytes);
            } catch (IOException e) {
                throw new UncheckedIOException("response body is not JSON: " + text(), e);
            }
        }

        /** @return the header's first value, or null */
        public String header(String name) {
            return headers.firstValue(name).orElse(null);
        }

        @Override
        public String toString() {
            return status + " " + text();
        }
    }
}
