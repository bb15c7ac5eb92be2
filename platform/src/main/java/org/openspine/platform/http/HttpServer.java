package org.openspine.platform.http;

import io.javalin.Javalin;
import io.javalin.http.HttpResponseException;
import java.security.KeyStore;
import java.time.Clock;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.LongSupplier;
import org.openspine.platform.audit.SecurityEvents;
import org.openspine.platform.error.OpenSpineException;
import org.openspine.platform.security.Access;
import org.openspine.platform.security.Authentication;
import org.openspine.platform.security.Caller;

/**
 * The HTTP listener: Javalin on Jetty 12, with every module's routes and the one error mapping.
 * Started by the composition root; {@link #close()} stops accepting and finishes in-flight
 * requests. Closing twice is harmless.
 *
 * <p>Transport security lives here too, each concern in its own class: HTTPS ({@link TlsConnector}),
 * the headers on every response ({@link SecurityHeaders}), CORS for configured origins only
 * ({@link CorsPolicy}) and per-client rate limiting ({@link RateLimiter}).
 */
public final class HttpServer implements AutoCloseable {

    /**
     * Failed authentications one address may make: 100 at once, then 10 a second. Past that its requests that
     * fail to authenticate are answered 429 and not audited one by one; its requests with a valid token are not
     * affected. Enough for a client retrying with an expired token, or a test suite probing refusals.
     */
    static final RateLimit FAILED_AUTHENTICATIONS = new RateLimit(10, 100);

    private final Javalin app;
    private volatile boolean closed;

    private HttpServer(Javalin app) {
        this.app = app;
    }

    /**
     * Builds and starts the server, rate limiting (when configured) by {@link ClientKey#CALLER_OR_ADDRESS}.
     *
     * @param authentication establishes the caller of every request to a path that is not public
     * @param events   where rejected tokens and denied accesses are recorded
     * @param routes each module's endpoints, registered in list order (earlier wins on overlap)
     * @throws IllegalArgumentException when the TLS keystore cannot be used, saying why
     * @throws IllegalStateException when the port cannot be bound
     */
    public static HttpServer start(HttpConfig config, Authentication authentication, SecurityEvents events,
            List<HttpRoutes> routes) {
        return start(config, authentication, events, routes, ClientKey.CALLER_OR_ADDRESS);
    }

    /**
     * Builds and starts the server.
     *
     * @param authentication establishes the caller of every request to a path that is not public
     * @param events    where rejected tokens and denied accesses are recorded
     * @param routes    each module's endpoints, registered in list order (earlier wins on overlap)
     * @param clientKey whom each request counts against when rate limiting
     * @throws IllegalArgumentException when the TLS keystore cannot be used, saying why
     * @throws IllegalStateException when the port cannot be bound
     */
    public static HttpServer start(HttpConfig config, Authentication authentication, SecurityEvents events,
            List<HttpRoutes> routes, ClientKey clientKey) {
        return start(config, authentication, events, routes, clientKey, System::nanoTime);
    }

