package org.openspine.platform.security.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.crypto.opts.AllowWeakRSAKey;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.openspine.platform.error.OpenSpineException;
import org.openspine.platform.security.Caller;
import org.openspine.platform.security.RoleProfile;

class TokenVerifierTest {

    private static final String ISSUER = "https://issuer.openspine.invalid";
    private static final String AUDIENCE = "openspine";
    private static final RSAKey RSA = generateRsa();
    private static final ECKey EC = generateEc("ec-1");
    private static final Instant START = Instant.parse("2026-11-21T09:00:00Z");

    private final TestClock clock = new TestClock(START);
    private final TokenVerifier verifier = new TokenVerifier(List.of(new TrustedIssuer(ISSUER, AUDIENCE,
            new TrustedIssuer.JwkSet(new JWKSet(List.<JWK>of(RSA.toPublicJWK(), EC.toPublicJWK())).toString()))), clock);

    static Stream<Arguments> everyCallerKindWithEachAlgorithm() {
        return Stream.of("gp", "consultant", "patient", "carer", "integrator")
                .flatMap(user -> Stream.of(Arguments.of(JWSAlgorithm.RS256, user), Arguments.of(JWSAlgorithm.ES256, user)));
    }

    @ParameterizedTest(name = "{0} token of {1}")
    @MethodSource("everyCallerKindWithEachAlgorithm")
    void aValidTokenOfEachAcceptedAlgorithmGivesTheCallerItDescribes(JWSAlgorithm algorithm, String user) {
        Caller caller = DemoUsers.caller(user);
        String token = sign(algorithm, claims(caller).build());

        assertThat(verifier.authenticate("Bearer " + token, null)).isEqualTo(caller);
    }

    @Test
    void aMemberOfStaffActsInTheRoleProfileNamedByTheUridHeaderWhenTheyHoldIt() {
        Caller.Staff gp = (Caller.Staff) DemoUsers.caller("gp");
        String bearer = "Bearer " + sign(JWSAlgorithm.ES256, claims(gp).build());

        Caller.Staff acting = (Caller.Staff) verifier.authenticate(bearer, "555000000012");

        assertThat(acting.acting()).isEqualTo(new RoleProfile("555000000012", "R8000", "R0260", "A81002"));
        assertThat(acting.roles()).isEqualTo(gp.roles());
        assertThat(((Caller.Staff) verifier.authenticate(bearer, null)).acting().odsCode()).isEqualTo("A81001");
    }

    @Test
    void aMemberOfStaffNamingARoleProfileTheyDoNotHoldIsForbidden() {
        String bearer = "Bearer " + sign(JWSAlgorithm.ES256, claims(DemoUsers.caller("gp")).build());

        assertThatThrownBy(() -> verifier.authenticate(bearer, "555000000041"))
                .isInstanceOf(OpenSpineException.Forbidden.class)
                .hasMessage("the role profile named in NHSD-Session-URID is not one of this user's role profiles");
    }

    @Test
    void theUridHeaderMeansNothingForCitizensAndSystems() {
        Caller patient = DemoUsers.caller("patient");
        String bearer = "Bearer " + sign(JWSAlgorithm.ES256, claims(patient).build());

        assertThat(verifier.authenticate(bearer, "555000000011")).isEqualTo(patient);
    }

    @Test
    void anExpiredTokenIsRefusedOnceTheClockSkewHasPassed() {
        String token = sign(JWSAlgorithm.ES256, claims(DemoUsers.caller("nurse"))
                .expirationTime(Date.from(START.minusSeconds(30))).build());
        assertThat(verifier.authenticate("Bearer " + token, null).id()).isEqualTo("555000000002");

        String older = sign(JWSAlgorithm.ES256, claims(DemoUsers.caller("nurse"))
                .expirationTime(Date.from(START.minusSeconds(61))).build());
        assertRefused(older, "the bearer token has expired");
    }

    @Test
    void aTokenThatIsNotValidYetIsRefused() {
        String notBefore = sign(JWSAlgorithm.ES256, claims(DemoUsers.caller("nurse"))
                .notBeforeTime(Date.from(START.plusSeconds(120))).build());
        assertRefused(notBefore, "the bearer token is not valid yet (nbf)");

        String issuedLater = sign(JWSAlgorithm.ES256, claims(DemoUsers.caller("nurse"))
                .issueTime(Date.from(START.plusSeconds(120))).build());
        assertRefused(issuedLater, "the bearer token was issued in the future (iat)");

        String withinSkew = sign(JWSAlgorithm.ES256, claims(DemoUsers.caller("nurse"))
                .notBeforeTime(Date.from(START.plusSeconds(30))).issueTime(Date.from(START.plusSeconds(30))).build());
        assertThat(verifier.authenticate("Bearer " + withinSkew, null).id()).isEqualTo("555000000002");
    }

