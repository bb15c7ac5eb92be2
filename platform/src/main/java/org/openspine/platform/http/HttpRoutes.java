package org.openspine.platform.http;

import io.javalin.config.RoutesConfig;
import java.util.Optional;
import java.util.Set;

/**
 * A module's HTTP endpoints. Each module that serves HTTP provides one; the composition root hands
 * them all to {@link HttpServer}. Routes are registered explicitly, path by path.
 */
@FunctionalInterface
public interface HttpRoutes {

    /** Adds this module's endpoints to {@code routes}. Called once, before the server starts. */
    void register(RoutesConfig routes);

    /**
     * @return the exact paths of this module that are deliberately public (no bearer token); every
     *         other path is denied without one
     */
    default Set<String> publicPaths() {
        return Set.of();
    }

    /** @return how this module answers failures on its paths, when not as FHIR OperationOutcomes */
    default Optional<ErrorReplies> errorReplies() {
        return Optional.empty();
    }
}
