package org.openspine.server;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.openspine.identity.number.NhsNumberRange;
import org.openspine.platform.database.DatabaseConfig;
import org.openspine.platform.http.HttpConfig;
import org.openspine.platform.http.RateLimit;
import org.openspine.platform.http.TlsConfig;
import org.openspine.platform.http.TrustedProxies;
import org.openspine.exchange.message.ExchangeSettings;

/**
 * Everything {@code serve} is configured with, read once from the command line and environment
 * and checked before anything starts; a bad value stops start-up with a message naming the setting.
 *
 * <p>Secrets (database user and password, TLS keystore password) come only from the environment
 * ({@code OPENSPINE_DB_USER}, {@code OPENSPINE_DB_PASSWORD}, {@code OPENSPINE_TLS_KEYSTORE_PASSWORD}),
 * never from the command line or the repository.
 *
 * @param http      listener settings
 * @param database  embedded (data directory) or external (URL)
 * @param dataDir   where OpenSpine keeps its files (embedded database, keys)
 * @param demo      seed the demo population at start
 * @param profiles  a directory or .tgz of conformance resources for {@code $validate}
 * @param security  trusted token issuers, the built-in issuer and demo users
 * @param nhsNumbers the range new NHS Numbers are allocated from (demographics create)
 * @param exchange  message lifetimes and sizes, and the MESH shared key
 */