    @Test
    void aTokenWithoutExpiryIsRefused() {
        String token = sign(JWSAlgorithm.ES256, claims(DemoUsers.caller("nurse")).expirationTime(null).build());

        assertRefused(token, "the bearer token has no expiry time (exp)");
    }

    @Test
    void aTokenFromAnIssuerThatIsNotTrustedIsRefused() {
        String token = sign(JWSAlgorithm.ES256, claims(DemoUsers.caller("nurse")).issuer("https://elsewhere.invalid").build());

        assertRefused(token, "the bearer token's issuer (iss) is not trusted");
    }

    @Test
    void aTokenForAnotherAudienceIsRefusedAndOneOfSeveralAudiencesIsEnough() {
        String other = sign(JWSAlgorithm.ES256, claims(DemoUsers.caller("nurse")).audience("another-service").build());
        assertRefused(other, "the bearer token is not meant for this service (aud)");

        String several = sign(JWSAlgorithm.ES256, claims(DemoUsers.caller("nurse"))
                .audience(List.of("another-service", AUDIENCE)).build());
        assertThat(verifier.authenticate("Bearer " + several, null).id()).isEqualTo("555000000002");
    }

    @Test
    void aTokenWhosePayloadWasChangedAfterSigningIsRefused() {
        String[] parts = sign(JWSAlgorithm.ES256, claims(DemoUsers.caller("receptionist")).build()).split("\\.");
        String forgedPayload = claims(DemoUsers.caller("gp")).build().toPayload().toBase64URL().toString();

        assertRefused(parts[0] + "." + forgedPayload + "." + parts[2], "the bearer token's signature does not verify");
    }

    @Test
    void aTokenWhoseSignatureWasChangedIsRefused() {
        for (JWSAlgorithm algorithm : List.of(JWSAlgorithm.RS256, JWSAlgorithm.ES256)) {
            String[] parts = sign(algorithm, claims(DemoUsers.caller("gp")).build()).split("\\.");
            byte[] signature = new Base64URL(parts[2]).decode();
            signature[signature.length / 2] ^= 0x01;

            assertRefused(parts[0] + "." + parts[1] + "." + Base64URL.encode(signature),
                    "the bearer token's signature does not verify");
        }
    }

    @Test
    void aTokenSignedWithAKeyTheIssuerDoesNotPublishIsRefused() {
        ECKey stranger = generateEc("ec-2");
        String unknownKid = sign(JWSAlgorithm.ES256, stranger, claims(DemoUsers.caller("gp")).build());
        assertRefused(unknownKid, "the bearer token's signing key (kid) is not one of its issuer's keys");

        ECKey impostor = generateEc("ec-1"); // a key claiming the published key's id
        String sameKid = sign(JWSAlgorithm.ES256, impostor, claims(DemoUsers.caller("gp")).build());
        assertRefused(sameKid, "the bearer token's signature does not verify");

        String noKid = signWith(new JWSHeader.Builder(JWSAlgorithm.ES256).build(), signer(EC),
                claims(DemoUsers.caller("gp")).build());
        assertRefused(noKid, "the bearer token does not name its signing key (kid)");
    }

    @Test
    void anUnsignedTokenIsRefused() {
        JWTClaimsSet claims = claims(DemoUsers.caller("gp")).build();
        String none = new PlainJWT(claims).serialize();
        assertRefused(none, "the bearer token is not signed; only RS256 and ES256 signatures are accepted");

        String[] signed = sign(JWSAlgorithm.ES256, claims).split("\\.");
        String noneHeader = Base64URL.encode("{\"alg\":\"none\",\"kid\":\"ec-1\"}").toString();
        assertRefused(noneHeader + "." + signed[1] + ".", "the bearer token is not signed; only RS256 and ES256 signatures are accepted");
        assertRefused(noneHeader + "." + signed[1] + "." + signed[2], "the bearer token is not a well-formed JWT");
    }

