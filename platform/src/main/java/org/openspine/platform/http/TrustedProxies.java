package org.openspine.platform.http;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.eclipse.jetty.util.InetAddressSet;

/**
 * The reverse proxies (load balancers, TLS terminators) whose {@code X-Forwarded-For} this server believes, so
 * that behind them the audit trail and the per-address limits see the client's address, not the proxy's.
 *
 * <p>A request that arrives from one of them names its client by the rightmost address in
 * {@code X-Forwarded-For} that is not itself a trusted proxy: each proxy appends the address it received the
 * request from, so everything to the left of that came from the client and is not believed. A request from
 * anywhere else keeps its socket's address, whatever it sends. With none configured (the default), nothing is
 * believed.
 *
 * <p>Addresses are IP literals only, never host names: reading one must not ask DNS.
 * Immutable and thread-safe.
 */
public final class TrustedProxies {

    /** None: no forwarded address is believed. */
    public static final TrustedProxies NONE = new TrustedProxies(List.of());

    private static final Pattern IPV4 = Pattern.compile("(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}");
    /** Starting so, with a colon, {@link InetAddress#getByName} parses it as IPv6 or fails, and never asks DNS. */
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:][0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");
    private static final Pattern BLOCK = Pattern.compile("([^/]+)/(\\d{1,3})");
    /** The most addresses one header is read for: a chain of proxies is short, a forged header need not be. */
    private static final int MAX_HOPS = 20;

    private final List<String> patterns;
    private final InetAddressSet trusted = new InetAddressSet();

    /**
     * @param patterns the proxies: addresses ({@code 10.0.0.5}, {@code fd00::5}), CIDR blocks ({@code 10.0.0.0/8})
     *                 or ranges ({@code 10.0.0.1-10.0.0.9}); blank entries are ignored
     * @throws IllegalArgumentException naming the first entry that is not an IP address, block or range
     */
    public TrustedProxies(List<String> patterns) {
        this.patterns = patterns.stream().map(String::strip).filter(p -> !p.isEmpty()).toList();
        for (String pattern : this.patterns) {
            if (!isPattern(pattern)) {
                throw new IllegalArgumentException("trusted proxy '" + pattern + "' must be an IP address, a CIDR block "
                        + "(10.0.0.0/8) or a range (10.0.0.1-10.0.0.9)");
            }
            trusted.add(pattern);
        }
    }

    /** @return the proxies as configured */
    public List<String> patterns() {
        return patterns;
    }

    /** @return the proxies in a comma-separated list, e.g. {@code 10.0.0.0/8,192.168.1.5} */
    public static TrustedProxies parse(String list) {
        return new TrustedProxies(List.of(list.split(",")));
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof TrustedProxies proxies && proxies.patterns.equals(patterns);
    }

    @Override
    public int hashCode() {
        return patterns.hashCode();
    }

    @Override
    public String toString() {
        return "TrustedProxies" + patterns;
    }

    /** @return whether any proxy is trusted */
    public boolean any() {
        return !patterns.isEmpty();
    }

    /**
     * @param peer          the address the request's connection came from
     * @param forwardedFor  the request's {@code X-Forwarded-For} values, in the order received
     * @return the client's address, when {@code peer} is a trusted proxy and the header names one; else empty,
     *         and the peer is the client
     */
    Optional<InetAddress> client(InetAddress peer, List<String> forwardedFor) {
        if (!trusted.test(peer)) {
            return Optional.empty();
        }
        List<String> hops = forwardedFor.stream().flatMap(value -> java.util.Arrays.stream(value.split(",")))
                .map(String::strip).toList();
        InetAddress client = null;
        for (int i = hops.size() - 1; i >= 0 && i >= hops.size() - MAX_HOPS; i--) {
            Optional<InetAddress> hop = literal(hops.get(i));
            if (hop.isEmpty()) {
                break; // not an address: nothing to its left can be placed
            }
            client = hop.get();
            if (!trusted.test(client)) {
                break;
            }
        }
        return Optional.ofNullable(client);
    }

    private static boolean isPattern(String pattern) {
        int dash = pattern.indexOf('-');
        if (dash > 0) {
            return literal(pattern.substring(0, dash)).isPresent() && literal(pattern.substring(dash + 1)).isPresent();
        }
        var block = BLOCK.matcher(pattern);
        if (block.matches()) {
            Optional<InetAddress> base = literal(block.group(1));
            return base.isPresent() && Integer.parseInt(block.group(2)) <= base.get().getAddress().length * 8;
        }
        return literal(pattern).isPresent();
    }

    /**
     * @return the address {@code text} spells, when it is an IPv4 or IPv6 literal (an IPv6 one may be bracketed,
     *         either may carry a port, as some proxies write them); never a DNS lookup
     */
    static Optional<InetAddress> literal(String text) {
        String address = text.strip();
        if (address.startsWith("[")) {
            int close = address.indexOf(']');
            address = close < 0 ? "" : address.substring(1, close);
        } else if (address.indexOf(':') == address.lastIndexOf(':') && address.indexOf(':') > 0) {
            address = address.substring(0, address.indexOf(':')); // IPv4 with a port
        }
        if (!IPV4.matcher(address).matches() && !IPV6.matcher(address).matches()) {
            return Optional.empty();
        }
        try {
            return Optional.of(InetAddress.getByName(address)); // a literal: parsed, not looked up
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
    }
}
