package org.openspine.platform.security.token;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import java.time.Duration;

/**
 * The JSON answers of the built-in issuer, in OAuth2's shapes (RFC 6749 §5.1 and §5.2): a token
 * response, or {@code {"error": ..., "error_description": ...}}. Neither may be cached.
 */
final class OAuthReplies {

    private static final ObjectMapper JSON = new ObjectMapper();

    private OAuthReplies() {
    }

    /** @return a successful token response for {@code accessToken}, to add fields to before sending */
    static ObjectNode token(String accessToken, Duration lifetime) {
        return JSON.createObjectNode().put("access_token", accessToken).put("token_type", "Bearer")
                .put("expires_in", lifetime.toSeconds());
    }

    /** @return an empty JSON object for other answers (discovery) */
    static ObjectNode object() {
        return JSON.createObjectNode();
    }

    /** Answers with an OAuth2 error. */
    static void error(Context ctx, int status, String error, String description) {
        send(ctx, status, JSON.createObjectNode().put("error", error).put("error_description", description));
    }

    /** Answers with {@code body} as JSON, marked not to be stored by any cache. */
    static void send(Context ctx, int status, ObjectNode body) {
        ctx.status(status).header("Cache-Control", "no-store").header("Pragma", "no-cache")
                .contentType("application/json;charset=utf-8").result(body.toString());
    }
}
