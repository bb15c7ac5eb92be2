package org.openspine.platform.http;

/**
 * How the HTTP listener is set up.
 *
 * @param host         interface to bind, e.g. {@code 0.0.0.0} or {@code 127.0.0.1}
 * @param port         TCP port; 0 picks a free one (tests)
 * @param maxBodyBytes largest request body accepted; larger bodies get 413
 */
public record HttpConfig(String host, int port, long maxBodyBytes) {

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
    }
}
