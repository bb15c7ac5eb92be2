package org.openspine.platform.http;

import io.javalin.http.Context;
import org.openspine.platform.error.OpenSpineException;

/**
 * How a facade that speaks another protocol (MESH, for one) answers failures on its paths in that
 * protocol's error shape instead of a FHIR OperationOutcome. The HTTP server asks it for every
 * {@link OpenSpineException} raised on a path under {@link #pathPrefix()}, including refusals by the
 * authentication step before any route runs; the refusal is recorded on the audit trail either way.
 */
public interface ErrorReplies {

    /** @return the paths answered, e.g. {@code /messageexchange/} */
    String pathPrefix();

    /** Answers {@code failure} on {@code ctx}: status, headers and body. */
    void reply(OpenSpineException failure, Context ctx);
}
