package org.openspine.exchange.monitor;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Optional;
import org.openspine.exchange.mailbox.Mailbox;
import org.openspine.exchange.mailbox.Mailboxes;
import org.openspine.exchange.mesh.MailboxAccess;
import org.openspine.exchange.message.MessageStatus;
import org.openspine.fhir.FhirServices;
import org.openspine.platform.database.Database;
import org.openspine.platform.error.OpenSpineException;
import org.openspine.platform.http.HttpRoutes;
import org.openspine.platform.http.RequestAccess;
import org.openspine.platform.security.AccessPolicy;

/**
 * The delivery monitor over HTTP, as JSON:
 * <ul>
 * <li>{@code GET /exchange/monitor}: totals, every mailbox (waiting, overdue, oldest, last collection, whether it
 *     stopped collecting, per workflow), every workflow with messages waiting, the open alerts, the webhook's
 *     backlog and each practice's open workqueue items (a count and the oldest's age: letters auto-filing
 *     acknowledged for a person to match), for those who run or oversee the service ({@link MonitorAccess});</li>
 * <li>{@code GET /exchange/mailboxes/{id}/sent?since=&status=&max=&continue_from=}: what became of each letter
 *     the mailbox sent (delivered, downloaded, acknowledged, filed, queued, expired), for whoever may act for
 *     the mailbox (its systems and its organisation's staff, as MESH's own rule: {@link MailboxAccess}).</li>
 * </ul>
 * Failures are FHIR OperationOutcomes (401 without a token, 403, 404 for an unknown mailbox, 400 for a bad
 * parameter).
 */
public final class MonitorRoutes implements HttpRoutes {

    /** The monitor's path. */
    public static final String MONITOR = "/exchange/monitor";
    /** The sent letters of a mailbox. */
    public static final String SENT = "/exchange/mailboxes/{mailbox}/sent";
    private static final int DEFAULT_PAGE = 100;

    private final Database database;
    private final DeliveryMonitor monitor;
    private final Mailboxes mailboxes;
    private final AccessPolicy policy;
    private final SentLetters sent = new SentLetters();

    /**
     * @param monitor   what the monitor endpoint reports
     * @param mailboxes where the sent list finds the mailbox (and its organisation, for staff access)
     * @param policy    whose roles may see the monitor ({@link MonitorAccess})
     */
    public MonitorRoutes(Database database, DeliveryMonitor monitor, Mailboxes mailboxes, AccessPolicy policy) {
        this.database = database;
        this.monitor = monitor;
        this.mailboxes = mailboxes;
        this.policy = policy;
    }

    @Override
    public void register(RoutesConfig routes) {
        routes.get(MONITOR, this::monitor);
        routes.get(SENT, this::sent);
    }

    private void monitor(Context ctx) {
        MonitorAccess.require(policy, RequestAccess.of(ctx));
        ctx.contentType("application/json").result(MonitorJson.report(monitor.report()).toString());
    }

    private void sent(Context ctx) {
        String id = ctx.pathParam("mailbox").strip().toUpperCase(Locale.ROOT);
        Mailbox mailbox = (Mailbox.isValidId(id) ? database.read(connection -> mailboxes.find(connection, id))
                : Optional.<Mailbox>empty())
                .orElseThrow(() -> new OpenSpineException.NotFound("there is no mailbox " + (Mailbox.isValidId(id) ? id
                        : "with that id")));
        MailboxAccess.require(RequestAccess.of(ctx).caller(), mailbox);
        SentLetters.Query query = new SentLetters.Query(since(ctx.queryParam("since")), status(ctx.queryParam("status")),
                Optional.ofNullable(ctx.queryParam("continue_from")).map(String::strip).filter(s -> !s.isEmpty()),
                max(ctx.queryParam("max")));
        SentLetters.Page page = database.read(connection -> sent.list(connection, mailbox.id(), query));
        ctx.contentType("application/json").result(MonitorJson.sent(mailbox.id(), page).toString());
    }

    /** An instant ({@code 2026-11-21T09:00:00Z}) or a date, meaning its start in the UK. */
    private static Optional<Instant> since(String value) {
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(value.contains("T") ? Instant.parse(value.strip())
                    : LocalDate.parse(value.strip()).atStartOfDay(FhirServices.SERVICE_ZONE).toInstant());
        } catch (DateTimeParseException e) {
            throw new OpenSpineException.Invalid("value", "since must be a date (2026-11-21) or an instant "
                    + "(2026-11-21T09:00:00Z)");
        }
    }

    private static Optional<MessageStatus> status(String value) {
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        for (MessageStatus status : MessageStatus.values()) {
            if (status.code().equals(value.strip())) {
                return Optional.of(status);
            }
        }
        throw new OpenSpineException.Invalid("value", "status must be uploading, inbox, acknowledged or expired");
    }

    private static int max(String value) {
        if (value == null || value.isBlank()) {
            return DEFAULT_PAGE;
        }
        if (!value.strip().matches("\\d{1,4}") || Integer.parseInt(value.strip()) < 1
                || Integer.parseInt(value.strip()) > SentLetters.MAX_PAGE) {
            throw new OpenSpineException.Invalid("value", "max must be 1 to " + SentLetters.MAX_PAGE);
        }
        return Integer.parseInt(value.strip());
    }
}
