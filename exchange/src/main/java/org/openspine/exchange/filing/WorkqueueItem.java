package org.openspine.exchange.filing;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * A letter waiting in a practice's workqueue for a person to file it (or decide it is not the practice's).
 *
 * @param id           the item's id
 * @param odsCode      the practice
 * @param mailboxId    the practice mailbox it came to
 * @param messageId    the MESH message it came in (acknowledged when it was queued)
 * @param sender       the sending mailbox
 * @param workflowId   the message's workflow
 * @param reason       why it was not filed
 * @param detail       more on why, for the person working the item
 * @param subject      what the letter says of its patient
 * @param candidates   Patient ids worth considering, best first
 * @param title        the letter's title, when it has one
 * @param documentDate the letter's own date, when it has one
 * @param received     when it arrived
 * @param queued       when it was queued
 * @param contentType  its content type
 * @param fileName     the file name the sender gave, if any
 * @param size         the stored letter's size in bytes
 */
public record WorkqueueItem(UUID id, String odsCode, String mailboxId, String messageId, String sender,
                            String workflowId, QueueReason reason, String detail, LetterSubject subject,
                            List<String> candidates, Optional<String> title, Optional<Instant> documentDate,
                            Instant received, Instant queued, String contentType, Optional<String> fileName, long size) {

    public WorkqueueItem {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(odsCode, "odsCode");
        Objects.requireNonNull(mailboxId, "mailboxId");
        Objects.requireNonNull(messageId, "messageId");
        Objects.requireNonNull(sender, "sender");
        Objects.requireNonNull(workflowId, "workflowId");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(detail, "detail");
        Objects.requireNonNull(subject, "subject");
        candidates = List.copyOf(candidates);
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(documentDate, "documentDate");
        Objects.requireNonNull(received, "received");
        Objects.requireNonNull(queued, "queued");
        Objects.requireNonNull(contentType, "contentType");
        Objects.requireNonNull(fileName, "fileName");
    }
}
