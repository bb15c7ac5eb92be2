package org.openspine.platform.error;

/**
 * The HTTP status for each failure category: the single table that decides it, used by the HTTP
 * error mapper and by anything that reports failures inside a response body (batch bundle entries).
 */
public final class HttpStatusOf {

    private HttpStatusOf() {
    }

    /** @return the HTTP status for {@code e}'s category */
    public static int status(OpenSpineException e) {
        return switch (e) {
            case OpenSpineException.Invalid x -> 400;
            case OpenSpineException.Unauthenticated x -> 401;
            case OpenSpineException.Forbidden x -> 403;
            case OpenSpineException.NotFound x -> 404;
            case OpenSpineException.NotSupported x -> 405;
            case OpenSpineException.NotAcceptable x -> 406;
            case OpenSpineException.Conflict x -> 409;
            case OpenSpineException.Gone x -> 410;
            case OpenSpineException.PreconditionFailed x -> 412;
            case OpenSpineException.TooLarge x -> 413;
            case OpenSpineException.UnsupportedMediaType x -> 415;
            case OpenSpineException.Unprocessable x -> 422;
            case OpenSpineException.Unavailable x -> 503;
        };
    }
}
