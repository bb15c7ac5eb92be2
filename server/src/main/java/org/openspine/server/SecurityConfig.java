package org.openspine.server;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.openspine.platform.security.token.TrustedIssuer;

/**
 * Who may call OpenSpine: the identity providers whose bearer tokens are accepted, and whether the
 * built-in issuer and its demo users are on. Read once at start; a bad value stops start-up naming
 * the setting.
 *
 * <p>Development and demonstration use the built-in issuer ({@code --issuer-url}), with demo
 * sign-in under {@code --demo} or {@code --demo-users}. Production switches it off
 * ({@code OPENSPINE_BUILTIN_ISSUER=off}) and lists its identity providers in
 * {@code OPENSPINE_TRUSTED_ISSUERS} as {@code iss=jwksUrl} pairs separated by commas.
 *
 * @param audience       the {@code aud} every accepted token must carry
 * @param builtInIssuer  the built-in issuer's {@code iss}, also the base URL of its endpoints;
 *                       empty when it is off
 * @param demoUsers      whether the demo users can sign in at the built-in issuer
 * @param trustedIssuers external identity providers, each with its JWKS URL
 */
public record SecurityConfig(String audience, Optional<String> builtInIssuer, boolean demoUsers,
        List<TrustedIssuer> trustedIssuers) {

    /** The default audience. */
    public static final String DEFAULT_AUDIENCE = "openspine";

    public SecurityConfig {
        if (audience == null || audience.isBlank()) {
            throw new IllegalArgumentException("--audience must not be blank");
        }
        Objects.requireNonNull(builtInIssuer, "builtInIssuer");
        trustedIssuers = List.copyOf(trustedIssuers);
        if (demoUsers && builtInIssuer.isEmpty()) {
            throw new IllegalArgumentException("--demo and --demo-users sign in at the built-in issuer, which"
                    + " OPENSPINE_BUILTIN_ISSUER=off switches off");
        }
        if (builtInIssuer.isEmpty() && trustedIssuers.isEmpty()) {
            throw new IllegalArgumentException("no token issuer is trusted: set OPENSPINE_TRUSTED_ISSUERS or leave the"
                    + " built-in issuer on (OPENSPINE_BUILTIN_ISSUER)");
        }
        Set<String> seen = new HashSet<>();
        builtInIssuer.ifPresent(seen::add);
        for (TrustedIssuer issuer : trustedIssuers) {
            if (!seen.add(issuer.issuer())) {
                throw new IllegalArgumentException("OPENSPINE_TRUSTED_ISSUERS names issuer " + issuer.issuer()
                        + " twice, or the built-in issuer's URL");
            }
        }
    }

    /**
     * @param audience       {@code --audience} / {@code OPENSPINE_AUDIENCE}
     * @param issuerUrl      {@code --issuer-url} / {@code OPENSPINE_ISSUER_URL}
     * @param builtIn        {@code OPENSPINE_BUILTIN_ISSUER}: {@code on} or {@code off}
     * @param demoUsers      {@code --demo} or {@code --demo-users}
     * @param trustedIssuers {@code OPENSPINE_TRUSTED_ISSUERS}: {@code iss=jwksUrl,iss2=jwksUrl2}, may be empty
     * @throws IllegalArgumentException naming the setting at fault
     */
    static SecurityConfig parse(String audience, String issuerUrl, String builtIn, boolean demoUsers,
            String trustedIssuers) {
        boolean on = switch (builtIn.strip().toLowerCase(Locale.ROOT)) {
            case "on", "true" -> true;
            case "off", "false" -> false;
            default -> throw new IllegalArgumentException("OPENSPINE_BUILTIN_ISSUER must be on or off, was '" + builtIn + "'");
        };
        String audienceValue = audience.strip();
        return new SecurityConfig(audienceValue, on ? Optional.of(issuerUrl(issuerUrl)) : Optional.empty(), demoUsers,
                trustedIssuers(trustedIssuers, audienceValue));
    }

    private static String issuerUrl(String value) {
        String url = value.strip();
        while (url.endsWith("/")) {
            url = url.substring(0, url.length() - 1);
        }
        try {
            URI uri = new URI(url);
            if ((!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())) || uri.getHost() == null
                    || uri.getQuery() != null || uri.getFragment() != null) {
                throw new IllegalArgumentException("--issuer-url must be an http(s) URL without query, was '" + value + "'");
            }
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("--issuer-url is not a URL: '" + value + "'", e);
        }
        return url;
    }

    private static List<TrustedIssuer> trustedIssuers(String value, String audience) {
        List<TrustedIssuer> issuers = new ArrayList<>();
        for (String entry : value.split(",")) {
            if (entry.isBlank()) {
                continue;
            }
            int equals = entry.indexOf('=');
            if (equals < 1 || equals == entry.length() - 1) {
                throw new IllegalArgumentException("OPENSPINE_TRUSTED_ISSUERS entries are iss=jwksUrl, was '"
                        + entry.strip() + "'");
            }
            try {
                URI jwks = new URI(entry.substring(equals + 1).strip());
                issuers.add(new TrustedIssuer(entry.substring(0, equals).strip(), audience, new TrustedIssuer.JwksUri(jwks)));
            } catch (URISyntaxException | IllegalArgumentException e) {
                throw new IllegalArgumentException("OPENSPINE_TRUSTED_ISSUERS: " + e.getMessage(), e);
            }
        }
        return issuers;
    }
}
