package org.openspine.platform.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TrustedProxiesTest {

    private static final TrustedProxies LOAD_BALANCERS = TrustedProxies.parse("10.0.0.0/8, 192.168.1.5,fd00::/8");

    @Test
    void aRequestFromATrustedProxyIsFromTheRightmostAddressThatIsNotAProxy() {
        assertThat(client("10.1.2.3", "203.0.113.7")).contains("203.0.113.7");
        // the client wrote the leftmost itself; each proxy appended what it saw
        assertThat(client("10.1.2.3", "198.51.100.1, 203.0.113.7, 10.9.9.9")).contains("203.0.113.7");
        assertThat(client("192.168.1.5", "198.51.100.1", "203.0.113.7")).contains("203.0.113.7");
        assertThat(client("fd00::1", "[2001:db8::7]:4711")).contains("2001:db8:0:0:0:0:0:7");
        assertThat(client("10.1.2.3", "203.0.113.7:51000")).contains("203.0.113.7");
    }

    @Test
    void aRequestFromAnywhereElseKeepsItsOwnAddressWhateverItSends() {
        assertThat(client("203.0.113.50", "198.51.100.1")).isEmpty();
        assertThat(client("192.168.1.6", "198.51.100.1")).isEmpty();
        assertThat(TrustedProxies.NONE.any()).isFalse();
    }

    @Test
    void aHopThatIsNotAnAddressEndsTheWalkAtTheLastAddressBeforeIt() {
        assertThat(client("10.1.2.3", "203.0.113.7, unknown")).isEmpty();
        assertThat(client("10.1.2.3", "unknown, 203.0.113.7")).contains("203.0.113.7");
        assertThat(client("10.1.2.3", "evil.example, 10.2.2.2")).contains("10.2.2.2");
    }

    @Test
    void onlyIpLiteralsAreAddressesSoNoHeaderOrSettingCausesADnsLookup() {
        assertThat(TrustedProxies.literal("localhost")).isEmpty();
        assertThat(TrustedProxies.literal("proxy.example.nhs.uk")).isEmpty();
        assertThat(TrustedProxies.literal("256.1.1.1")).isEmpty();
        assertThat(TrustedProxies.literal(".:1")).isEmpty();
        assertThat(TrustedProxies.literal("fe80::1%eth0")).isEmpty();
        assertThat(TrustedProxies.literal("::1")).map(InetAddress::getHostAddress).contains("0:0:0:0:0:0:0:1");
        assertThatThrownBy(() -> TrustedProxies.parse("proxy.example.nhs.uk"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("trusted proxy 'proxy.example.nhs.uk' must be an IP address, a CIDR block (10.0.0.0/8) or a "
                        + "range (10.0.0.1-10.0.0.9)");
        assertThatThrownBy(() -> TrustedProxies.parse("10.0.0.0/33")).isInstanceOf(IllegalArgumentException.class);
        assertThat(TrustedProxies.parse("10.0.0.1-10.0.0.9, ,").patterns()).containsExactly("10.0.0.1-10.0.0.9");
        assertThat(TrustedProxies.parse("").any()).isFalse();
    }

    private static Optional<String> client(String peer, String... forwardedFor) {
        return LOAD_BALANCERS.client(TrustedProxies.literal(peer).orElseThrow(), List.of(forwardedFor))
                .map(InetAddress::getHostAddress);
    }
}
