package org.openspine.platform.http;

import io.javalin.http.Context;
import java.util.List;
import java.util.Set;

/**
 * Cross-origin access for the browser origins configured, and for no one else. Registered only when
 * origins are configured: by default no response carries a CORS header, so browsers keep pages of
 * other sites from reading the API.
 *
 * <p>For an allowed {@code Origin}, a preflight ({@code OPTIONS} with
 * {@code Access-Control-Request-Method}) is answered 204 here with the methods and request headers
 * the API uses, and any other request gets {@code Access-Control-Allow-Origin} naming that origin
 * (never {@code *}) plus the response headers scripts may read. A request from any other origin gets
 * no CORS header: its preflight falls through to the routes (405) and the browser refuses. No
 * {@code Access-Control-Allow-Credentials}: the API takes bearer tokens, not cookies.
 */
final class CorsPolicy {

    private static final String METHODS = "GET, HEAD, POST, PUT, PATCH, DELETE";
    private static final String REQUEST_HEADERS = String.join(", ", List.of("Authorization", "Content-Type", "Accept",
            "If-Match", "If-None-Match", "If-None-Exist", "If-Modified-Since", "Prefer", "NHSD-Session-URID",
            "X-Request-ID", "X-Correlation-ID", "X-Break-Glass-Reason"));
    private static final String RESPONSE_HEADERS = String.join(", ", List.of("ETag", "Last-Modified", "Location",
            "Content-Location", "Retry-After", "X-Request-ID", "X-Correlation-ID"));
    /** How long a browser may reuse a preflight answer: ten minutes. */
    private static final String MAX_AGE = "600";

    private final Set<String> origins;

    /** @param origins exactly as browsers send them ({@link HttpConfig} normalises them) */
    CorsPolicy(List<String> origins) {
        this.origins = Set.copyOf(origins);
    }

    /** A before-handler: answers allowed preflights and marks allowed requests; leaves the rest alone. */
    void handle(Context ctx) {
        // The answer depends on Origin, so a shared cache must not reuse it for another origin.
        ctx.header("Vary", "Origin");
        String origin = ctx.header("Origin");
        if (origin == null || !origins.contains(origin)) {
            return;
        }
        ctx.header("Access-Control-Allow-Origin", origin);
        if (ctx.method().name().equals("OPTIONS") && ctx.header("Access-Control-Request-Method") != null) {
            ctx.header("Access-Control-Allow-Methods", METHODS);
            ctx.header("Access-Control-Allow-Headers", REQUEST_HEADERS);
            ctx.header("Access-Control-Max-Age", MAX_AGE);
            ctx.status(204);
            ctx.skipRemainingHandlers();
        } else {
            ctx.header("Access-Control-Expose-Headers", RESPONSE_HEADERS);
        }
    }
}
