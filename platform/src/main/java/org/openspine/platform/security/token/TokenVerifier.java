package org.openspine.platform.security.token;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKMatcher;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyType;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.DefaultResourceRetriever;
import com.nimbusds.jwt.JWT;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.JWTParser;
import com.nimbusds.jwt.SignedJWT;
import java.net.MalformedURLException;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.openspine.platform.error.OpenSpineException;
import org.openspine.platform.security.Authentication;
import org.openspine.platform.security.Caller;

/**
 * Checks bearer tokens against the trusted issuers and returns the caller they stand for, by the
 * rules and claim layout of the {@linkplain org.openspine.platform.security.token package
 * documentation}. Failure messages say what is wrong in general terms and never repeat the token.
 *
 * <p>A token's first use parses it and checks its signature; later uses of the same token until
 * its {@code exp} are one map lookup. Keys of an issuer configured with a JWKS URL are fetched on
 * first need, which blocks that request for up to a few seconds; if they cannot be fetched the
 * request fails as {@link OpenSpineException.Unavailable} (503: retry later), not as a bad token.
 *
 * <p>Thread-safe.
 */
public final class TokenVerifier implements Authentication {

    /** The request header in which a member of staff names the role profile they act in. */
    public static final String ROLE_PROFILE_HEADER = "NHSD-Session-URID";
    /** How far clocks may disagree when checking {@code exp}, {@code nbf} and {@code iat}. */
    public static final Duration CLOCK_SKEW = Duration.ofSeconds(60);

    /** Tokens remembered at most; at about 1 KB each, 10 MB. */
    static final int CACHE_LIMIT = 10_000;
    /** Longer "tokens" are refused before parsing; real ones are one to three KB. */
    static final int MAX_TOKEN_CHARS = 16 * 1024;

    private static final int JWKS_TIMEOUT_MILLIS = 2_000;
    private static final int JWKS_SIZE_LIMIT = 256 * 1024;
    private static final int MIN_RSA_BITS = 2048;

    private final Map<String, Issuer> issuers;
    private final Clock clock;
    private final VerifiedTokens verified;

    /**
     * @param trusted the issuers whose tokens are accepted (their JWKS URLs are not contacted yet)
     * @param clock   the time tokens are checked against
     * @throws IllegalArgumentException when an issuer is listed twice or its keys cannot be read
     */
    public TokenVerifier(List<TrustedIssuer> trusted, Clock clock) {
        this(trusted, clock, CACHE_LIMIT);
    }

