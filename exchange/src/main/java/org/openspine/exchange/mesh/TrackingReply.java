package org.openspine.exchange.mesh;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import org.openspine.exchange.mailbox.Mailbox;
import org.openspine.exchange.message.Message;
import org.openspine.exchange.message.MessageStatus;
import org.openspine.exchange.message.Outbox;
import org.openspine.exchange.message.TrackingLog;

/**
 * The tracking reply for a sent message: MESH's fields (v1 camelCase with {@code yyyyMMddHHmmss} times, v2
 * snake_case with ISO times), plus {@code history}, every step with its time, so a sender sees whether each
 * letter was delivered, downloaded and filed.
 */
final class TrackingReply {

    private TrackingReply() {
    }

    static ObjectNode of(Outbox.Tracked tracked, Mailbox recipient, Mailbox sender, MeshVersion version) {
        Message message = tracked.message();
        boolean v2 = version == MeshVersion.V2;
        ObjectNode reply = MeshReplies.JSON.createObjectNode();
        String status = switch (message.status()) {
            case UPLOADING -> "uploading";
            case INBOX -> "accepted";
            case ACKNOWLEDGED -> "acknowledged";
            case EXPIRED -> "undeliverable";
        };
        boolean success = message.status() != MessageStatus.EXPIRED;
        Instant statusTime = tracked.history().isEmpty() ? message.sent()
                : tracked.history().get(tracked.history().size() - 1).at();
        if (v2) {
            reply.put("message_id", message.id());
            message.envelope().localId().ifPresent(id -> reply.put("local_id", id));
            reply.put("workflow_id", message.envelope().workflowId());
            message.envelope().fileName().ifPresent(name -> reply.put("filename", name));
            message.expires().ifPresent(time -> reply.put("expiry_time", time.toString()));
            message.accepted().ifPresent(time -> reply.put("upload_timestamp", time.toString()));
            reply.put("recipient", recipient.id()).put("recipient_name", recipient.name())
                    .put("recipient_ods_code", recipient.odsCode()).put("recipient_org_code", recipient.odsCode());
            reply.put("status_success", success).put("status", status);
            reply.put("status_event", success ? "TRANSFER" : "SEND");
            reply.put("status_timestamp", statusTime.toString());
            reply.put("status_code", success ? "00" : "14");
            reply.put("status_description", success ? "Transferred to recipient mailbox"
                    : "Message not collected by recipient");
        } else {
            reply.put("messageId", message.id()).put("dtsId", message.id());
            message.envelope().localId().ifPresent(id -> reply.put("localId", id));
            reply.put("workflowId", message.envelope().workflowId());
            message.envelope().fileName().ifPresent(name -> reply.put("fileName", name));
            reply.put("fileSize", message.size()).put("chunkCount", message.envelope().chunks());
            reply.put("messageType", message.type().name()).put("addressType", "ALL").put("version", "1.0");
            message.envelope().subject().ifPresent(subject -> reply.put("subject", subject));
            message.envelope().checksum().ifPresent(checksum -> reply.put("checksum", checksum));
            reply.put("isCompressed", message.envelope().compressed() ? "Y" : "N");
            reply.put("encryptedFlag", message.envelope().encrypted() ? "Y" : "N");
            reply.put("sender", sender.id()).put("senderName", sender.name()).put("senderOdsCode", sender.odsCode());
            reply.put("recipient", recipient.id()).put("recipientName", recipient.name())
                    .put("recipientOrgCode", recipient.odsCode());
            message.accepted().ifPresent(time -> reply.put("uploadTimestamp", stamp(time)));
            message.downloaded().ifPresent(time -> reply.put("downloadTimestamp", stamp(time)));
            message.expires().ifPresent(time -> reply.put("expiryTime", stamp(time)));
            reply.put("status", Character.toUpperCase(status.charAt(0)) + status.substring(1));
            reply.put("statusSuccess", success ? "SUCCESS" : "ERROR");
            reply.put("statusTimestamp", stamp(statusTime));
            if (!success) {
                reply.put("failureDate", stamp(statusTime)).put("failureDiagnostic", "Message not collected by recipient");
            }
        }
        var history = reply.putArray("history");
        for (TrackingLog.Entry entry : tracked.history()) {
            ObjectNode step = history.addObject().put("event", entry.event().code())
                    .put("timestamp", v2 ? entry.at().toString() : stamp(entry.at()));
            entry.detail().ifPresent(detail -> step.put("detail", detail));
        }
        return reply;
    }

    private static String stamp(Instant time) {
        return DownloadHeaders.STATUS_TIME.format(time);
    }
}
