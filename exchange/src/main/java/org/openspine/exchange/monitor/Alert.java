package org.openspine.exchange.monitor;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A delivery alert, raised once for as long as its condition lasts and resolved when it clears.
 *
 * @param id         its id, also the id of the FHIR Task that publishes it
 * @param kind       what it is about
 * @param mailboxId  the mailbox concerned
 * @param workflowId the workflow concerned ({@link AlertKind#SLA_BREACH}); empty for the whole mailbox
 * @param raised     when it was raised
 * @param resolved   when its condition cleared
 * @param messages   the messages concerned when it was raised (for a workqueue, its overdue letters)
 * @param since      when raised: the oldest overdue message's arrival, the mailbox's last collection, or when the
 *                   oldest letter in its workqueue was queued
 * @param detail     what it says: identifiers, counts and times, never patient data
 */
public record Alert(String id, AlertKind kind, String mailboxId, Optional<String> workflowId, Instant raised,
        Optional<Instant> resolved, long messages, Instant since, String detail) {

    public Alert {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(mailboxId, "mailboxId");
        Objects.requireNonNull(workflowId, "workflowId");
        Objects.requireNonNull(raised, "raised");
        Objects.requireNonNull(resolved, "resolved");
        Objects.requireNonNull(since, "since");
        Objects.requireNonNull(detail, "detail");
    }
}
