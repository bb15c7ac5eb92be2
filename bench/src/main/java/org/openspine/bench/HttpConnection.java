package org.openspine.bench;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A minimal blocking HTTP/1.1 client over one keep-alive TCP connection.
 *
 * <p>The load generator shares a small machine with the server and database, so it must cost little: no
 * selector threads, no TLS, no connection pool, one socket per client thread, buffers reused. It frames
 * bodies by Content-Length, chunked transfer coding, or end of stream, and reconnects lazily whenever the
 * server ends the connection ({@code Connection: close}, an HTTP/1.0 reply, or EOF).
 *
 * <p>A request that fails on a <em>reused</em> connection before any byte of the response arrives is sent
 * once more on a fresh connection: that is the server having closed an idle connection just as we wrote,
 * and the request was never processed. Any other failure closes the connection and propagates.
 *
 * <p>Not thread-safe: one instance per client thread. {@link #close()} is idempotent.
 */
final class HttpConnection implements AutoCloseable {

    private static final int MAX_LINE = 64 * 1024;
    private static final int MAX_HEADERS = 200;

    private final Endpoint endpoint;
    private final int timeoutMillis;
    private final byte[] scratch = new byte[16 * 1024];
    private Socket socket;
    private InputStream in;
    private OutputStream out;
    private int connectionsOpened;

    /** @param timeoutMillis connect and read timeout for each request */
    HttpConnection(Endpoint endpoint, int timeoutMillis) {
        this.endpoint = endpoint;
        this.timeoutMillis = timeoutMillis;
    }

    /**
     * Sends {@code request} and reads the whole response. Blocks for at most about twice the timeout.
     *
     * @throws IOException when the server cannot be reached, times out, or breaks the protocol; the
     *     connection is then closed and the next call reconnects
     */
    HttpResponse send(HttpRequest request) throws IOException {
        boolean reused = socket != null;
        try {
            return exchange(request);
        } catch (NoResponseException e) {
            close();
            if (!reused) {
                throw e;
            }
            try {
                return exchange(request);
            } catch (IOException retryFailure) {
                close();
                throw retryFailure;
            }
        } catch (IOException | RuntimeException e) {
            close();
            throw e;
        }
    }

    /** @return how many TCP connections this client has opened, for tests and diagnostics */
    int connectionsOpened() {
        return connectionsOpened;
    }

    @Override
    public void close() {
        if (socket == null) {
            return;
        }
        try {
            socket.close();
        } catch (IOException e) {
            // Closing is best effort: the socket is abandoned either way and the next send reconnects.
        } finally {
            socket = null;
            in = null;
            out = null;
        }
    }

    private HttpResponse exchange(HttpRequest request) throws IOException {
        if (socket == null) {
            connect();
        }
        try {
            writeRequest(request);
        } catch (SocketException e) {
            throw new NoResponseException("bench: connection to " + endpoint + " failed while sending", e);
        }
        int first;
        try {
            first = in.read();
        } catch (SocketException e) {
            throw new NoResponseException("bench: connection to " + endpoint + " reset before a response", e);
        }
        if (first == -1) {
            throw new NoResponseException("bench: " + endpoint + " closed the connection without a response", null);
        }
        HttpResponse response;
        boolean keepAlive;
        do {
            String statusLine = readLine(first);
            first = -2;
            // Status line: HTTP-version SP status-code SP [reason-phrase]
            if (!statusLine.startsWith("HTTP/1.") || statusLine.length() < 12) {
                throw new IOException("bench: malformed status line from " + endpoint + ": " + printable(statusLine));
            }
            boolean http10 = statusLine.startsWith("HTTP/1.0");
            int status = parseStatus(statusLine);
            Map<String, String> headers = readHeaders();
            String connection = headers.getOrDefault("connection", "").toLowerCase(Locale.ROOT);
            keepAlive = http10 ? connection.contains("keep-alive") : !connection.contains("close");
            byte[] body;
            if (status < 200 || status == 204 || status == 304 || request.method().equals("HEAD")) {
                body = new byte[0];
            } else if (headers.getOrDefault("transfer-encoding", "").toLowerCase(Locale.ROOT).endsWith("chunked")) {
                body = readChunked();
            } else if (headers.containsKey("content-length")) {
                body = readFixed(parseLength(headers.get("content-length")));
            } else {
                body = readToEnd();
                keepAlive = false;
            }
            response = new HttpResponse(status, headers, body);
        } while (response.status() >= 100 && response.status() < 200); // skip interim responses (100 Continue)
        if (!keepAlive) {
            close();
        }
        return response;
    }

    private void connect() throws IOException {
        Socket fresh = new Socket();
        try {
            fresh.setTcpNoDelay(true);
            fresh.setKeepAlive(true);
            fresh.connect(new InetSocketAddress(endpoint.host(), endpoint.port()), timeoutMillis);
            fresh.setSoTimeout(timeoutMillis);
        } catch (IOException e) {
            fresh.close();
            throw e;
        }
        socket = fresh;
        in = new BufferedInputStream(fresh.getInputStream(), 64 * 1024);
        out = new BufferedOutputStream(fresh.getOutputStream(), 16 * 1024);
        connectionsOpened++;
    }

    private void writeRequest(HttpRequest request) throws IOException {
        StringBuilder head = new StringBuilder(256);
        head.append(request.method()).append(' ').append(request.target()).append(" HTTP/1.1\r\n");
        head.append("Host: ").append(endpoint.hostHeader()).append("\r\n");
        for (HttpRequest.Header header : request.headers()) {
            head.append(header.name()).append(": ").append(header.value()).append("\r\n");
        }
        if (request.body().length > 0 || request.method().equals("POST") || request.method().equals("PUT")) {
            head.append("Content-Length: ").append(request.body().length).append("\r\n");
        }
        head.append("\r\n");
        out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
        out.write(request.body());
        out.flush();
    }

    private Map<String, String> readHeaders() throws IOException {
        Map<String, String> headers = new LinkedHashMap<>();
        for (int count = 0; ; count++) {
            String line = readLine(-2);
            if (line.isEmpty()) {
                return headers;
            }
            if (count == MAX_HEADERS) {
                throw new IOException("bench: more than " + MAX_HEADERS + " response headers from " + endpoint);
            }
            int colon = line.indexOf(':');
            if (colon <= 0) {
                throw new IOException("bench: malformed header line from " + endpoint + ": " + printable(line));
            }
            String name = line.substring(0, colon).trim().toLowerCase(Locale.ROOT);
            String value = line.substring(colon + 1).trim();
            headers.merge(name, value, (a, b) -> a + ", " + b);
        }
    }

    private byte[] readChunked() throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        while (true) {
            String sizeLine = readLine(-2);
            int semicolon = sizeLine.indexOf(';'); // chunk extensions are allowed and ignored
            String hex = (semicolon >= 0 ? sizeLine.substring(0, semicolon) : sizeLine).trim();
            long size;
            try {
                size = Long.parseLong(hex, 16);
            } catch (NumberFormatException e) {
                throw new IOException("bench: malformed chunk size from " + endpoint + ": " + printable(sizeLine), e);
            }
            if (size < 0 || size > Integer.MAX_VALUE - body.size()) {
                throw new IOException("bench: chunk too large from " + endpoint + ": " + size);
            }
            if (size == 0) {
                while (!readLine(-2).isEmpty()) {
                    // trailer fields carry nothing the bench needs
                }
                return body.toByteArray();
            }
            copy((int) size, body);
            if (!readLine(-2).isEmpty()) {
                throw new IOException("bench: chunk from " + endpoint + " not followed by CRLF");
            }
        }
    }

    private byte[] readFixed(int length) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream(length);
        copy(length, body);
        return body.toByteArray();
    }

    private byte[] readToEnd() throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        int n;
        while ((n = in.read(scratch)) != -1) {
            body.write(scratch, 0, n);
        }
        return body.toByteArray();
    }

    private void copy(int length, ByteArrayOutputStream to) throws IOException {
        int remaining = length;
        while (remaining > 0) {
            int n = in.read(scratch, 0, Math.min(scratch.length, remaining));
            if (n == -1) {
                throw new EOFException("bench: " + endpoint + " closed the connection mid-body, "
                        + remaining + " of " + length + " bytes missing");
            }
            to.write(scratch, 0, n);
            remaining -= n;
        }
    }

    /** Reads one CRLF- (or bare LF-) terminated line; {@code first} is an already-read byte, or -2 for none. */
    private String readLine(int first) throws IOException {
        StringBuilder line = new StringBuilder(64);
        int b = first == -2 ? in.read() : first;
        while (b != '\n') {
            if (b == -1) {
                throw new EOFException("bench: " + endpoint + " closed the connection mid-response");
            }
            if (line.length() == MAX_LINE) {
                throw new IOException("bench: response line longer than " + MAX_LINE + " bytes from " + endpoint);
            }
            line.append((char) b);
            b = in.read();
        }
        int end = line.length();
        if (end > 0 && line.charAt(end - 1) == '\r') {
            line.setLength(end - 1);
        }
        return line.toString();
    }

    private int parseStatus(String statusLine) throws IOException {
        try {
            return Integer.parseInt(statusLine.substring(9, 12));
        } catch (NumberFormatException e) {
            throw new IOException("bench: malformed status code from " + endpoint + ": " + printable(statusLine), e);
        }
    }

    private int parseLength(String value) throws IOException {
        try {
            // Repeated identical Content-Length headers were joined with ", "; any one of them will do.
            int comma = value.indexOf(',');
            long length = Long.parseLong((comma >= 0 ? value.substring(0, comma) : value).trim());
            if (length < 0 || length > Integer.MAX_VALUE) {
                throw new IOException("bench: Content-Length out of range from " + endpoint + ": " + value);
            }
            return (int) length;
        } catch (NumberFormatException e) {
            throw new IOException("bench: malformed Content-Length from " + endpoint + ": " + printable(value), e);
        }
    }

    private static String printable(String text) {
        String cut = text.length() > 80 ? text.substring(0, 80) + "..." : text;
        return cut.replaceAll("[^\\x20-\\x7e]", "?");
    }

    /** Nothing of the response arrived: safe to send again on a new connection if the old one was idle. */
    private static final class NoResponseException extends IOException {
        NoResponseException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
