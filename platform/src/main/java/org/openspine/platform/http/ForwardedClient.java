package org.openspine.platform.http;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.List;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.ConnectionMetaData;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.Request;

/**
 * Gives a request that came through a trusted proxy the address of the client the proxy forwarded it for (see
 * {@link TrustedProxies}), before any handler runs: the audit trail, the rate limiters and the failed
 * authentication limit all then see the client. Jetty's own {@code ForwardedRequestCustomizer} believes every
 * sender, so anyone could choose the address they are counted and audited by.
 */
final class ForwardedClient implements HttpConfiguration.Customizer {

    private final TrustedProxies proxies;

    ForwardedClient(TrustedProxies proxies) {
        this.proxies = proxies;
    }

    @Override
    public Request customize(Request request, HttpFields.Mutable responseHeaders) {
        if (!(request.getConnectionMetaData().getRemoteSocketAddress() instanceof InetSocketAddress peer)
                || peer.getAddress() == null) {
            return request;
        }
        List<String> forwardedFor = request.getHeaders().getValuesList(HttpHeader.X_FORWARDED_FOR);
        if (forwardedFor.isEmpty()) {
            return request;
        }
        return proxies.client(peer.getAddress(), forwardedFor)
                .<Request>map(client -> new Forwarded(request, new InetSocketAddress(client, peer.getPort())))
                .orElse(request);
    }

    /** The request as the proxy received it: from the client's address. */
    private static final class Forwarded extends Request.Wrapper {

        private final ConnectionMetaData connection;

        Forwarded(Request request, SocketAddress client) {
            super(request);
            connection = new ConnectionMetaData.Wrapper(request.getConnectionMetaData()) {
                @Override
                public SocketAddress getRemoteSocketAddress() {
                    return client;
                }
            };
        }

        @Override
        public ConnectionMetaData getConnectionMetaData() {
            return connection;
        }
    }
}
