package org.openspine.server;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.openspine.platform.database.DatabaseConfig;
import org.openspine.platform.http.HttpConfig;

/**
 * Everything {@code serve} is configured with, read once from the command line and environment
 * and checked before anything starts; a bad value stops start-up with a message naming the setting.
 *
 * <p>Secrets (database user and password) come only from the environment
 * ({@code OPENSPINE_DB_USER}, {@code OPENSPINE_DB_PASSWORD}), never from the command line or the
 * repository.
 *
 * @param http      listener settings
 * @param database  embedded (data directory) or external (URL)
 * @param dataDir   where OpenSpine keeps its files (embedded database, keys)
 * @param demo      seed the demo population at start
 * @param profiles  a directory or .tgz of conformance resources for {@code $validate}
 * @param security  trusted token issuers, the built-in issuer and demo users
 */
public record ServerConfig(HttpConfig http, DatabaseConfig database, Path dataDir, boolean demo,
        Optional<Path> profiles, SecurityConfig security) {

    public ServerConfig {
        Objects.requireNonNull(http, "http");
        Objects.requireNonNull(database, "database");
        Objects.requireNonNull(dataDir, "dataDir");
        Objects.requireNonNull(profiles, "profiles");
        Objects.requireNonNull(security, "security");
    }

    /** Usage text for {@code serve}. */
    static final String USAGE = """
            usage: openspine serve [--demo] [--demo-users] [--port N] [--host ADDR] [--data-dir DIR] [--db-url URL]
                                   [--db-pool N] [--max-body BYTES] [--profiles DIR|FILE.tgz]
                                   [--audience AUD] [--issuer-url URL]
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
              --audience AUD     the aud bearer tokens must carry (default openspine; env OPENSPINE_AUDIENCE)
              --issuer-url URL   the built-in issuer's iss and base URL (default http://localhost:PORT;
                                 env OPENSPINE_ISSUER_URL)
            environment only:
              OPENSPINE_BUILTIN_ISSUER=on|off       the built-in token issuer (default on; off in production)
              OPENSPINE_TRUSTED_ISSUERS=iss=jwksUrl,...   external identity providers whose tokens are accepted
            """;

    /**
     * @param args the arguments after {@code serve}
     * @param env  the process environment
     * @throws IllegalArgumentException naming the bad or unknown setting
     */
    static ServerConfig parse(List<String> args, Map<String, String> env) {
        int port = intSetting("OPENSPINE_PORT", env.getOrDefault("OPENSPINE_PORT", "8080"));
        // Loopback until authentication lands (Security issue): exposing the API is a deliberate act.
        String host = "127.0.0.1";
        Path dataDir = Path.of(env.getOrDefault("OPENSPINE_DATA_DIR", "data"));
        String dbUrl = env.get("OPENSPINE_DB_URL");
        int pool = 16;
        long maxBody = HttpConfig.DEFAULT_MAX_BODY_BYTES;
        boolean demo = false;
        boolean demoUsers = false;
        Optional<Path> profiles = Optional.empty();
        String audience = env.getOrDefault("OPENSPINE_AUDIENCE", SecurityConfig.DEFAULT_AUDIENCE);
        String issuerUrl = env.get("OPENSPINE_ISSUER_URL");
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
                default -> throw new IllegalArgumentException("unknown option " + flag + "\n" + USAGE);
            }
        }
        DatabaseConfig.Location location = dbUrl == null || dbUrl.isBlank()
                ? new DatabaseConfig.Embedded(dataDir.toAbsolutePath())
                : new DatabaseConfig.External(dbUrl, env.get("OPENSPINE_DB_USER"), env.get("OPENSPINE_DB_PASSWORD"));
        SecurityConfig security = SecurityConfig.parse(audience, issuerUrl == null ? "http://localhost:" + port : issuerUrl,
                env.getOrDefault("OPENSPINE_BUILTIN_ISSUER", "on"), demo || demoUsers,
                env.getOrDefault("OPENSPINE_TRUSTED_ISSUERS", ""));
        return new ServerConfig(new HttpConfig(host, port, maxBody), new DatabaseConfig(location, pool),
                dataDir.toAbsolutePath(), demo, profiles, security);
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
