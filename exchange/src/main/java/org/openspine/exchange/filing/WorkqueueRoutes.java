package org.openspine.exchange.filing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.openspine.platform.audit.AuditSubtype;
import org.openspine.platform.audit.GroupCommitAudit;
import org.openspine.platform.database.Database;
import org.openspine.platform.error.OpenSpineException;
import org.openspine.platform.http.AuditedRequest;
import org.openspine.platform.http.HttpRoutes;
import org.openspine.platform.http.RequestAccess;
import org.openspine.platform.security.Access;
import org.openspine.platform.security.AccessPolicy;
import org.openspine.platform.security.Caller;

/**
 * A practice's workqueue over HTTP, for its own staff only (acting in a role profile at that organisation):
 * <ul>
 * <li>{@code GET /exchange/workqueue/{odsCode}} lists the open items, oldest first (at most {@code _count}, 1 to
 *     1000, default 100): why each was not filed, what the letter says of its patient and the records worth
 *     considering; needs a role that may view demographics;</li>
 * <li>{@code GET /exchange/workqueue/{odsCode}/{itemId}/content} answers the letter itself, in its content type;
 *     needs a role that may view clinical records.</li>
 * </ul>
 * Citizens, systems and staff of other organisations get 403. Both are on the audit trail (a search, a read), durably
 * before the answer.
 */
public final class WorkqueueRoutes implements HttpRoutes {

    /** Where the workqueues are mounted. */
    public static final String BASE = "/exchange/workqueue";
    private static final int DEFAULT_COUNT = 100;
    private static final int MAX_COUNT = 1000;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Database database;
    private final Workqueue workqueue;
    private final GroupCommitAudit audit;
    private final AccessPolicy policy;
    private final Clock clock;

    /** @param audit where listings and reads are recorded, durably before they are answered */
    public WorkqueueRoutes(Database database, Workqueue workqueue, GroupCommitAudit audit, AccessPolicy policy,
            Clock clock) {
        this.database = database;
        this.workqueue = workqueue;
        this.audit = audit;
        this.policy = policy;
        this.clock = clock;
    }

    @Override
    public void register(RoutesConfig routes) {
        routes.get(BASE + "/{odsCode}", this::list);
        routes.get(BASE + "/{odsCode}/{itemId}/content", this::content);
    }

    private void list(Context ctx) {
        String odsCode = odsCode(ctx);
        Access access = staffOf(ctx, odsCode, "Patient");
        int count = count(ctx);
        List<WorkqueueItem> items = database.read(connection -> workqueue.open(connection, odsCode, count));
        audit.record(AuditedRequest.of(ctx).record(access, AuditSubtype.SEARCH)
                .patients(items.stream().flatMap(item -> item.candidates().stream()).toList())
                .resourceCount(items.size()).build(clock));
        ObjectNode body = JSON.createObjectNode().put("odsCode", odsCode).put("count", items.size());
        ArrayNode listed = body.putArray("items");
        items.forEach(item -> listed.add(json(item)));
        ctx.contentType("application/json").result(body.toString());
    }

    private void content(Context ctx) {
        String odsCode = odsCode(ctx);
        Access access = staffOf(ctx, odsCode, "DocumentReference");
        UUID itemId;
        try {
            itemId = UUID.fromString(ctx.pathParam("itemId"));
        } catch (IllegalArgumentException e) {
            throw new OpenSpineException.NotFound("no workqueue item " + ctx.pathParam("itemId") + " at " + odsCode);
        }
        Workqueue.Content content = database.read(connection -> workqueue.content(connection, odsCode, itemId))
                .orElseThrow(() -> new OpenSpineException.NotFound("no workqueue item " + itemId + " at " + odsCode));
        audit.record(AuditedRequest.of(ctx).record(access, AuditSubtype.READ).resourceCount(1).build(clock));
        ctx.contentType(content.contentType()).result(content.bytes());
    }

    /** @return the access of a member of staff acting at the organisation, whose role may read {@code type} */
    private Access staffOf(Context ctx, String odsCode, String type) {
        Access access = RequestAccess.of(ctx);
        if (!(access.caller() instanceof Caller.Staff staff) || !staff.acting().odsCode().equals(odsCode)) {
            throw new OpenSpineException.Forbidden("a practice's workqueue is for its own staff, acting in a role at "
                    + odsCode);
        }
        if (!policy.allows(access, type, false, true)) {
            throw new OpenSpineException.Forbidden("this role may not read the workqueue's "
                    + (type.equals("Patient") ? "items" : "letters"));
        }
        return access;
    }

    private static String odsCode(Context ctx) {
        return ctx.pathParam("odsCode").strip().toUpperCase(Locale.ROOT);
    }

    private static int count(Context ctx) {
        String value = ctx.queryParam("_count");
        if (value == null) {
            return DEFAULT_COUNT;
        }
        if (!value.matches("\\d{1,4}") || Integer.parseInt(value) < 1 || Integer.parseInt(value) > MAX_COUNT) {
            throw new OpenSpineException.Invalid("value", "_count must be 1 to " + MAX_COUNT + ", was " + value);
        }
        return Integer.parseInt(value);
    }

    private static ObjectNode json(WorkqueueItem item) {
        ObjectNode json = JSON.createObjectNode().put("id", item.id().toString()).put("messageId", item.messageId())
                .put("mailbox", item.mailboxId()).put("sender", item.sender()).put("workflow", item.workflowId())
                .put("reason", item.reason().code()).put("detail", item.detail());
        try {
            json.set("subject", JSON.readTree(Workqueue.subjectJson(item.subject())));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("a subject written as JSON cannot be read back", e);
        }
        ArrayNode candidates = json.putArray("candidates");
        item.candidates().forEach(id -> candidates.add("Patient/" + id));
        item.title().ifPresent(title -> json.put("title", title));
        item.documentDate().ifPresent(date -> json.put("documentDate", date.toString()));
        json.put("received", item.received().toString()).put("queued", item.queued().toString())
                .put("contentType", item.contentType()).put("size", item.size())
                .put("content", BASE + "/" + item.odsCode() + "/" + item.id() + "/content");
        item.fileName().ifPresent(name -> json.put("fileName", name));
        return json;
    }
}
