package org.openspine.platform.http;

import io.javalin.config.RoutesConfig;
import java.util.Set;
import java.util.function.BooleanSupplier;

/**
 * Liveness and readiness, deliberately public (no token): {@code /healthz} answers 200 while the
 * process can serve HTTP at all; {@code /readyz} answers 200 only while {@code ready} holds (the
 * database answers and start-up has finished), else 503 so a load balancer stops sending traffic.
 */
public final class HealthRoutes implements HttpRoutes {

    /** The health paths, which load balancers poll: never rate limited. */
    static final Set<String> PATHS = Set.of("/healthz", "/readyz");

    private final BooleanSupplier ready;

    public HealthRoutes(BooleanSupplier ready) {
        this.ready = ready;
    }

    @Override
    public Set<String> publicPaths() {
        return PATHS;
    }

    @Override
    public void register(RoutesConfig routes) {
        routes.get("/healthz", ctx -> ctx.contentType("application/json").result("{\"status\":\"ok\"}"));
        routes.get("/readyz", ctx -> {
            boolean ok = ready.getAsBoolean();
            ctx.status(ok ? 200 : 503).contentType("application/json")
                    .result(ok ? "{\"status\":\"ready\"}" : "{\"status\":\"not ready\"}");
        });
    }
}
