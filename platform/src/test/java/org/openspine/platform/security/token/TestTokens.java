package org.openspine.platform.security.token;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.JWKSet;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.openspine.platform.security.Authentication;
import org.openspine.platform.security.Caller;

/**
 * Real bearer tokens for tests in any module: an in-memory issuer (an EC P-256 key made once per
 * JVM) and a real {@link TokenVerifier} that trusts it and nothing else.
 *
 * <pre>
 * Authentication authentication = TestTokens.authentication();        // hand to the HTTP server
 * http.request("GET", "/fhir/R4/Patient")
 *     .header("Authorization", TestTokens.bearer(TestTokens.integrator())).send();
 * </pre>
 *
 * A server started with its own configuration accepts these tokens once {@link #trustedIssuer()} is
 * among its trusted issuers. Tokens last {@link #LIFETIME}, against the system clock. Thread-safe.
 */
public final class TestTokens {

    /** The {@code iss} of test tokens. */
    public static final String ISSUER = "https://test-issuer.openspine.invalid";
    /** The {@code aud} of test tokens: OpenSpine's default audience. */
    public static final String AUDIENCE = "openspine";
    /** How long test tokens last: longer than any test run. */
    public static final Duration LIFETIME = Duration.ofHours(12);

    private TestTokens() {
    }

    /** @return a verifier that accepts exactly the tokens of this class */
    public static Authentication authentication() {
        return Issuer.VERIFIER;
    }

    /** @return the test issuer, to add to a server's trusted issuers */
    public static TrustedIssuer trustedIssuer() {
        return Issuer.TRUSTED;
    }

    /** @return a signed access token (compact JWT) for {@code caller}; staff act in their {@code acting} role profile */
    public static String token(Caller caller) {
        return Issuer.MINTER.mint(caller, LIFETIME);
    }

    /** @return the {@code Authorization} header value for {@code caller}: {@code Bearer <token>} */
    public static String bearer(Caller caller) {
        return "Bearer " + token(caller);
    }

    /** @return the demo system client: {@code system/*.read system/*.write} */
    public static Caller.SystemClient integrator() {
        return (Caller.SystemClient) DemoUsers.caller("integrator");
    }

    /** @return the demo GP, Dr Aisha Rahman, acting at practice A81001 (she also holds a role at A81002) */
    public static Caller.Staff gp() {
        return (Caller.Staff) DemoUsers.caller("gp");
    }

    /** @return the demo patient, NHS Number 9000000009, proofed to P9 */
    public static Caller.Citizen patient() {
        return (Caller.Citizen) DemoUsers.caller("patient");
    }

    /** @return a system client with exactly {@code scopes} */
    public static Caller.SystemClient system(String... scopes) {
        return new Caller.SystemClient("test-system", "Test System", Set.of(scopes));
    }

    /** The key and verifier, made on first use (key generation is a few milliseconds, once per JVM). */
    private static final class Issuer {
        private static final TokenMinter MINTER;
        private static final TrustedIssuer TRUSTED;
        private static final TokenVerifier VERIFIER;

        static {
            ECKey key;
            try {
                key = new ECKeyGenerator(Curve.P_256).keyUse(KeyUse.SIGNATURE).keyID("test-key").generate();
            } catch (JOSEException e) {
                throw new ExceptionInInitializerError(e);
            }
            MINTER = new TokenMinter(key, ISSUER, AUDIENCE, Clock.systemUTC());
            TRUSTED = new TrustedIssuer(ISSUER, AUDIENCE, new TrustedIssuer.JwkSet(new JWKSet(key.toPublicJWK()).toString()));
            VERIFIER = new TokenVerifier(List.of(TRUSTED), Clock.systemUTC());
        }
    }
}
