package org.openspine.platform.security.token;

import java.net.URI;
import java.util.Objects;

/**
 * An identity provider whose tokens OpenSpine accepts: tokens with this {@code iss}, an {@code aud}
 * containing {@code audience}, and a signature by one of the keys from {@code keys}.
 *
 * @param issuer   the exact {@code iss} value, e.g. {@code https://auth.example.nhs.uk}
 * @param audience the {@code aud} value tokens must carry to be meant for this service
 * @param keys     where the issuer's public signing keys come from
 */
public record TrustedIssuer(String issuer, String audience, KeySource keys) {

    public TrustedIssuer {
        if (issuer == null || issuer.isBlank()) {
            throw new IllegalArgumentException("a trusted issuer needs its iss value");
        }
        if (audience == null || audience.isBlank()) {
            throw new IllegalArgumentException("trusted issuer " + issuer + " needs an audience");
        }
        Objects.requireNonNull(keys, "keys");
    }

    /** Where an issuer's public keys come from. */
    public sealed interface KeySource permits JwkSet, JwksUri {
    }

    /**
     * Keys known in advance (the built-in issuer, tests).
     *
     * @param json a JWK set ({@code {"keys":[...]}}) of public keys
     */
    public record JwkSet(String json) implements KeySource {
        public JwkSet {
            Objects.requireNonNull(json, "json");
        }
    }

    /**
     * Keys published by the issuer at a JWKS endpoint, fetched when first needed, cached for five
     * minutes and fetched again (at most every 30 seconds) when a token names an unknown {@code kid},
     * so key rotation needs no restart.
     *
     * @param uri the {@code jwks_uri}: https, or http to a loopback host (development)
     */
    public record JwksUri(URI uri) implements KeySource {
        public JwksUri {
            Objects.requireNonNull(uri, "uri");
            boolean loopback = "localhost".equals(uri.getHost()) || "127.0.0.1".equals(uri.getHost())
                    || "[::1]".equals(uri.getHost());
            if (!"https".equals(uri.getScheme()) && !("http".equals(uri.getScheme()) && loopback)) {
                throw new IllegalArgumentException("a JWKS URL must be https (http only to localhost), was " + uri);
            }
        }
    }
}
