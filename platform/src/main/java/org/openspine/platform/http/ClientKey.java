package org.openspine.platform.http;

import io.javalin.http.Context;

/**
 * Names the client a request counts against for rate limiting. Requests with the same key share
 * one allowance. Called on every rate-limited request, so it must be cheap and must not block.
 */
@FunctionalInterface
public interface ClientKey {

    /**
     * The authenticated caller when the request has one ({@link RequestAccess}), so many callers
     * behind one proxy or NAT address each get their own allowance; else the remote address.
     */
    ClientKey CALLER_OR_ADDRESS = ctx -> RequestAccess.find(ctx)
            .map(access -> "caller:" + access.caller().id())
            .orElseGet(() -> "address:" + ctx.ip());

    /** @return the key of the client that sent {@code ctx}; never null */
    String of(Context ctx);
}
