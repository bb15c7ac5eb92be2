package org.openspine.platform.http;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * How the HTTP listener is set up.
 *
 * @param host         interface to bind, e.g. {@code 0.0.0.0} or {@code 127.0.0.1}
 * @param port         TCP port; 0 picks a free one (tests)
 * @param maxBodyBytes largest request body accepted; larger bodies get 413
 * @param tls          the certificate to serve HTTPS with; when present the port speaks only HTTPS
 * @param corsOrigins  browser origins ({@code https://app.example.nhs.uk}) allowed to call the API
 *                     cross-origin; empty (the default) sends no CORS headers at all
 * @param rateLimit    the per-client request rate; empty turns rate limiting off
 * @param trustedProxies the reverse proxies whose {@code X-Forwarded-For} names the client; none by default
 */
public record HttpConfig(String host, int port, long maxBodyBytes, Optional<TlsConfig> tls, List<String> corsOrigins,
        Optional<RateLimit> rateLimit, TrustedProxies trustedProxies) {

    /** The default body limit: 10 MB. */
    public static final long DEFAULT_MAX_BODY_BYTES = 10L * 1024 * 1024;

    public HttpConfig {
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("http host must be set");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("http port must be 0..65535, was " + port);
        }
        if (maxBodyBytes < 1024) {
            throw new IllegalArgumentException("max body size must be at least 1024 bytes, was " + maxBodyBytes);
        }
        Objects.requireNonNull(tls, "tls");
        Objects.requireNonNull(rateLimit, "rateLimit");
        Objects.requireNonNull(trustedProxies, "trustedProxies");
        corsOrigins = corsOrigins.stream().map(HttpConfig::origin).distinct().toList();
    }

    /** Plain HTTP with the default rate limit and no CORS: for tests and tools. */
    public HttpConfig(String host, int port, long maxBodyBytes) {
        this(host, port, maxBodyBytes, Optional.empty(), List.of(), Optional.of(RateLimit.DEFAULT));
    }

    /** No trusted proxies: every request's address is its connection's. */
    public HttpConfig(String host, int port, long maxBodyBytes, Optional<TlsConfig> tls, List<String> corsOrigins,
            Optional<RateLimit> rateLimit) {
        this(host, port, maxBodyBytes, tls, corsOrigins, rateLimit, TrustedProxies.NONE);
    }

    /** @return {@code https} when TLS is configured, else {@code http} */
    public String scheme() {
        return tls.isPresent() ? "https" : "http";
    }

    /**
     * An origin as a browser sends it: scheme, host and optional port, nothing else. {@code *} is
     * refused: opening the API to every site must not be one character away.
     */
    private static String origin(String origin) {
        String trimmed = origin.strip();
        URI uri;
        try {
            uri = new URI(trimmed);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("CORS origin '" + origin + "' is not a URL", e);
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        boolean bare = uri.getRawPath() == null || uri.getRawPath().isEmpty();
        if (!(scheme.equals("https") || scheme.equals("http")) || uri.getHost() == null || uri.getRawUserInfo() != null
                || !bare || uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw new IllegalArgumentException("CORS origin '" + origin
                    + "' must be scheme://host[:port] with no path or trailing slash, e.g. https://app.example.nhs.uk");
        }
        return scheme + "://" + uri.getHost().toLowerCase(Locale.ROOT) + (uri.getPort() == -1 ? "" : ":" + uri.getPort());
    }
}
