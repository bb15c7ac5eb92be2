package org.openspine.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.openspine.platform.database.DatabaseConfig;
import org.openspine.platform.http.RateLimit;
import org.openspine.platform.http.TestKeystore;
import org.openspine.platform.security.token.TrustedIssuer;

class ServerConfigTest {

    @Test
    void defaultsArePort8080AnEmbeddedDatabaseInDataAndNoDemo() {
        ServerConfig config = ServerConfig.parse(List.of(), Map.of());

        assertThat(config.http().port()).isEqualTo(8080);
        assertThat(config.http().scheme()).isEqualTo("http");
        assertThat(config.http().corsOrigins()).isEmpty();
        assertThat(config.http().rateLimit()).contains(RateLimit.DEFAULT);
        assertThat(config.demo()).isFalse();
        assertThat(config.database().location()).isEqualTo(new DatabaseConfig.Embedded(Path.of("data").toAbsolutePath()));
    }

    @Test
    void flagsOverrideTheEnvironmentAndAnExternalUrlKeepsCredentialsFromTheEnvironment() {
        ServerConfig config = ServerConfig.parse(List.of("--demo", "--port", "9000", "--data-dir", "/tmp/x",
                "--db-url", "postgresql://db:5432/spine"), Map.of("OPENSPINE_PORT", "7000", "OPENSPINE_DB_USER", "spine",
                "OPENSPINE_DB_PASSWORD", "secret"));

        assertThat(config.http().port()).isEqualTo(9000);
        assertThat(config.demo()).isTrue();
        assertThat(config.dataDir()).isEqualTo(Path.of("/tmp/x"));
        DatabaseConfig.External external = (DatabaseConfig.External) config.database().location();
        assertThat(external.jdbcUrl()).isEqualTo("jdbc:postgresql://db:5432/spine");
        assertThat(external.user()).isEqualTo("spine");
        assertThat(external.toString()).doesNotContain("secret");
    }

    @Test
    void badOrUnknownSettingsAreRefusedNamingTheSetting() {
        assertThatThrownBy(() -> ServerConfig.parse(List.of("--port", "eighty"), Map.of()))
                .hasMessageContaining("--port").hasMessageContaining("eighty");
        assertThatThrownBy(() -> ServerConfig.parse(List.of("--port", "70000"), Map.of()))
                .hasMessageContaining("port");
        assertThatThrownBy(() -> ServerConfig.parse(List.of("--colour", "blue"), Map.of()))
                .hasMessageContaining("unknown option --colour");
        assertThatThrownBy(() -> ServerConfig.parse(List.of("--db-url"), Map.of()))
                .hasMessageContaining("--db-url needs a value");
        assertThatThrownBy(() -> ServerConfig.parse(List.of("--db-url", "mysql://x/y"), Map.of()))
                .hasMessageContaining("PostgreSQL");
    }

    @Test
    void aKeystoreWithItsPasswordInTheEnvironmentTurnsOnHttps() {
        TestKeystore keystore = TestKeystore.create();

        ServerConfig byFlag = ServerConfig.parse(List.of("--tls-keystore", keystore.keystore().toString()),
                Map.of("OPENSPINE_TLS_KEYSTORE_PASSWORD", keystore.password()));
        ServerConfig byEnvironment = ServerConfig.parse(List.of(), Map.of("OPENSPINE_TLS_KEYSTORE",
                keystore.keystore().toString(), "OPENSPINE_TLS_KEYSTORE_PASSWORD", keystore.password()));

        assertThat(byFlag.http().scheme()).isEqualTo("https");
        assertThat(byFlag.http().tls()).contains(keystore.config());
        assertThat(byEnvironment.http().tls()).contains(keystore.config());
        assertThat(byFlag.toString()).doesNotContain(keystore.password());
    }

    @Test
    void aKeystoreWithoutItsPasswordOrWithAWrongOneIsRefusedNamingTheSettings() {
        TestKeystore keystore = TestKeystore.create();
        List<String> args = List.of("--tls-keystore", keystore.keystore().toString());

        assertThatThrownBy(() -> ServerConfig.parse(args, Map.of()))
                .hasMessageContaining("--tls-keystore").hasMessageContaining("OPENSPINE_TLS_KEYSTORE_PASSWORD");
        assertThatThrownBy(() -> ServerConfig.parse(args, Map.of("OPENSPINE_TLS_KEYSTORE_PASSWORD", "wrong-password")))
                .hasMessage("--tls-keystore (password from OPENSPINE_TLS_KEYSTORE_PASSWORD): TLS keystore "
                        + keystore.keystore() + ": the password does not open it")
                .message().doesNotContain("wrong-password");
        assertThatThrownBy(() -> ServerConfig.parse(List.of("--tls-keystore", "/nonexistent/server.p12"),
                Map.of("OPENSPINE_TLS_KEYSTORE_PASSWORD", "x")))
                .hasMessageContaining("--tls-keystore").hasMessageContaining("/nonexistent/server.p12 does not exist");
    }