    @Test
    void anHmacTokenKeyedWithTheIssuersPublicRsaKeyIsRefused() throws JOSEException {
        // The key-confusion attack: the public key is public, so a verifier that lets the token's
        // header choose HMAC would accept a MAC computed with it as the secret.
        byte[] publicKeyBytes = RSA.toRSAPublicKey().getEncoded();
        JWTClaimsSet claims = claims(DemoUsers.caller("gp")).build();
        for (JWSAlgorithm hmac : List.of(JWSAlgorithm.HS256, JWSAlgorithm.HS384, JWSAlgorithm.HS512)) {
            String token = signWith(new JWSHeader.Builder(hmac).keyID(RSA.getKeyID()).build(), new MACSigner(publicKeyBytes), claims);
            assertRefused(token, "the bearer token's signature algorithm is not accepted; only RS256 and ES256 are");
        }
        String hmacUnderRs256 = relabel(signWith(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID(RSA.getKeyID()).build(),
                new MACSigner(publicKeyBytes), claims), "{\"alg\":\"RS256\",\"kid\":\"" + RSA.getKeyID() + "\"}");
        assertRefused(hmacUnderRs256, "the bearer token's signature does not verify");
    }

    @Test
    void otherSignatureAlgorithmsAreRefusedEvenWithTheIssuersKeys() throws JOSEException {
        JWTClaimsSet claims = claims(DemoUsers.caller("gp")).build();
        for (JWSAlgorithm algorithm : List.of(JWSAlgorithm.RS512, JWSAlgorithm.PS256)) {
            String token = signWith(new JWSHeader.Builder(algorithm).keyID(RSA.getKeyID()).build(), new RSASSASigner(RSA), claims);
            assertRefused(token, "the bearer token's signature algorithm is not accepted; only RS256 and ES256 are");
        }
        ECKey p384 = new ECKeyGenerator(Curve.P_384).keyID("ec-384").generate();
        String es384 = signWith(new JWSHeader.Builder(JWSAlgorithm.ES384).keyID("ec-384").build(), new ECDSASigner(p384), claims);
        assertRefused(es384, "the bearer token's signature algorithm is not accepted; only RS256 and ES256 are");
    }

    @Test
    void anRsaKeyShorterThan2048BitsIsNotTrustedEvenWhenPublished() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(1024);
        var pair = generator.generateKeyPair();
        RSAKey weak = new RSAKey.Builder((RSAPublicKey) pair.getPublic()).privateKey((RSAPrivateKey) pair.getPrivate())
                .keyID("weak").build();
        TokenVerifier trustingWeak = new TokenVerifier(List.of(new TrustedIssuer(ISSUER, AUDIENCE,
                new TrustedIssuer.JwkSet(new JWKSet(weak.toPublicJWK()).toString()))), clock);
        String token = signWith(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("weak").build(),
                new RSASSASigner(weak.toPrivateKey(), Set.of(AllowWeakRSAKey.getInstance())), claims(DemoUsers.caller("gp")).build());