    TokenVerifier(List<TrustedIssuer> trusted, Clock clock, int cacheLimit) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.verified = new VerifiedTokens(cacheLimit);
        Map<String, Issuer> byName = new HashMap<>();
        for (TrustedIssuer issuer : trusted) {
            if (byName.putIfAbsent(issuer.issuer(), new Issuer(issuer.issuer(), issuer.audience(), keys(issuer))) != null) {
                throw new IllegalArgumentException("trusted issuer " + issuer.issuer() + " is listed twice");
            }
        }
        this.issuers = Map.copyOf(byName);
    }

    /**
     * @param authorization the {@code Authorization} header: {@code Bearer <JWT>}
     * @param roleProfileId the {@code NHSD-Session-URID} header, or null: the role profile a member
     *                      of staff acts in; ignored for citizens and systems
     * @return the caller; a member of staff acting in the named role profile, else their selected one
     * @throws OpenSpineException.Unauthenticated when the header is missing or the token is not valid
     * @throws OpenSpineException.Forbidden when staff name a role profile they do not hold
     * @throws OpenSpineException.Unavailable when the issuer's published keys cannot be fetched
     */
    @Override
    public Caller authenticate(String authorization, String roleProfileId) {
        String token = bearerToken(authorization);
        Instant now = clock.instant();
        Caller caller = verified.find(token, now).orElseGet(() -> verify(token, now));
        return actingIn(caller, roleProfileId);
    }

    /** @return how many verified tokens are remembered (for tests and metrics) */
    int rememberedTokens() {
        return verified.size();
    }

    private Caller verify(String token, Instant now) {
        JWT jwt;
        try {
            jwt = JWTParser.parse(token);
        } catch (ParseException e) {
            throw invalid("the bearer token is not a well-formed JWT");
        }
        if (!(jwt instanceof SignedJWT signed)) {
            throw invalid("the bearer token is not signed; only RS256 and ES256 signatures are accepted");
        }
        JWSAlgorithm algorithm = signed.getHeader().getAlgorithm();
        if (!JWSAlgorithm.RS256.equals(algorithm) && !JWSAlgorithm.ES256.equals(algorithm)) {
            throw invalid("the bearer token's signature algorithm is not accepted; only RS256 and ES256 are");
        }
        JWTClaimsSet claims;
        try {
            claims = signed.getJWTClaimsSet();
        } catch (ParseException e) {
            throw invalid("the bearer token's claims are not a well-formed JSON object");
        }
        Issuer issuer = claims.getIssuer() == null ? null : issuers.get(claims.getIssuer());
        if (issuer == null) {
            throw invalid("the bearer token's issuer (iss) is not trusted");
        }
        checkSignature(signed, algorithm, issuer);
        Instant expiry = checkTimesAndAudience(claims, issuer, now);
        Caller caller;
        try {
            caller = CallerClaims.read(claims);
        } catch (IllegalArgumentException e) {
            throw invalid("the bearer token's claims do not describe a caller: " + e.getMessage());
        }
        verified.put(token, caller, expiry.plus(CLOCK_SKEW), now);
        return caller;
    }

    private static void checkSignature(SignedJWT token, JWSAlgorithm algorithm, Issuer issuer) {
        String kid = token.getHeader().getKeyID();
        if (kid == null) {
            throw invalid("the bearer token does not name its signing key (kid)");
        }
        boolean rsa = JWSAlgorithm.RS256.equals(algorithm);
        JWKMatcher.Builder matcher = new JWKMatcher.Builder().keyID(kid).keyUses(KeyUse.SIGNATURE, null)
                .keyType(rsa ? KeyType.RSA : KeyType.EC);
        List<JWK> keys;
        try {
            keys = issuer.keys().get(new JWKSelector(rsa ? matcher.build() : matcher.curve(Curve.P_256).build()), null);
        } catch (KeySourceException e) {
            throw new OpenSpineException.Unavailable("the signing keys of issuer " + issuer.name()
                    + " cannot be fetched now; try again later", e);
        }
        if (keys.isEmpty()) {
            throw invalid("the bearer token's signing key (kid) is not one of its issuer's keys");
        }
        for (JWK key : keys) {
            try {
                JWSVerifier verifier;
                if (rsa) {
                    if (key.size() < MIN_RSA_BITS) {
                        continue;
                    }
                    verifier = new RSASSAVerifier(key.toRSAKey());
                } else {
                    verifier = new ECDSAVerifier(key.toECKey());
                }
                if (token.verify(verifier)) {
                    return;
                }
            } catch (JOSEException e) {
                // an unusable key or a signature of the wrong shape: this key does not verify it
            }
        }
        throw invalid("the bearer token's signature does not verify");
    }

    /** @return the token's expiry, once {@code exp}, {@code nbf}, {@code iat} and {@code aud} are checked */
    private static Instant checkTimesAndAudience(JWTClaimsSet claims, Issuer issuer, Instant now) {
        if (!claims.getAudience().contains(issuer.audience())) {
            throw invalid("the bearer token is not meant for this service (aud)");
        }
        Date expiry = claims.getExpirationTime();
        if (expiry == null) {
            throw invalid("the bearer token has no expiry time (exp)");
        }
        if (!now.isBefore(expiry.toInstant().plus(CLOCK_SKEW))) {
            throw invalid("the bearer token has expired");
        }
        Instant latestAccepted = now.plus(CLOCK_SKEW);
        if (claims.getNotBeforeTime() != null && latestAccepted.isBefore(claims.getNotBeforeTime().toInstant())) {
            throw invalid("the bearer token is not valid yet (nbf)");
        }
        if (claims.getIssueTime() != null && latestAccepted.isBefore(claims.getIssueTime().toInstant())) {
            throw invalid("the bearer token was issued in the future (iat)");
        }
        return expiry.toInstant();
    }

    private static String bearerToken(String authorization) {
        if (authorization == null || authorization.isBlank()) {
            throw new OpenSpineException.Unauthenticated("this request carries no bearer token (Authorization: Bearer ...)");
        }
        if (!authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            throw new OpenSpineException.Unauthenticated(
                    "the Authorization header must carry a bearer token (Authorization: Bearer ...)");
        }
        String token = authorization.substring(7).strip();
        if (token.isEmpty()) {
            throw new OpenSpineException.Unauthenticated("this request carries no bearer token (Authorization: Bearer ...)");
        }
        if (token.length() > MAX_TOKEN_CHARS) {
            throw invalid("the bearer token is too long");
        }
        return token;
    }

    private static Caller actingIn(Caller caller, String roleProfileId) {
        if (roleProfileId == null || roleProfileId.isBlank() || !(caller instanceof Caller.Staff staff)) {
            return caller;
        }
        String id = roleProfileId.strip();
        if (id.equals(staff.acting().id())) {
            return staff;
        }
        return staff.role(id).map(staff::actingAs).orElseThrow(() -> new OpenSpineException.Forbidden(
                "the role profile named in " + ROLE_PROFILE_HEADER + " is not one of this user's role profiles"));
    }

    private static JWKSource<SecurityContext> keys(TrustedIssuer issuer) {
        return switch (issuer.keys()) {
            case TrustedIssuer.JwkSet set -> {
                try {
                    yield new ImmutableJWKSet<>(JWKSet.parse(set.json()).toPublicJWKSet());
                } catch (ParseException e) {
                    throw new IllegalArgumentException("the keys of trusted issuer " + issuer.issuer()
                            + " are not a JWK set: " + e.getMessage(), e);
                }
            }
            case TrustedIssuer.JwksUri uri -> {
                try {
                    yield JWKSourceBuilder.<SecurityContext>create(uri.uri().toURL(),
                            new DefaultResourceRetriever(JWKS_TIMEOUT_MILLIS, JWKS_TIMEOUT_MILLIS, JWKS_SIZE_LIMIT))
                            .retrying(true).build();
                } catch (MalformedURLException | IllegalArgumentException e) {
                    throw new IllegalArgumentException("the JWKS URL of trusted issuer " + issuer.issuer()
                            + " is not a URL: " + uri.uri(), e);
                }
            }
        };
    }

    private static OpenSpineException.Unauthenticated invalid(String diagnostics) {
        return new OpenSpineException.Unauthenticated(diagnostics);
    }

    private record Issuer(String name, String audience, JWKSource<SecurityContext> keys) {
    }
}
