package org.openspine.exchange.mesh;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import java.util.Optional;
import java.util.UUID;
import org.openspine.exchange.message.Refusal;
import org.openspine.platform.error.HttpStatusOf;
import org.openspine.platform.error.OpenSpineException;
import org.openspine.platform.http.ErrorReplies;

/**
 * MESH's replies: JSON bodies in the version the request asked for, and errors in MESH's shape, v1
 * ({@code errorEvent}, {@code errorCode}, {@code errorDescription}) or v2 ({@code internal_id} and
 * {@code detail: [{event, code, msg}]}). Failures of authentication and access reach it through the HTTP
 * server ({@link ErrorReplies}); MESH answers an NHSMESH signature that does not hold with 403, and so does this
 * facade (401 remains for a request with no credentials or a bad bearer token).
 */
final class MeshReplies implements ErrorReplies {

    static final ObjectMapper JSON = new ObjectMapper();

    @Override
    public String pathPrefix() {
        return MeshRoutes.BASE + "/";
    }

    @Override
    public void reply(OpenSpineException failure, Context ctx) {
        if (failure instanceof OpenSpineException.Unauthenticated) {
            ctx.header("WWW-Authenticate", "NHSMESH, Bearer");
        }
        write(ctx, HttpStatusOf.status(failure), Optional.empty(), Optional.empty(), failure.getMessage(),
                Optional.empty());
    }

    /** Answers a facade failure. */
    static void reply(MeshFailure failure, Context ctx) {
        MeshError error = failure.error();
        write(ctx, error.status(), Optional.of(error.event()), Optional.of(error.code()), failure.getMessage(),
                failure.messageId());
    }

    /** Answers an exchange refusal with the MESH error it corresponds to. */
    static void reply(Refusal refusal, Context ctx) {
        MeshError error = switch (refusal.reason()) {
            case UNKNOWN_RECIPIENT -> MeshError.UNREGISTERED_TO;
            case WORKFLOW_NOT_RECEIVED -> MeshError.WORKFLOW_NOT_REGISTERED;
            case LOCAL_ID_REUSED -> MeshError.LOCAL_ID_REUSED;
            case MESSAGE_NOT_FOUND, CHUNK_MISSING -> MeshError.MESSAGE_DOES_NOT_EXIST;
            case MESSAGE_GONE -> MeshError.GONE;
            case CHUNK_OUT_OF_RANGE, ENCODING_CHANGED -> MeshError.INVALID_CHUNKS;
            case CHUNK_TOO_LARGE -> MeshError.CHUNK_TOO_LARGE;
            case ALREADY_COMPLETE -> MeshError.FINALISED;
            case CHECKSUM_MISMATCH -> MeshError.CHECKSUM_MISMATCH;
            case NOT_ASSURED -> MeshError.INVALID_FILE_FORMAT;
            case EMPTY_PAYLOAD -> MeshError.MISSING_DATA;
        };
        reply(new MeshFailure(error, refusal.getMessage()), ctx);
    }

    /** Answers {@code body} as JSON in the version's media type. */
    static void json(Context ctx, int status, ObjectNode body) {
        ctx.status(status).contentType(version(ctx).contentType()).result(body.toString());
    }

    /** @return the version the request asked for (v1 when its Accept header was unusable, for error replies) */
    static MeshVersion version(Context ctx) {
        return MeshVersion.of(ctx.header("Accept")).orElse(MeshVersion.V1);
    }

    private static void write(Context ctx, int status, Optional<String> event, Optional<String> code, String text,
            Optional<String> messageId) {
        ObjectNode body = JSON.createObjectNode();
        if (version(ctx) == MeshVersion.V2) {
            messageId.ifPresent(id -> body.put("message_id", id));
            body.put("internal_id", UUID.randomUUID().toString());
            ObjectNode detail = body.putArray("detail").addObject();
            event.ifPresent(e -> detail.put("event", e));
            code.ifPresent(c -> detail.put("code", c));
            detail.put("msg", text);
        } else {
            messageId.ifPresent(id -> body.put("messageID", id));
            event.ifPresent(e -> body.put("errorEvent", e));
            code.ifPresent(c -> body.put("errorCode", c));
            body.put("errorDescription", text);
        }
        json(ctx, status, body);
    }
}
