package org.openspine.platform.security.token;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import io.javalin.config.RoutesConfig;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;
import org.openspine.platform.audit.SecurityEvents;
import org.openspine.platform.http.HttpRoutes;
import org.openspine.platform.secret.OwnerOnlyFile;
import org.openspine.platform.security.Caller;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * OpenSpine's own token issuer, for demonstration and development; production trusts external
 * identity providers instead and can switch this off. It signs ES256 tokens with an EC P-256 key
 * kept in {@code <dataDir>/security/issuer-key.json} (made on first start, owner-only, reused after
 * restarts) and serves, all without a token ({@link #publicPaths()}):
 *
 * <ul>
 *   <li>{@code GET /auth/jwks.json}: its public key;</li>
 *   <li>{@code GET /.well-known/openid-configuration}: issuer, token endpoint and JWKS URL;</li>
 *   <li>{@code POST /auth/token}: the OAuth2 client credentials grant for systems;</li>
 *   <li>{@code GET} and {@code POST /auth/sign-in}: demo sign-in (404 unless demo users are on).</li>
 * </ul>
 *
 * <p>With demo users on, the {@link DemoUsers} can sign in, and their system client
 * ({@code demo-integrator}) can also use the client credentials grant with the secret in
 * {@code <dataDir>/security/demo-client-secret} (random, made on first start, owner-only). With
 * them off, no client is registered and nobody can get a token here.
 *
 * <p>Thread-safe once opened.
 */
public final class BuiltInIssuer implements HttpRoutes {

    /** How long its tokens last. */
    public static final Duration TOKEN_LIFETIME = Duration.ofHours(1);
    /** Its public signing keys. */
    public static final String JWKS_PATH = "/auth/jwks.json";
    /** Its OpenID Provider-style metadata. */
    public static final String DISCOVERY_PATH = "/.well-known/openid-configuration";
    /** The client credentials grant. */
    public static final String TOKEN_PATH = "/auth/token";
    /** Demo sign-in. */
    public static final String SIGN_IN_PATH = "/auth/sign-in";
    /** The file holding the signing key, under the data directory. */
    public static final String KEY_FILE = "security/issuer-key.json";
    /** The file holding the demo system client's secret, under the data directory. */
    public static final String CLIENT_SECRET_FILE = "security/demo-client-secret";

    private static final Logger LOG = LoggerFactory.getLogger(BuiltInIssuer.class);

    private final Settings settings;
    private final String publicKeys;
    private final TokenEndpoint tokens;
    private final DemoSignIn signIn;

    private BuiltInIssuer(Settings settings, TokenMinter minter, TokenEndpoint tokens, DemoSignIn signIn) {
        this.settings = settings;
        this.publicKeys = new JWKSet(minter.publicKey()).toString();
        this.tokens = tokens;
        this.signIn = signIn;
    }

    /**
     * Reads the signing key (and, with demo users on, the demo client secret) from the data
     * directory, creating them on first start. Blocks on file reads; key generation takes milliseconds.
     *
     * @param events where sign-ins (tokens handed out) and failed client authentications are recorded
     * @throws IllegalStateException naming the file when it cannot be read, written or understood
     */
    public static BuiltInIssuer open(Settings settings, Clock clock, SecurityEvents events) {
        Path keyFile = settings.dataDir().resolve(KEY_FILE);
        boolean created = !Files.exists(keyFile);
        ECKey key = signingKey(keyFile);
        TokenMinter minter = new TokenMinter(key, settings.issuer(), settings.audience(), clock);
        List<TokenEndpoint.Client> clients = List.of();
        if (settings.demoUsers()) {
            String secret = secret(settings.dataDir().resolve(CLIENT_SECRET_FILE));
            clients = DemoUsers.ALL.stream().map(DemoUsers.DemoUser::caller)
                    .filter(Caller.SystemClient.class::isInstance).map(Caller.SystemClient.class::cast)
                    .map(system -> new TokenEndpoint.Client(system.id(), secret, system)).toList();
        }
        LOG.info("built-in token issuer {}: signing key {} {} {}; demo sign-in {}", settings.issuer(), key.getKeyID(),
                created ? "created in" : "read from", keyFile, settings.demoUsers() ? "on" : "off");
        SignInAudit audit = new SignInAudit(events, clock);
        return new BuiltInIssuer(settings, minter, new TokenEndpoint(clients, minter, TOKEN_LIFETIME, audit),
                new DemoSignIn(settings.demoUsers(), minter, TOKEN_LIFETIME, audit));
    }

    /** @return this issuer as the verifier must trust it: its {@code iss}, audience and public key */
    public TrustedIssuer trustedIssuer() {
        return new TrustedIssuer(settings.issuer(), settings.audience(), new TrustedIssuer.JwkSet(publicKeys));
    }

    /** @return the paths this issuer serves, every one of which must be reachable without a token */
    public Set<String> publicPaths() {
        return Set.of(JWKS_PATH, DISCOVERY_PATH, TOKEN_PATH, SIGN_IN_PATH);
    }

    @Override
    public void register(RoutesConfig routes) {
        routes.get(JWKS_PATH, ctx -> ctx.header("Cache-Control", "public, max-age=300")
                .contentType("application/json;charset=utf-8").result(publicKeys));
        routes.get(DISCOVERY_PATH, ctx -> {
            var metadata = OAuthReplies.object().put("issuer", settings.issuer())
                    .put("jwks_uri", settings.issuer() + JWKS_PATH).put("token_endpoint", settings.issuer() + TOKEN_PATH);
            metadata.putArray("grant_types_supported").add("client_credentials");
            metadata.putArray("token_endpoint_auth_methods_supported").add("client_secret_basic").add("client_secret_post");
            metadata.putArray("scopes_supported").add("system/*.read").add("system/*.write");
            metadata.putArray("subject_types_supported").add("public");
            metadata.putArray("id_token_signing_alg_values_supported").add("ES256");
            metadata.putArray("claims_supported").add("iss").add("aud").add("sub").add("exp").add("iat").add("jti")
                    .add(CallerClaims.NAME).add(CallerClaims.KIND).add(CallerClaims.ROLES).add(CallerClaims.SELECTED_ROLE)
                    .add(CallerClaims.NHS_NUMBER).add(CallerClaims.PROOFING).add(CallerClaims.SCOPE);
            ctx.contentType("application/json;charset=utf-8").result(metadata.toString());
        });
        routes.post(TOKEN_PATH, tokens::handle);
        routes.get(SIGN_IN_PATH, signIn::page);
        routes.post(SIGN_IN_PATH, signIn::signIn);
    }

    /** @return the issuer's {@code iss} value */
    public String issuer() {
        return settings.issuer();
    }

    private static ECKey signingKey(Path file) {
        String json = readOrCreate(file, "the built-in issuer's signing key", () -> {
            try {
                return new ECKeyGenerator(Curve.P_256).keyUse(KeyUse.SIGNATURE).algorithm(JWSAlgorithm.ES256)
                        .keyIDFromThumbprint(true).generate().toJSONString();
            } catch (JOSEException e) {
                throw new IllegalStateException("cannot generate an EC P-256 key for the built-in issuer", e);
            }
        });
        try {
            ECKey key = ECKey.parse(json);
            if (!Curve.P_256.equals(key.getCurve()) || !key.isPrivate() || key.getKeyID() == null) {
                throw new IllegalStateException(file + " must hold a private EC P-256 key with a kid");
            }
            return key;
        } catch (ParseException e) {
            throw new IllegalStateException(file + " is not a JWK (delete it to make a new key; tokens signed"
                    + " with the old one stop being accepted)", e);
        }
    }

    private static String secret(Path file) {
        String secret = readOrCreate(file, "the demo client secret", () -> {
            byte[] random = new byte[32];
            new SecureRandom().nextBytes(random);
            return Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        }).strip();
        if (secret.length() < 16) {
            throw new IllegalStateException(file + " must hold a client secret of at least 16 characters");
        }
        return secret;
    }

    private static String readOrCreate(Path file, String what, Supplier<String> create) {
        try {
            return OwnerOnlyFile.readOrCreate(file, what, create).text();
        } catch (UncheckedIOException e) {
            throw new IllegalStateException("the built-in issuer " + e.getMessage(), e);
        }
    }

    /**
     * How the built-in issuer is set up.
     *
     * @param issuer    its {@code iss} value and the base URL of its endpoints, e.g.
     *                  {@code http://localhost:8080} (no trailing slash)
     * @param audience  the {@code aud} of its tokens: this service's audience
     * @param dataDir   where its key and the demo client secret are kept (under {@code security/})
     * @param demoUsers whether the demo users can sign in
     */
    public record Settings(String issuer, String audience, Path dataDir, boolean demoUsers) {
        public Settings {
            if (issuer == null || issuer.isBlank() || issuer.endsWith("/")) {
                throw new IllegalArgumentException("the built-in issuer needs an issuer URL without a trailing slash, was "
                        + issuer);
            }
            if (audience == null || audience.isBlank()) {
                throw new IllegalArgumentException("the built-in issuer needs an audience");
            }
            Objects.requireNonNull(dataDir, "dataDir");
        }
    }
}
