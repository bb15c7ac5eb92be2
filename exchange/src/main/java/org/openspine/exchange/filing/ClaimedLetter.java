package org.openspine.exchange.filing;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A message taken for filing: its row is locked by the filing transaction, so no other node files it.
 *
 * @param messageId           the MESH message id
 * @param mailboxId           the practice mailbox it came to
 * @param odsCode             the ODS code of the organisation the mailbox belongs to
 * @param sender              the sending mailbox
 * @param senderOdsCode       the ODS code of the organisation that sent it
 * @param senderName          the sending mailbox's name, for people
 * @param workflowId          its workflow
 * @param workflowDescription what the workflow carries, for people
 * @param contentType         the content type the sender stated, if any
 * @param fileName            the file name the sender stated, if any
 * @param gzipped             stored gzip-encoded (each chunk on its own)
 * @param compressed          gzip-compressed by the sender ({@code mex-Content-Compressed})
 * @param received            when it arrived in the inbox
 * @param size                the payload's size as stored
 */
record ClaimedLetter(String messageId, String mailboxId, String odsCode, String sender, String senderOdsCode, String senderName,
                     String workflowId, String workflowDescription, Optional<String> contentType,
                     Optional<String> fileName, boolean gzipped, boolean compressed, Instant received, long size) {

    ClaimedLetter {
        Objects.requireNonNull(messageId, "messageId");
        Objects.requireNonNull(mailboxId, "mailboxId");
        Objects.requireNonNull(odsCode, "odsCode");
        Objects.requireNonNull(sender, "sender");
        Objects.requireNonNull(senderOdsCode, "senderOdsCode");
        Objects.requireNonNull(senderName, "senderName");
        Objects.requireNonNull(workflowId, "workflowId");
        Objects.requireNonNull(workflowDescription, "workflowDescription");
        Objects.requireNonNull(contentType, "contentType");
        Objects.requireNonNull(fileName, "fileName");
        Objects.requireNonNull(received, "received");
    }
}
