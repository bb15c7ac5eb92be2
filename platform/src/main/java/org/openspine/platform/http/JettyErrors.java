package org.openspine.platform.http;

import java.nio.ByteBuffer;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Jetty's own error answers, for requests that never reach a route (a request line it cannot parse,
 * headers too large, an ambiguous URI): Jetty's short error page, with the {@link SecurityHeaders}
 * every other response carries and without stack traces.
 */
final class JettyErrors extends ErrorHandler {

    private final SecurityHeaders headers;

    JettyErrors(SecurityHeaders headers) {
        this.headers = headers;
        setShowStacks(false);
        setShowCauses(false);
        setCacheControl("no-store");
    }

    @Override
    public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
        headers.addTo(fields);
        return super.badMessageError(status, reason, fields);
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        headers.addTo(response.getHeaders());
        return super.handle(request, response, callback);
    }
}
