package org.openspine.exchange.monitor;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.openspine.exchange.filing.Workqueue;

/**
 * The monitor's JSON, shaped for a dashboard: times as ISO instants (null when they did not happen), ages in
 * whole seconds and SLAs in minutes, so that a page can sort and colour without parsing durations.
 */
final class MonitorJson {

    private static final ObjectMapper JSON = new ObjectMapper();

    private MonitorJson() {
    }

    /** @return {@code GET /exchange/monitor}'s body */
    static ObjectNode report(DeliveryMonitor.DeliveryReport report) {
        DeliverySnapshot snapshot = report.snapshot();
        Instant now = snapshot.at();
        ObjectNode body = JSON.createObjectNode().put("generated", snapshot.at().toString())
                .put("stoppedCollectingAfterMinutes", snapshot.stoppedCollectingAfter().toMinutes());
        ObjectNode totals = body.putObject("totals");
        totals.put("mailboxes", snapshot.mailboxes().size())
                .put("waiting", snapshot.waiting())
                .put("overdue", snapshot.overdue())
                .put("mailboxesWithWaiting", snapshot.mailboxes().stream().filter(m -> m.waiting() > 0).count())
                .put("mailboxesStoppedCollecting", snapshot.mailboxes().stream()
                        .filter(DeliverySnapshot.MailboxDelivery::stoppedCollecting).count())
                .put("openAlerts", report.alerts().size());
        age(totals, "oldestWaiting", snapshot.mailboxes().stream().flatMap(m -> m.oldest().stream())
                .min(Instant::compareTo), now);
        ArrayNode mailboxes = body.putArray("mailboxes");
        for (DeliverySnapshot.MailboxDelivery mailbox : snapshot.mailboxes()) {
            ObjectNode node = mailboxes.addObject().put("mailboxId", mailbox.id()).put("odsCode", mailbox.odsCode())
                    .put("name", mailbox.name()).put("active", mailbox.active())
                    .put("waiting", mailbox.waiting()).put("overdue", mailbox.overdue());
            age(node, "oldestWaiting", mailbox.oldest(), now);
            node.put("lastCollected", mailbox.lastCollected().map(Instant::toString).orElse(null))
                    .put("secondsSinceCollected", Duration.between(mailbox.quietSince(), now).toSeconds())
                    .put("stoppedCollecting", mailbox.stoppedCollecting());
            ArrayNode workflows = node.putArray("workflows");
            for (DeliverySnapshot.Waiting waiting : mailbox.workflows()) {
                ObjectNode workflow = workflows.addObject().put("workflowId", waiting.workflowId())
                        .put("slaMinutes", waiting.sla().toMinutes()).put("waiting", waiting.count())
                        .put("overdue", waiting.overdue());
                age(workflow, "oldestWaiting", Optional.of(waiting.oldest()), now);
            }
        }
        ArrayNode workflows = body.putArray("workflows");
        for (DeliverySnapshot.WorkflowDelivery workflow : snapshot.workflows()) {
            ObjectNode node = workflows.addObject().put("workflowId", workflow.workflowId())
                    .put("description", workflow.description()).put("slaMinutes", workflow.sla().toMinutes())
                    .put("waiting", workflow.count()).put("overdue", workflow.overdue())
                    .put("mailboxes", workflow.mailboxes());
            age(node, "oldestWaiting", Optional.of(workflow.oldest()), now);
        }
        ArrayNode alerts = body.putArray("alerts");
        for (Alert alert : report.alerts()) {
            alerts.addObject().put("alertId", alert.id()).put("kind", alert.kind().code())
                    .put("mailboxId", alert.mailboxId()).put("workflowId", alert.workflowId().orElse(null))
                    .put("raised", alert.raised().toString()).put("messages", alert.messages())
                    .put("since", alert.since().toString()).put("detail", alert.detail())
                    .put("task", "Task/" + alert.id());
        }
        body.putObject("webhook").put("configured", report.webhookConfigured())
                .put("pendingNotices", report.pendingNotices());
        ArrayNode workqueues = body.putArray("workqueues");
        for (Workqueue.Backlog backlog : report.workqueues()) {
            ObjectNode node = workqueues.addObject().put("odsCode", backlog.odsCode()).put("open", backlog.open());
            age(node, "oldestQueued", Optional.of(backlog.oldest()), now);
        }
        return body;
    }

    /** @return {@code GET /exchange/mailboxes/{id}/sent}'s body */
    static ObjectNode sent(String mailboxId, SentLetters.Page page) {
        ObjectNode body = JSON.createObjectNode().put("mailboxId", mailboxId);
        ArrayNode letters = body.putArray("messages");
        for (SentLetters.Letter letter : page.letters()) {
            letters.addObject().put("messageId", letter.messageId()).put("localId", letter.localId().orElse(null))
                    .put("recipient", letter.recipient()).put("workflowId", letter.workflowId())
                    .put("subject", letter.subject().orElse(null)).put("fileName", letter.fileName().orElse(null))
                    .put("status", letter.status()).put("sent", letter.sent().toString())
                    .put("delivered", time(letter.delivered())).put("downloaded", time(letter.downloaded()))
                    .put("acknowledged", time(letter.acknowledged())).put("filed", time(letter.filed()))
                    .put("queued", time(letter.queued())).put("returned", time(letter.returned()))
                    .put("returnedBecause", letter.returnedWhy().orElse(null)).put("expired", time(letter.expired()))
                    .put("nonDeliveryReport", time(letter.reported()));
        }
        body.put("more", page.more());
        if (page.more()) {
            body.put("continueFrom", page.letters().get(page.letters().size() - 1).messageId());
        }
        return body;
    }

    /** Puts {@code name} (the instant) and {@code nameSeconds} (its age), both null when there is none. */
    private static void age(ObjectNode node, String name, Optional<Instant> instant, Instant now) {
        node.put(name, instant.map(Instant::toString).orElse(null));
        node.put(name + "Seconds", instant.map(at -> Duration.between(at, now).toSeconds()).orElse(null));
    }

    private static String time(Optional<Instant> instant) {
        return instant.map(Instant::toString).orElse(null);
    }
}
