package org.openspine.exchange.monitor;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What is waiting to be delivered at one moment: for every mailbox, the messages in its inbox (complete and
 * unacknowledged) per workflow, with the age of the oldest and how many are past their workflow's SLA, and
 * when the mailbox last collected; the same totalled per workflow. What every incident behind issue 6
 * lacked: a place where 32,619 letters waiting for two months show up on the first day.
 *
 * @param at                     when it was taken
 * @param stoppedCollectingAfter the period without collecting after which a mailbox with messages waiting has
 *                               stopped collecting
 * @param mailboxes              every mailbox, by id
 * @param workflows              every workflow with messages waiting, by id
 */
public record DeliverySnapshot(Instant at, Duration stoppedCollectingAfter, List<MailboxDelivery> mailboxes,
        List<WorkflowDelivery> workflows) {

    public DeliverySnapshot {
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(stoppedCollectingAfter, "stoppedCollectingAfter");
        mailboxes = List.copyOf(mailboxes);
        workflows = List.copyOf(workflows);
    }

    /** @return messages waiting in all inboxes */
    public long waiting() {
        return mailboxes.stream().mapToLong(MailboxDelivery::waiting).sum();
    }

    /** @return messages waiting longer than their workflow's SLA */
    public long overdue() {
        return mailboxes.stream().mapToLong(MailboxDelivery::overdue).sum();
    }

    /** @return the mailbox, if there is one with this id */
    public Optional<MailboxDelivery> mailbox(String mailboxId) {
        return mailboxes.stream().filter(m -> m.id().equals(mailboxId)).findFirst();
    }

    /**
     * One mailbox.
     *
     * @param id                 the mailbox id
     * @param odsCode            its organisation
     * @param name               its name
     * @param active             whether it may send and receive
     * @param created            when it was set up
     * @param lastCollected      when it last listed its inbox or downloaded, if ever
     * @param stoppedCollecting  whether messages wait and it has not collected for longer than allowed
     * @param workflows          its inbox per workflow, by workflow id
     */
    public record MailboxDelivery(String id, String odsCode, String name, boolean active, Instant created,
            Optional<Instant> lastCollected, boolean stoppedCollecting, List<Waiting> workflows) {

        public MailboxDelivery {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(odsCode, "odsCode");
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(created, "created");
            Objects.requireNonNull(lastCollected, "lastCollected");
            workflows = List.copyOf(workflows);
        }

        /** @return messages waiting in the inbox */
        public long waiting() {
            return workflows.stream().mapToLong(Waiting::count).sum();
        }

        /** @return those waiting longer than their workflow's SLA */
        public long overdue() {
            return workflows.stream().mapToLong(Waiting::overdue).sum();
        }

        /** @return when the oldest message waiting entered the inbox */
        public Optional<Instant> oldest() {
            return workflows.stream().map(Waiting::oldest).min(Instant::compareTo);
        }

        /** @return since when the mailbox has not collected: its last collection, or its creation if it never did */
        public Instant quietSince() {
            return lastCollected.orElse(created);
        }
    }

    /**
     * The messages of one workflow in one inbox.
     *
     * @param workflowId the workflow
     * @param sla        its SLA (a day for a workflow nobody defined)
     * @param count      how many wait
     * @param oldest     when the oldest entered the inbox
     * @param overdue    how many have waited longer than the SLA
     */
    public record Waiting(String workflowId, Duration sla, long count, Instant oldest, long overdue) {
        public Waiting {
            Objects.requireNonNull(workflowId, "workflowId");
            Objects.requireNonNull(sla, "sla");
            Objects.requireNonNull(oldest, "oldest");
        }
    }

    /**
     * One workflow across every inbox.
     *
     * @param workflowId  the workflow
     * @param description what it carries ("undefined workflow" when nobody defined it)
     * @param sla         its SLA
     * @param count       how many messages wait
     * @param oldest      when the oldest entered an inbox
     * @param overdue     how many have waited longer than the SLA
     * @param mailboxes   in how many inboxes they wait
     */
    public record WorkflowDelivery(String workflowId, String description, Duration sla, long count, Instant oldest,
            long overdue, int mailboxes) {
        public WorkflowDelivery {
            Objects.requireNonNull(workflowId, "workflowId");
            Objects.requireNonNull(description, "description");
            Objects.requireNonNull(sla, "sla");
            Objects.requireNonNull(oldest, "oldest");
        }
    }
}
