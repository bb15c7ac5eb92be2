package org.openspine.exchange.mesh;

import io.javalin.http.Context;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Optional;
import org.openspine.exchange.message.Envelope;
import org.openspine.exchange.message.Message;
import org.openspine.exchange.message.MessageType;

/**
 * The headers of a downloaded message or chunk, as MESH sends them. A report (a non-delivery report) carries
 * the reported message's recipient as {@code mex-To}, no {@code mex-From} (it comes from the central system)
 * and no chunk range (it has no payload).
 */
final class DownloadHeaders {

    static final DateTimeFormatter STATUS_TIME = DateTimeFormatter.ofPattern("yyyyMMddHHmmss").withZone(ZoneOffset.UTC);

    private DownloadHeaders() {
    }

    /**
     * @param gunzipped whether the payload is sent decompressed (stored gzip-encoded, but the client does not
     *                  accept gzip)
     */
    static void write(Context ctx, Message message, int chunk, boolean gunzipped) {
        Envelope envelope = message.envelope();
        Instant accepted = message.accepted().orElse(message.sent());
        ctx.header("mex-MessageID", message.id());
        ctx.header("mex-MessageType", message.type().name());
        ctx.header("mex-WorkflowID", envelope.workflowId());
        ctx.header("mex-AddressType", "ALL");
        ctx.header("mex-Version", "1.0");
        ctx.header("mex-StatusTimestamp", STATUS_TIME.format(accepted));
        ctx.header("Last-Modified", DateTimeFormatter.RFC_1123_DATE_TIME.format(accepted.atOffset(ZoneOffset.UTC)));
        set(ctx, "mex-LocalID", envelope.localId());
        set(ctx, "mex-Subject", envelope.subject());
        ctx.header("Content-Type", "application/octet-stream");
        if (message.type() == MessageType.REPORT) {
            Message.Report report = message.report().orElseThrow();
            ctx.header("mex-To", envelope.sender());
            ctx.header("mex-LinkedMsgID", report.linkedMessageId());
            ctx.header("mex-StatusCode", report.statusCode());
            ctx.header("mex-StatusEvent", "SEND");
            ctx.header("mex-StatusDescription", report.description());
            ctx.header("mex-StatusSuccess", "ERROR");
            ctx.header("mex-Content-Compressed", "N");
            return;
        }
        ctx.header("mex-From", envelope.sender());
        ctx.header("mex-To", envelope.recipient());
        ctx.header("mex-Chunk-Range", chunk + ":" + envelope.chunks());
        ctx.header("mex-Total-Chunks", Integer.toString(envelope.chunks()));
        ctx.header("mex-FileName", envelope.fileName().orElse(message.id() + ".dat"));
        ctx.header("mex-Content-Compressed", envelope.compressed() || envelope.gzipped() && !gunzipped ? "Y" : "N");
        ctx.header("mex-Content-Encrypted", envelope.encrypted() ? "Y" : "N");
        set(ctx, "mex-Content-Checksum", envelope.checksum());
        set(ctx, "mex-Content-Type", envelope.contentType());
        if (envelope.gzipped() && !gunzipped) {
            ctx.header("Content-Encoding", "gzip");
        }
        if (envelope.chunks() == 1) {
            envelope.contentType().ifPresent(type -> ctx.header("Content-Type", type));
        }
        ctx.header("mex-StatusCode", "00");
        ctx.header("mex-StatusEvent", "TRANSFER");
        ctx.header("mex-StatusDescription", "Transferred to recipient mailbox");
        ctx.header("mex-StatusSuccess", "SUCCESS");
    }

    private static void set(Context ctx, String name, Optional<String> value) {
        value.ifPresent(v -> ctx.header(name, v));
    }
}
