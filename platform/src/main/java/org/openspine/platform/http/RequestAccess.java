package org.openspine.platform.http;

import io.javalin.http.Context;
import java.util.Optional;
import org.openspine.platform.error.OpenSpineException;
import org.openspine.platform.security.Access;

/**
 * Where a request's {@link Access} lives while the request runs: set once by the HTTP server's
 * authentication step, read by route handlers. A handler on a non-public path can rely on it.
 */
public final class RequestAccess {

    private static final String ATTRIBUTE = "openspine.access";

    private RequestAccess() {
    }

    /** Records the authenticated access of this request. */
    static void set(Context ctx, Access access) {
        ctx.attribute(ATTRIBUTE, access);
    }

    /**
     * @return the request's access
     * @throws OpenSpineException.Unauthenticated when the request was not authenticated (a route
     *         registered as public that reads it, a programming error kept safe)
     */
    public static Access of(Context ctx) {
        Access access = ctx.attribute(ATTRIBUTE);
        if (access == null) {
            throw new OpenSpineException.Unauthenticated("this request carries no valid bearer token");
        }
        return access;
    }

    /** @return the request's access when it was authenticated (public paths may be called without) */
    public static Optional<Access> find(Context ctx) {
        return Optional.ofNullable(ctx.attribute(ATTRIBUTE));
    }
}
