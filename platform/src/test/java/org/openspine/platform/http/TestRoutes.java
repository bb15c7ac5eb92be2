package org.openspine.platform.http;

import io.javalin.config.RoutesConfig;
import java.util.List;

/** Health plus two endpoints for transport tests: {@code GET /ping} answers, {@code GET /boom} fails unexpectedly. */
final class TestRoutes implements HttpRoutes {

    /** @return the routes a transport test server needs */
    static List<HttpRoutes> all() {
        return List.of(new HealthRoutes(() -> true), new TestRoutes());
    }

    /** Transport tests are not about authentication: their endpoints are public. */
    @Override
    public java.util.Set<String> publicPaths() {
        return java.util.Set.of("/ping", "/boom");
    }

    @Override
    public void register(RoutesConfig routes) {
        routes.get("/ping", ctx -> ctx.contentType("application/json").result("{\"pong\":true}"));
        routes.get("/boom", ctx -> {
            throw new IllegalStateException("a bug");
        });
    }
}
