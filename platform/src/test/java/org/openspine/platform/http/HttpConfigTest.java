package org.openspine.platform.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class HttpConfigTest {

    @Test
    void theShortFormIsPlainHttpWithTheDefaultRateLimitAndNoCors() {
        HttpConfig config = new HttpConfig("127.0.0.1", 8080, 4096);

        assertThat(config.scheme()).isEqualTo("http");
        assertThat(config.tls()).isEmpty();
        assertThat(config.corsOrigins()).isEmpty();
        assertThat(config.rateLimit()).contains(RateLimit.DEFAULT);
    }

    @Test
    void corsOriginsAreKeptAsBrowsersSendThem() {
        HttpConfig config = withOrigins(List.of(" HTTPS://App.Example.NHS.uk ", "http://localhost:3000",
                "https://app.example.nhs.uk"));

        assertThat(config.corsOrigins()).containsExactly("https://app.example.nhs.uk", "http://localhost:3000");
    }

    @Test
    void aCorsOriginMustBeSchemeHostAndPortOnly() {
        for (String bad : List.of("*", "null", "app.example.nhs.uk", "ftp://app.example.nhs.uk", "https://app.example.nhs.uk/",
                "https://app.example.nhs.uk/path", "https://user@app.example.nhs.uk", "https://app.example.nhs.uk?x=1")) {
            assertThatThrownBy(() -> withOrigins(List.of(bad))).as(bad)
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("CORS origin '" + bad + "'");
        }
    }

    @Test
    void aRateLimitOutOfRangeIsRefusedNamingIt() {
        assertThatThrownBy(() -> new RateLimit(0, 10)).hasMessage("rate limit must be 1..1000000 requests a second, was 0");
        assertThatThrownBy(() -> new RateLimit(10, 0)).hasMessage("rate burst must be 1..1000000 requests, was 0");
        assertThat(RateLimit.perSecond(300)).isEqualTo(new RateLimit(300, 600));
        assertThat(RateLimit.perSecond(900_000).burst()).isEqualTo(1_000_000);
    }

    @Test
    void withTlsTheSchemeIsHttpsAndThePasswordIsNeverPrinted() {
        TlsConfig tls = new TlsConfig(Path.of("/etc/openspine/server.p12"), "s3cret-pass");
        HttpConfig config = new HttpConfig("0.0.0.0", 8443, 4096, Optional.of(tls), List.of(), Optional.empty());

        assertThat(config.scheme()).isEqualTo("https");
        assertThat(config.toString()).contains("/etc/openspine/server.p12").doesNotContain("s3cret-pass");
        assertThatThrownBy(() -> new TlsConfig(Path.of("/x.p12"), "")).hasMessage("TLS keystore /x.p12 needs a password");
    }

    private static HttpConfig withOrigins(List<String> origins) {
        return new HttpConfig("127.0.0.1", 0, 4096, Optional.empty(), origins, Optional.empty());
    }
}