    /** As above, with the rate limiters reading {@code nanoTime}: tests move it to check the limits exactly. */
    static HttpServer start(HttpConfig config, Authentication authentication, SecurityEvents events,
            List<HttpRoutes> routes, ClientKey clientKey, LongSupplier nanoTime) {
        OutcomeMapper outcomes = new OutcomeMapper();
        RefusalAudit refusals = new RefusalAudit(events, Clock.systemUTC());
        Set<String> publicPaths = new HashSet<>();
        routes.forEach(module -> publicPaths.addAll(module.publicPaths()));
        List<ErrorReplies> errorReplies = routes.stream().flatMap(module -> module.errorReplies().stream()).toList();
        // Loaded before Jetty starts, so a bad keystore is reported as such, not as a port that cannot be bound.
        Optional<KeyStore> keyStore = config.tls().map(TlsConfig::load);
        Javalin app = Javalin.create(javalin -> {
            javalin.startup.showJavalinBanner = false;
            javalin.startup.showOldJavalinVersionWarning = false;
            javalin.http.maxRequestSize = config.maxBodyBytes();
            javalin.http.generateEtags = false;
            javalin.http.prefer405over404 = true;
            javalin.jetty.host = config.host();
            javalin.jetty.port = config.port();
            SecurityHeaders headers = new SecurityHeaders(config.tls().isPresent());
            javalin.jetty.modifyServer(server -> {
                server.setStopTimeout(10_000);
                server.setErrorHandler(new JettyErrors(headers));
            });
            javalin.jetty.modifyHttpConfiguration(http -> {
                http.setSendServerVersion(false);
                http.setSendXPoweredBy(false);
                http.addCustomizer(headers);
                if (config.trustedProxies().any()) {
                    http.addCustomizer(new ForwardedClient(config.trustedProxies()));
                }
            });
            config.tls().ifPresent(tls -> javalin.jetty.addConnector(
                    (server, http) -> TlsConnector.create(server, http, config, tls, keyStore.orElseThrow())));
            // Each request on its own virtual thread: measured to halve server CPU per read against
            // Jetty's pooled threads (whose hand-offs dominated), and blocking JDBC calls stay cheap.
            javalin.concurrency.useVirtualThreads = true;
            // Before-handlers run in this order. CORS first: preflights carry no credentials. Authentication
            // belongs next, so that the rate limiter after it can count requests by caller; requests it
            // refuses are then not counted, so refusing must stay cheap.
            if (!config.corsOrigins().isEmpty()) {
                javalin.routes.before(new CorsPolicy(config.corsOrigins())::handle);
            }
            // Default deny: before any route, every request to a path not declared public must carry a
            // valid bearer token (401 otherwise, unknown paths included, so nothing is revealed). Each 401 is
            // a security event written durably to the audit trail, so an address that keeps failing is
            // answered 429 instead, unaudited, once past FAILED_AUTHENTICATIONS: a flood of bad tokens must
            // not become a flood of audit writes that every audited read then queues behind.
            RateLimiter failures = new RateLimiter(FAILED_AUTHENTICATIONS, "failed authentications from this address",
                    ctx -> ctx.ip(), Set.of(), nanoTime, RateLimiter.MAX_CLIENTS);
            javalin.routes.before(ctx -> {
                if (ctx.method() == io.javalin.http.HandlerType.OPTIONS) {
                    return; // a CORS preflight carries no credentials; CorsPolicy answered it
                }
                if (!publicPaths.contains(ctx.path())) {
                    Caller caller;
                    try {
                        caller = authentication.authenticate(ctx.header("Authorization"), ctx.header("NHSD-Session-URID"));
                    } catch (OpenSpineException.Unauthenticated e) {
                        if (failures.handle(ctx)) {
                            return;
                        }
                        throw e;
                    }
                    RequestAccess.set(ctx, new Access(caller,
                            Optional.ofNullable(ctx.header(Access.BREAK_GLASS_HEADER))));
                }
            });
            config.rateLimit().ifPresent(limit -> javalin.routes.before(new RateLimiter(limit, clientKey,
                    HealthRoutes.PATHS, nanoTime, RateLimiter.MAX_CLIENTS)::handle));
            javalin.routes.exception(OpenSpineException.class, (e, ctx) -> {
                refusals.refused(e, ctx);
                errorReplies.stream().filter(replies -> ctx.path().startsWith(replies.pathPrefix())).findFirst()
                        .ifPresentOrElse(replies -> replies.reply(e, ctx), () -> outcomes.handle(e, ctx));
            });
            javalin.routes.exception(HttpResponseException.class, outcomes::handle);
            javalin.routes.exception(Exception.class, outcomes::handleUnexpected);
            for (HttpRoutes module : routes) {
                module.register(javalin.routes);
            }
        });
        try {
            app.start();
        } catch (RuntimeException e) {
            throw new IllegalStateException("cannot listen on " + config.host() + ":" + config.port(), e);
        }
        return new HttpServer(app);
    }

    /** @return the port actually bound (useful when configured as 0) */
    public int port() {
        return app.port();
    }

    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            app.stop();
        }
    }
}