public record ServerConfig(HttpConfig http, DatabaseConfig database, Path dataDir, boolean demo,
        Optional<Path> profiles, SecurityConfig security, NhsNumberRange nhsNumbers, ExchangeConfig exchange) {

    public ServerConfig {
        Objects.requireNonNull(http, "http");
        Objects.requireNonNull(database, "database");
        Objects.requireNonNull(dataDir, "dataDir");
        Objects.requireNonNull(profiles, "profiles");
        Objects.requireNonNull(security, "security");
        Objects.requireNonNull(exchange, "exchange");
    }

    /** Usage text for {@code serve}. */
    static final String USAGE = """
            usage: openspine serve [--demo] [--demo-users] [--port N] [--host ADDR] [--data-dir DIR] [--db-url URL]
                                   [--db-pool N] [--max-body BYTES] [--profiles DIR|FILE.tgz]
                                   [--tls-keystore FILE.p12] [--cors-origins URL,...] [--rate-limit N] [--rate-burst N]
                                   [--trusted-proxies ADDR,...] [--audience AUD] [--issuer-url URL] [--nhs-number-range FIRST-LAST]
                                   [--message-expiry-days N] [--message-retention-days N] [--mesh-max-chunk BYTES]
              --demo             seed the demo population (idempotent) and turn demo users on
              --demo-users       demo sign-in at /auth/sign-in (gp, nurse, patient, integrator, ...) without seeding
              --port N           HTTP port (default 8080; env OPENSPINE_PORT)
              --host ADDR        interface to listen on (default 127.0.0.1; 0.0.0.0 for all)
              --data-dir DIR     data directory (default ./data; env OPENSPINE_DATA_DIR)
              --db-url URL       use this PostgreSQL instead of the embedded one (env OPENSPINE_DB_URL);
                                 credentials from OPENSPINE_DB_USER / OPENSPINE_DB_PASSWORD
              --db-pool N        database connections (default 16)
              --max-body BYTES   largest request body (default 10485760)
              --profiles PATH    StructureDefinitions etc. for $validate: a directory of JSON or an NPM .tgz
              --tls-keystore F   serve HTTPS only, with this PKCS12 keystore (env OPENSPINE_TLS_KEYSTORE);
                                 its password only from OPENSPINE_TLS_KEYSTORE_PASSWORD
              --cors-origins L   comma-separated browser origins allowed cross-origin, e.g. https://app.example
                                 (default none: no CORS headers; env OPENSPINE_CORS_ORIGINS)
              --rate-limit N     requests a second per client, 0 for no limit (default 10000; env OPENSPINE_RATE_LIMIT)
              --rate-burst N     requests a client may make at once (default twice --rate-limit)
              --trusted-proxies L  reverse proxies (IP addresses, CIDR blocks or ranges, comma-separated) whose
                                 X-Forwarded-For names the client for audit and limits (default none: the
                                 connection's address; env OPENSPINE_TRUSTED_PROXIES)
              --audience AUD     the aud bearer tokens must carry (default openspine; env OPENSPINE_AUDIENCE)
              --issuer-url URL   the built-in issuer's iss and base URL (default http://localhost:PORT;
                                 env OPENSPINE_ISSUER_URL)
              --nhs-number-range FIRST-LAST
                                 nine-digit stems new NHS Numbers are allocated from, for demo and test
                                 environments (default 999000000-999999999, the NHS test range;
                                 env OPENSPINE_NHS_NUMBER_RANGE)
              --message-expiry-days N     days a message waits unacknowledged before it expires and its sender
                                          gets a non-delivery report (default 5, as MESH)
              --message-retention-days N  days a message is kept, in any state (default 30, as MESH)
              --mesh-max-chunk BYTES      largest MESH chunk accepted (default 100000000, as MESH)
            environment only:
              OPENSPINE_BUILTIN_ISSUER=on|off       the built-in token issuer (default on; off in production)
              OPENSPINE_TRUSTED_ISSUERS=iss=jwksUrl,...   external identity providers whose tokens are accepted
              OPENSPINE_MESH_SHARED_KEY=KEY         the MESH environment's shared key for NHSMESH signatures
                                                    (default: none, bearer tokens only; with --demo the public
                                                    MESH sandbox's TestKey)
              OPENSPINE_MONITOR_WEBHOOK=URL         where the delivery monitor POSTs its alerts (JSON)
            """;

    /**
     * @param args the arguments after {@code serve}
     * @param env  the process environment
     * @throws IllegalArgumentException naming the bad or unknown setting
     */
    public static ServerConfig parse(List<String> args, Map<String, String> env) {
        int port = intSetting("OPENSPINE_PORT", env.getOrDefault("OPENSPINE_PORT", "8080"));
        // Loopback by default: exposing patient data to a network is a deliberate act (with TLS, or behind a proxy).
        String host = "127.0.0.1";
        Path dataDir = Path.of(env.getOrDefault("OPENSPINE_DATA_DIR", "data"));
        String dbUrl = env.get("OPENSPINE_DB_URL");
        int pool = 16;
        long maxBody = HttpConfig.DEFAULT_MAX_BODY_BYTES;
        boolean demo = false;
        boolean demoUsers = false;
        Optional<Path> profiles = Optional.empty();
        String keystore = env.get("OPENSPINE_TLS_KEYSTORE");
        String origins = env.getOrDefault("OPENSPINE_CORS_ORIGINS", "");
        String proxies = env.getOrDefault("OPENSPINE_TRUSTED_PROXIES", "");
        int rate = intSetting("OPENSPINE_RATE_LIMIT",
                env.getOrDefault("OPENSPINE_RATE_LIMIT", Integer.toString(RateLimit.DEFAULT.perSecond())));
        Optional<Integer> burst = Optional.empty();
        String audience = env.getOrDefault("OPENSPINE_AUDIENCE", SecurityConfig.DEFAULT_AUDIENCE);
        String issuerUrl = env.get("OPENSPINE_ISSUER_URL");
        int expiryDays = 5;
        int retentionDays = 30;
        long maxChunk = ExchangeSettings.MESH.maxChunkBytes();
        NhsNumberRange nhsNumbers = env.containsKey("OPENSPINE_NHS_NUMBER_RANGE")
                ? NhsNumberRange.parse(env.get("OPENSPINE_NHS_NUMBER_RANGE")) : NhsNumberRange.TEST;
        List<String> rest = new ArrayList<>(args);
        while (!rest.isEmpty()) {
            String flag = rest.remove(0);
            switch (flag) {
                case "--demo" -> demo = true;
                case "--demo-users" -> demoUsers = true;
                case "--audience" -> audience = value(flag, rest);
                case "--issuer-url" -> issuerUrl = value(flag, rest);
                case "--port" -> port = intSetting(flag, value(flag, rest));
                case "--host" -> host = value(flag, rest);
                case "--data-dir" -> dataDir = Path.of(value(flag, rest));
                case "--db-url" -> dbUrl = value(flag, rest);
                case "--db-pool" -> pool = intSetting(flag, value(flag, rest));
                case "--max-body" -> maxBody = Long.parseLong(value(flag, rest));
                case "--profiles" -> profiles = Optional.of(Path.of(value(flag, rest)));
                case "--tls-keystore" -> keystore = value(flag, rest);
                case "--cors-origins" -> origins = value(flag, rest);
                case "--trusted-proxies" -> proxies = value(flag, rest);
                case "--rate-limit" -> rate = intSetting(flag, value(flag, rest));
                case "--rate-burst" -> burst = Optional.of(intSetting(flag, value(flag, rest)));
                case "--nhs-number-range" -> nhsNumbers = NhsNumberRange.parse(value(flag, rest));
                case "--message-expiry-days" -> expiryDays = intSetting(flag, value(flag, rest));
                case "--message-retention-days" -> retentionDays = intSetting(flag, value(flag, rest));
                case "--mesh-max-chunk" -> maxChunk = Long.parseLong(value(flag, rest));
                default -> throw new IllegalArgumentException("unknown option " + flag + "\n" + USAGE);
            }
        }
        DatabaseConfig.Location location = dbUrl == null || dbUrl.isBlank()
                ? new DatabaseConfig.Embedded(dataDir.toAbsolutePath())
                : new DatabaseConfig.External(dbUrl, env.get("OPENSPINE_DB_USER"), env.get("OPENSPINE_DB_PASSWORD"));
        SecurityConfig security = SecurityConfig.parse(audience, issuerUrl == null ? "http://localhost:" + port : issuerUrl,
                env.getOrDefault("OPENSPINE_BUILTIN_ISSUER", "on"), demo || demoUsers,
                env.getOrDefault("OPENSPINE_TRUSTED_ISSUERS", ""));
        HttpConfig http = new HttpConfig(host, port, maxBody, tls(keystore, env), corsOrigins(origins),
                rateLimit(rate, burst), TrustedProxies.parse(proxies));
        ExchangeConfig exchange = ExchangeConfig.of(expiryDays, retentionDays, maxChunk,
                Optional.ofNullable(env.get("OPENSPINE_MESH_SHARED_KEY")).filter(key -> !key.isBlank()),
                Optional.ofNullable(env.get("OPENSPINE_MONITOR_WEBHOOK")).filter(url -> !url.isBlank()), demo);
        return new ServerConfig(http, new DatabaseConfig(location, pool),
                dataDir.toAbsolutePath(), demo, profiles, security, nhsNumbers, exchange);
    }

    /** The keystore is opened here, so a wrong path or password stops start-up as a configuration error. */
    private static Optional<TlsConfig> tls(String keystore, Map<String, String> env) {
        if (keystore == null || keystore.isBlank()) {
            return Optional.empty();
        }
        String password = env.get("OPENSPINE_TLS_KEYSTORE_PASSWORD");
        if (password == null || password.isEmpty()) {
            throw new IllegalArgumentException("--tls-keystore needs the keystore password in the environment variable "
                    + "OPENSPINE_TLS_KEYSTORE_PASSWORD (never on the command line)");
        }
        TlsConfig tls = new TlsConfig(Path.of(keystore).toAbsolutePath(), password);
        try {
            tls.load();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--tls-keystore (password from OPENSPINE_TLS_KEYSTORE_PASSWORD): "
                    + e.getMessage(), e);
        }
        return Optional.of(tls);
    }

    /** Split only: {@link HttpConfig} checks each origin and names the one it refuses. */
    private static List<String> corsOrigins(String list) {
        return Arrays.stream(list.split(",")).map(String::strip).filter(origin -> !origin.isEmpty()).toList();
    }

    private static Optional<RateLimit> rateLimit(int perSecond, Optional<Integer> burst) {
        if (perSecond == 0) {
            return Optional.empty();
        }
        RateLimit limit;
        try {
            limit = RateLimit.perSecond(perSecond);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--rate-limit: " + e.getMessage() + " (0 turns limiting off)", e);
        }
        try {
            return Optional.of(burst.map(b -> new RateLimit(perSecond, b)).orElse(limit));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--rate-burst: " + e.getMessage(), e);
        }
    }

    private static String value(String flag, List<String> rest) {
        if (rest.isEmpty() || rest.get(0).startsWith("--")) {
            throw new IllegalArgumentException(flag + " needs a value\n" + USAGE);
        }
        return rest.remove(0);
    }

    private static int intSetting(String name, String value) {
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a whole number, was '" + value + "'", e);
        }
    }
}