    @Test
    void corsOriginsAreAListFromTheFlagOrTheEnvironmentAndABadOneIsNamed() {
        ServerConfig byFlag = ServerConfig.parse(List.of("--cors-origins", "https://a.example, https://b.example:8443"),
                Map.of());
        ServerConfig byEnvironment = ServerConfig.parse(List.of(), Map.of("OPENSPINE_CORS_ORIGINS", "https://a.example"));

        assertThat(byFlag.http().corsOrigins()).containsExactly("https://a.example", "https://b.example:8443");
        assertThat(byEnvironment.http().corsOrigins()).containsExactly("https://a.example");
        assertThatThrownBy(() -> ServerConfig.parse(List.of("--cors-origins", "*"), Map.of()))
                .hasMessageContaining("CORS origin '*'");
        assertThatThrownBy(() -> ServerConfig.parse(List.of("--cors-origins", "https://a.example/app"), Map.of()))
                .hasMessageContaining("CORS origin 'https://a.example/app'");
    }

    @Test
    void trustedProxiesAreAListFromTheFlagOrTheEnvironmentNoneByDefaultAndABadOneIsNamed() {
        assertThat(ServerConfig.parse(List.of(), Map.of()).http().trustedProxies().any()).isFalse();
        assertThat(ServerConfig.parse(List.of("--trusted-proxies", "10.0.0.0/8, 192.168.1.5"), Map.of()).http()
                .trustedProxies().patterns()).containsExactly("10.0.0.0/8", "192.168.1.5");
        assertThat(ServerConfig.parse(List.of(), Map.of("OPENSPINE_TRUSTED_PROXIES", "fd00::/8")).http()
                .trustedProxies().patterns()).containsExactly("fd00::/8");
        assertThatThrownBy(() -> ServerConfig.parse(List.of("--trusted-proxies", "lb.example.nhs.uk"), Map.of()))
                .hasMessageContaining("trusted proxy 'lb.example.nhs.uk' must be an IP address");
    }

    @Test
    void theRateLimitTakesABurstOfTwoSecondsUnlessToldAndZeroTurnsItOff() {
        assertThat(ServerConfig.parse(List.of("--rate-limit", "50"), Map.of()).http().rateLimit())
                .contains(new RateLimit(50, 100));
        assertThat(ServerConfig.parse(List.of("--rate-limit", "50", "--rate-burst", "5"), Map.of()).http().rateLimit())
                .contains(new RateLimit(50, 5));
        assertThat(ServerConfig.parse(List.of(), Map.of("OPENSPINE_RATE_LIMIT", "70")).http().rateLimit())
                .contains(new RateLimit(70, 140));
        assertThat(ServerConfig.parse(List.of("--rate-limit", "0"), Map.of()).http().rateLimit()).isEmpty();
    }

    @Test
    void aBadRateLimitOrBurstIsRefusedNamingTheSetting() {
        assertThatThrownBy(() -> ServerConfig.parse(List.of("--rate-limit", "-1"), Map.of()))
                .hasMessageStartingWith("--rate-limit: rate limit must be 1..1000000 requests a second, was -1");
        assertThatThrownBy(() -> ServerConfig.parse(List.of("--rate-limit", "lots"), Map.of()))
                .hasMessageContaining("--rate-limit").hasMessageContaining("lots");
        assertThatThrownBy(() -> ServerConfig.parse(List.of("--rate-burst", "0"), Map.of()))
                .hasMessage("--rate-burst: rate burst must be 1..1000000 requests, was 0");
        assertThatThrownBy(() -> ServerConfig.parse(List.of(), Map.of("OPENSPINE_RATE_LIMIT", "fast")))
                .hasMessageContaining("OPENSPINE_RATE_LIMIT");
    }

