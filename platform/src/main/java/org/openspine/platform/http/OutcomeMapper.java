package org.openspine.platform.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import java.util.List;
import org.openspine.platform.error.HttpStatusOf;
import org.openspine.platform.error.Issue;
import org.openspine.platform.error.OpenSpineException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place where failures become HTTP responses: a status from {@link HttpStatusOf} and a FHIR
 * OperationOutcome body, in XML when the caller asked for XML and JSON otherwise. Unexpected
 * exceptions are logged with their stack and answered with a generic 500 that reveals nothing.
 */
public final class OutcomeMapper {

    private static final Logger LOG = LoggerFactory.getLogger(OutcomeMapper.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Answers {@code ctx} with {@code e}'s status and outcome; a 401 also carries a bearer challenge. */
    public void handle(OpenSpineException e, Context ctx) {
        if (e instanceof OpenSpineException.Unauthenticated) {
            challenge(ctx);
        }
        respond(ctx, HttpStatusOf.status(e), e.issues());
    }

    /** Answers Javalin's own failures (no route, body too large, ...) in the same shape. */
    public void handle(HttpResponseException e, Context ctx) {
        int status = e.getStatus();
        String code = switch (status) {
            case 404 -> "not-found";
            case 405 -> "not-supported";
            case 413 -> "too-costly";
            case 401 -> "login";
            case 403 -> "forbidden";
            default -> status >= 500 ? "exception" : "invalid";
        };
        String message = status == 404 ? "no such endpoint: " + ctx.method() + " " + ctx.path() : e.getMessage();
        if (status == 401) {
            challenge(ctx);
        }
        respond(ctx, status >= 500 ? 500 : status, List.of(Issue.error(code, message)));
    }

    /** Answers anything unexpected: logged in full here, generic to the caller. */
    public void handleUnexpected(Exception e, Context ctx) {
        LOG.error("unexpected failure on {} {}", ctx.method(), ctx.path(), e);
        respond(ctx, 500, List.of(Issue.error("exception", "internal error; the failure has been logged")));
    }

    /** Writes an OperationOutcome with {@code issues} and {@code status} to {@code ctx}. */
    public static void respond(Context ctx, int status, List<Issue> issues) {
        ctx.status(status);
        if (wantsXml(ctx)) {
            ctx.contentType("application/fhir+xml;charset=utf-8").result(xml(issues));
        } else {
            ctx.contentType("application/fhir+json;charset=utf-8").result(json(issues));
        }
    }

    /** @return the OperationOutcome for {@code issues} as FHIR JSON */
    public static String json(List<Issue> issues) {
        ObjectNode outcome = JSON.createObjectNode().put("resourceType", "OperationOutcome");
        ArrayNode array = outcome.putArray("issue");
        for (Issue issue : issues) {
            ObjectNode node = array.addObject().put("severity", issue.severity()).put("code", issue.code())
                    .put("diagnostics", issue.diagnostics());
            if (issue.expression() != null) {
                node.putArray("expression").add(issue.expression());
            }
        }
        return outcome.toString();
    }

    /** @return the OperationOutcome for {@code issues} as FHIR XML */
    public static String xml(List<Issue> issues) {
        StringBuilder xml = new StringBuilder("<OperationOutcome xmlns=\"http://hl7.org/fhir\">");
        for (Issue issue : issues) {
            xml.append("<issue><severity value=\"").append(escape(issue.severity())).append("\"/><code value=\"")
                    .append(escape(issue.code())).append("\"/><diagnostics value=\"").append(escape(issue.diagnostics()))
                    .append("\"/>");
            if (issue.expression() != null) {
                xml.append("<expression value=\"").append(escape(issue.expression())).append("\"/>");
            }
            xml.append("</issue>");
        }
        return xml.append("</OperationOutcome>").toString();
    }

    /**
     * RFC 6750 §3: a 401 names the scheme it wants, and says {@code invalid_token} when the request
     * did present a bearer token (expired, forged, not for this service, ...).
     */
    private static void challenge(Context ctx) {
        String authorization = ctx.header("Authorization");
        boolean presented = authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)
                && !authorization.substring(7).isBlank();
        ctx.header("WWW-Authenticate", presented ? "Bearer error=\"invalid_token\"" : "Bearer");
    }

    private static boolean wantsXml(Context ctx) {
        String format;
        try {
            format = ctx.queryParam("_format");
        } catch (RuntimeException e) {
            format = null; // an unparseable query string: fall back to the Accept header
        }
        if (format != null) {
            return format.contains("xml");
        }
        String accept = ctx.header("Accept");
        return accept != null && accept.contains("xml") && !accept.contains("json");
    }

    private static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                default -> {
                    if (c < 0x20 && c != '\n' && c != '\t' && c != '\r') {
                        out.append(' '); // not allowed in XML 1.0
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.toString();
    }
}