        assertThatThrownBy(() -> trustingWeak.authenticate("Bearer " + token, null))
                .isInstanceOf(OpenSpineException.Unauthenticated.class)
                .hasMessage("the bearer token's signature does not verify");
    }

    @Test
    void aRequestWithoutABearerTokenIsUnauthenticated() {
        for (String header : new String[] {null, "", "Bearer ", "Basic ZGVtbzpzZWNyZXQ="}) {
            assertThatThrownBy(() -> verifier.authenticate(header, null))
                    .isInstanceOf(OpenSpineException.Unauthenticated.class)
                    .hasMessageContaining("bearer token (Authorization: Bearer ...)");
        }
        assertRefused("not-a-jwt", "the bearer token is not a well-formed JWT");
        assertRefused("x".repeat(TokenVerifier.MAX_TOKEN_CHARS + 1), "the bearer token is too long");
    }

    @Test
    void aSignedTokenWhoseClaimsDoNotDescribeACallerIsRefusedNamingTheClaim() {
        String noKind = sign(JWSAlgorithm.ES256, claims(DemoUsers.caller("gp")).claim(CallerClaims.KIND, null).build());
        assertRefused(noKind, "the bearer token's claims do not describe a caller: caller_kind is required");

        String badNhsNumber = sign(JWSAlgorithm.ES256, claims(DemoUsers.caller("patient"))
                .claim(CallerClaims.NHS_NUMBER, "9000000001").build());
        assertRefused(badNhsNumber, "the bearer token's claims do not describe a caller: nhs_number is not a valid NHS Number");
    }

    @Test
    void aRepeatedTokenIsRememberedButNotAcceptedAfterItExpires() {
        String bearer = "Bearer " + sign(JWSAlgorithm.ES256, claims(DemoUsers.caller("integrator"))
                .expirationTime(Date.from(START.plus(Duration.ofMinutes(5)))).build());
        Caller first = verifier.authenticate(bearer, null);

        assertThat(verifier.authenticate(bearer, null)).isSameAs(first);
        assertThat(verifier.rememberedTokens()).isEqualTo(1);

        clock.advance(Duration.ofMinutes(5).plus(TokenVerifier.CLOCK_SKEW));
        assertThatThrownBy(() -> verifier.authenticate(bearer, null))
                .isInstanceOf(OpenSpineException.Unauthenticated.class).hasMessage("the bearer token has expired");
        assertThat(verifier.rememberedTokens()).isZero();
    }

    @Test
    void theRememberedTokensStayWithinTheLimit() {
        TokenVerifier small = new TokenVerifier(List.of(new TrustedIssuer(ISSUER, AUDIENCE,
                new TrustedIssuer.JwkSet(new JWKSet(EC.toPublicJWK()).toString()))), clock, 3);
        for (int i = 0; i < 10; i++) {
            small.authenticate("Bearer " + sign(JWSAlgorithm.ES256, claims(DemoUsers.caller("gp")).build()), null);
            assertThat(small.rememberedTokens()).isBetween(1, 3);
        }
    }

    @Test
    void trustingTheSameIssuerTwiceOrUnreadableKeysStopsConstruction() {
        TrustedIssuer issuer = new TrustedIssuer(ISSUER, AUDIENCE, new TrustedIssuer.JwkSet("{\"keys\":[]}"));
        assertThatThrownBy(() -> new TokenVerifier(List.of(issuer, issuer), clock))
                .hasMessage("trusted issuer " + ISSUER + " is listed twice");
        assertThatThrownBy(() -> new TokenVerifier(List.of(new TrustedIssuer(ISSUER, AUDIENCE,
                new TrustedIssuer.JwkSet("{"))), clock)).hasMessageStartingWith("the keys of trusted issuer " + ISSUER);
        assertThatThrownBy(() -> new TrustedIssuer.JwksUri(java.net.URI.create("http://keys.openspine.invalid/jwks")))
                .hasMessageContaining("https");
    }

    private void assertRefused(String token, String message) {
        assertThatThrownBy(() -> verifier.authenticate("Bearer " + token, null))
                .isInstanceOf(OpenSpineException.Unauthenticated.class)
                .hasMessage(message)
                .message().doesNotContain(token);
    }

    private JWTClaimsSet.Builder claims(Caller caller) {
        return CallerClaims.write(caller, new JWTClaimsSet.Builder().issuer(ISSUER).audience(AUDIENCE)
                .issueTime(Date.from(START)).expirationTime(Date.from(START.plus(Duration.ofMinutes(10)))));
    }

    private static String sign(JWSAlgorithm algorithm, JWTClaimsSet claims) {
        return sign(algorithm, algorithm == JWSAlgorithm.RS256 ? RSA : EC, claims);
    }

    private static String sign(JWSAlgorithm algorithm, JWK key, JWTClaimsSet claims) {
        return signWith(new JWSHeader.Builder(algorithm).keyID(key.getKeyID()).build(), signer(key), claims);
    }

    private static JWSSigner signer(JWK key) {
        try {
            return key instanceof RSAKey rsa ? new RSASSASigner(rsa) : new ECDSASigner((ECKey) key);
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String signWith(JWSHeader header, JWSSigner signer, JWTClaimsSet claims) {
        SignedJWT jwt = new SignedJWT(header, claims);
        try {
            jwt.sign(signer);
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
        return jwt.serialize();
    }

    /** @return {@code token} with its header replaced by {@code headerJson}, payload and signature kept */
    private static String relabel(String token, String headerJson) {
        return Base64URL.encode(headerJson) + token.substring(token.indexOf('.'));
    }

    private static RSAKey generateRsa() {
        try {
            return new RSAKeyGenerator(2048).keyID("rsa-1").generate();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    private static ECKey generateEc(String kid) {
        try {
            return new ECKeyGenerator(Curve.P_256).keyID(kid).generate();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }
}
