package org.openspine.bench;

import java.net.URI;
import java.net.URISyntaxException;

/**
 * Where the FHIR server under test listens: an {@code http} base URL split into the parts a raw HTTP/1.1
 * client needs.
 *
 * @param host host name or address, as given
 * @param port TCP port (80 when the URL names none)
 * @param basePath path of the FHIR base, without a trailing slash ({@code ""} for the root)
 */
record Endpoint(String host, int port, String basePath) {

    Endpoint {
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("bench: --base needs a host");
        }
        if (port < 1 || port > 65_535) {
            throw new IllegalArgumentException("bench: --base port out of range: " + port);
        }
        if (basePath.endsWith("/")) {
            basePath = basePath.substring(0, basePath.length() - 1);
        }
    }

    /**
     * @param url e.g. {@code http://localhost:8080/fhir/R4}
     * @throws IllegalArgumentException when {@code url} is not an absolute http URL; https is refused with a
     *     message saying it is not supported yet
     */
    static Endpoint parse(String url) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("bench: --base is not a URL: " + url, e);
        }
        if ("https".equalsIgnoreCase(uri.getScheme())) {
            throw new IllegalArgumentException(
                    "bench: https is not supported yet; point --base at the server's http port: " + url);
        }
        if (!"http".equalsIgnoreCase(uri.getScheme()) || uri.getHost() == null) {
            throw new IllegalArgumentException("bench: --base must be an absolute http:// URL, was " + url);
        }
        if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw new IllegalArgumentException("bench: --base must not carry a query or fragment: " + url);
        }
        String path = uri.getRawPath() == null ? "" : uri.getRawPath();
        return new Endpoint(uri.getHost(), uri.getPort() == -1 ? 80 : uri.getPort(), path);
    }

    /** @return the request-target for {@code relative} (e.g. {@code Patient/1}); {@code ""} is the base itself */
    String target(String relative) {
        if (relative.isEmpty()) {
            return basePath.isEmpty() ? "/" : basePath;
        }
        return basePath + "/" + relative;
    }

    /** @return the value of the Host header */
    String hostHeader() {
        String name = host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
        return port == 80 ? name : name + ":" + port;
    }

    @Override
    public String toString() {
        return "http://" + hostHeader() + basePath;
    }
}