    @Test
    void byDefaultTheBuiltInIssuerIsOnAtLocalhostWithoutDemoUsersAndAudienceOpenspine() {
        SecurityConfig security = ServerConfig.parse(List.of("--port", "9000"), Map.of()).security();

        assertThat(security).isEqualTo(new SecurityConfig("openspine", Optional.of("http://localhost:9000"), false, List.of()));
    }

    @Test
    void demoTurnsDemoUsersOnAndDemoUsersAloneDoesNotSeed() {
        ServerConfig demo = ServerConfig.parse(List.of("--demo"), Map.of());
        assertThat(demo.demo()).isTrue();
        assertThat(demo.security().demoUsers()).isTrue();

        ServerConfig users = ServerConfig.parse(List.of("--demo-users"), Map.of());
        assertThat(users.demo()).isFalse();
        assertThat(users.security().demoUsers()).isTrue();
    }

    @Test
    void productionTrustsExternalIssuersFromTheEnvironmentWithTheBuiltInIssuerOff() {
        SecurityConfig security = ServerConfig.parse(List.of("--audience", "spine-api"), Map.of(
                "OPENSPINE_BUILTIN_ISSUER", "off",
                "OPENSPINE_TRUSTED_ISSUERS", "https://cis2.example.invalid=https://cis2.example.invalid/jwks, "
                        + "https://login.example.invalid = https://login.example.invalid/.well-known/jwks.json")).security();

        assertThat(security.builtInIssuer()).isEmpty();
        assertThat(security.trustedIssuers()).containsExactly(
                new TrustedIssuer("https://cis2.example.invalid", "spine-api",
                        new TrustedIssuer.JwksUri(URI.create("https://cis2.example.invalid/jwks"))),
                new TrustedIssuer("https://login.example.invalid", "spine-api",
                        new TrustedIssuer.JwksUri(URI.create("https://login.example.invalid/.well-known/jwks.json"))));
        assertThat(ServerConfig.parse(List.of("--issuer-url", "https://spine.example.invalid/"),
                Map.of("OPENSPINE_AUDIENCE", "a")).security())
                .isEqualTo(new SecurityConfig("a", Optional.of("https://spine.example.invalid"), false, List.of()));
    }

    @Test
    void badSecuritySettingsAreRefusedNamingTheSetting() {
        assertThatThrownBy(() -> ServerConfig.parse(List.of(), Map.of("OPENSPINE_BUILTIN_ISSUER", "off")))
                .hasMessageContaining("no token issuer is trusted").hasMessageContaining("OPENSPINE_TRUSTED_ISSUERS");
        assertThatThrownBy(() -> ServerConfig.parse(List.of("--demo"), Map.of("OPENSPINE_BUILTIN_ISSUER", "off",
                "OPENSPINE_TRUSTED_ISSUERS", "https://a.invalid=https://a.invalid/jwks")))
                .hasMessageContaining("--demo").hasMessageContaining("OPENSPINE_BUILTIN_ISSUER=off");
        assertThatThrownBy(() -> ServerConfig.parse(List.of(), Map.of("OPENSPINE_BUILTIN_ISSUER", "maybe")))
                .hasMessage("OPENSPINE_BUILTIN_ISSUER must be on or off, was 'maybe'");
        assertThatThrownBy(() -> ServerConfig.parse(List.of(), Map.of("OPENSPINE_TRUSTED_ISSUERS", "https://a.invalid")))
                .hasMessage("OPENSPINE_TRUSTED_ISSUERS entries are iss=jwksUrl, was 'https://a.invalid'");
        assertThatThrownBy(() -> ServerConfig.parse(List.of(), Map.of("OPENSPINE_TRUSTED_ISSUERS",
                "https://a.invalid=http://a.invalid/jwks"))).hasMessageStartingWith("OPENSPINE_TRUSTED_ISSUERS: ")
                .hasMessageContaining("https");
        assertThatThrownBy(() -> ServerConfig.parse(List.of(), Map.of("OPENSPINE_TRUSTED_ISSUERS",
                "https://a.invalid=https://a.invalid/1,https://a.invalid=https://a.invalid/2")))
                .hasMessageContaining("names issuer https://a.invalid twice");
        assertThatThrownBy(() -> ServerConfig.parse(List.of("--issuer-url", "ftp://x"), Map.of()))
                .hasMessageStartingWith("--issuer-url must be an http(s) URL");
        assertThatThrownBy(() -> ServerConfig.parse(List.of("--audience", " "), Map.of()))
                .hasMessage("--audience must not be blank");
    }
}
