package org.openspine.exchange.message;

import java.util.Objects;
import java.util.Optional;

/**
 * What the sender states about a message: its {@code mex-} headers.
 *
 * @param sender      the sending mailbox
 * @param recipient   the receiving mailbox ({@code mex-To})
 * @param workflowId  {@code mex-WorkflowID}
 * @param localId     {@code mex-LocalID}: the sender's own reference; sending again with it does not duplicate
 * @param subject     {@code mex-Subject}
 * @param fileName    {@code mex-FileName}
 * @param contentType {@code mex-Content-Type} (or the request's Content-Type)
 * @param gzipped     each chunk was sent gzip-encoded ({@code Content-Encoding: gzip}) and is stored so
 * @param compressed  {@code mex-Content-Compressed}: the payload is gzip-compressed by the sender
 * @param encrypted   {@code mex-Content-Encrypted}
 * @param checksum    {@code mex-Content-Checksum}, checked when its algorithm is known ({@link PayloadChecksum})
 * @param chunks      how many chunks the payload comes in ({@code mex-Chunk-Range} 1:n), at least 1
 */
public record Envelope(String sender, String recipient, String workflowId, Optional<String> localId,
                       Optional<String> subject, Optional<String> fileName, Optional<String> contentType,
                       boolean gzipped, boolean compressed, boolean encrypted, Optional<String> checksum, int chunks) {

    public Envelope {
        Objects.requireNonNull(sender, "sender");
        Objects.requireNonNull(recipient, "recipient");
        Objects.requireNonNull(workflowId, "workflowId");
        Objects.requireNonNull(localId, "localId");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(fileName, "fileName");
        Objects.requireNonNull(contentType, "contentType");
        Objects.requireNonNull(checksum, "checksum");
        if (chunks < 1) {
            throw new IllegalArgumentException("a message has at least one chunk, was " + chunks);
        }
    }

    /** @return whether a send with this envelope is the same message as one sent with {@code other} */
    boolean sameMessage(Envelope other) {
        return recipient.equals(other.recipient) && workflowId.equals(other.workflowId) && chunks == other.chunks;
    }
}
