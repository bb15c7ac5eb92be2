package org.openspine.platform.security.token;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Objects;
import java.util.UUID;
import org.openspine.platform.security.Caller;

/**
 * Signs access tokens for one issuer with its EC P-256 key (ES256), in the claim layout of
 * {@link CallerClaims}. Thread-safe.
 */
final class TokenMinter {

    private final ECKey key;
    private final ECDSASigner signer;
    private final String issuer;
    private final String audience;
    private final Clock clock;

    /** @param key a P-256 private key with a key id */
    TokenMinter(ECKey key, String issuer, String audience, Clock clock) {
        if (!key.isPrivate() || key.getKeyID() == null) {
            throw new IllegalArgumentException("the signing key of issuer " + issuer + " must be a private key with a kid");
        }
        this.key = key;
        this.issuer = Objects.requireNonNull(issuer, "issuer");
        this.audience = Objects.requireNonNull(audience, "audience");
        this.clock = Objects.requireNonNull(clock, "clock");
        try {
            this.signer = new ECDSASigner(key);
        } catch (JOSEException e) {
            throw new IllegalArgumentException("the signing key of issuer " + issuer + " is not a usable EC key", e);
        }
    }

    /** @return a signed access token for {@code caller}, valid from now for {@code lifetime} */
    String mint(Caller caller, Duration lifetime) {
        return sign(claims(caller, lifetime).build());
    }

    /** @return the standard claims (issuer, audience, times, a fresh jti) and {@code caller}'s, to adjust before signing */
    JWTClaimsSet.Builder claims(Caller caller, Duration lifetime) {
        Instant now = clock.instant();
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder().issuer(issuer).audience(audience)
                .issueTime(Date.from(now)).expirationTime(Date.from(now.plus(lifetime)))
                .jwtID(UUID.randomUUID().toString());
        return CallerClaims.write(caller, claims);
    }

    /** @return {@code claims} signed with ES256 under this issuer's key id, in compact form */
    String sign(JWTClaimsSet claims) {
        SignedJWT token = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(key.getKeyID())
                .type(JOSEObjectType.JWT).build(), claims);
        try {
            token.sign(signer);
        } catch (JOSEException e) {
            throw new IllegalStateException("issuer " + issuer + " could not sign a token", e);
        }
        return token.serialize();
    }

    /** @return the issuer's public key, as published in its JWK set */
    ECKey publicKey() {
        return key.toPublicJWK();
    }
}
