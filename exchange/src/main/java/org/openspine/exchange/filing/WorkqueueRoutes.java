package org.openspine.exchange.filing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import org.openspine.platform.audit.AuditRecord;
import org.openspine.platform.audit.AuditSubtype;
import org.openspine.platform.audit.AuditTrail;
import org.openspine.platform.audit.GroupCommitAudit;
import org.openspine.platform.database.Database;
import org.openspine.platform.error.OpenSpineException;
import org.openspine.platform.http.AuditedRequest;
import org.openspine.platform.http.HttpRoutes;
import org.openspine.platform.http.JsonBody;
import org.openspine.platform.identifier.NhsNumber;
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
 *     needs a role that may view clinical records;</li>
 * <li>{@code POST /exchange/workqueue/{odsCode}/{itemId}/file} with {@code {"patient": "Patient/<id>"}} or
 *     {@code {"nhsNumber": "<10 digits>"}} files the letter into that record (which must be registered at the
 *     practice) and closes the item: 200 with the DocumentReference; 422 when the record cannot be filed into;</li>
 * <li>{@code POST /exchange/workqueue/{odsCode}/{itemId}/return} with {@code {"reason": "..."}} closes the item as
 *     not the practice's letter, nothing filed; the reason goes to the sender in the message's tracking.</li>
 * </ul>
 * Deciding needs a role that may update records. An item dealt with already gets 409, one the practice does not
 * have 404. See {@link WorkqueueDecisions}.
 *
 * <p>Citizens, systems and staff of other organisations get 403. Everything is on the audit trail: listings and
 * reads durably before the answer, decisions in their own transaction.
 */
public final class WorkqueueRoutes implements HttpRoutes {

    /** Where the workqueues are mounted. */
    public static final String BASE = "/exchange/workqueue";
    private static final int DEFAULT_COUNT = 100;
    private static final int MAX_COUNT = 1000;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern FHIR_ID = Pattern.compile("[A-Za-z0-9\\-.]{1,64}");

    private final Database database;
    private final Workqueue workqueue;
    private final WorkqueueDecisions decisions;
    private final GroupCommitAudit audit;
    private final AuditTrail trail;
    private final AccessPolicy policy;
    private final Clock clock;

    /**
     * @param audit where listings and reads are recorded, durably before they are answered
     * @param trail where decisions are recorded, in their transaction
     */
    public WorkqueueRoutes(Database database, Workqueue workqueue, WorkqueueDecisions decisions, GroupCommitAudit audit,
            AuditTrail trail, AccessPolicy policy, Clock clock) {
        this.database = database;
        this.workqueue = workqueue;
        this.decisions = decisions;
        this.audit = audit;
        this.trail = trail;
        this.policy = policy;
        this.clock = clock;
    }

    @Override
    public void register(RoutesConfig routes) {
        routes.get(BASE + "/{odsCode}", this::list);
        routes.get(BASE + "/{odsCode}/{itemId}/content", this::content);
        routes.post(BASE + "/{odsCode}/{itemId}/file", this::file);
        routes.post(BASE + "/{odsCode}/{itemId}/return", this::giveBack);
    }

    private void list(Context ctx) {
        String odsCode = odsCode(ctx);
        Access access = staffOf(ctx, odsCode, "Patient", false);
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
        Access access = staffOf(ctx, odsCode, "DocumentReference", false);
        UUID itemId = itemId(ctx, odsCode);
        Workqueue.Content content = database.read(connection -> workqueue.content(connection, odsCode, itemId))
                .orElseThrow(() -> new OpenSpineException.NotFound("no workqueue item " + itemId + " at " + odsCode));
        audit.record(AuditedRequest.of(ctx).record(access, AuditSubtype.READ).resourceCount(1).build(clock));
        ctx.contentType(content.contentType()).result(content.bytes());
    }

    private void file(Context ctx) {
        String odsCode = odsCode(ctx);
        Access access = staffOf(ctx, odsCode, "DocumentReference", true);
        UUID itemId = itemId(ctx, odsCode);
        RecordChoice choice = choice(JsonBody.object(ctx));
        AuditedRequest http = AuditedRequest.of(ctx);
        WorkqueueDecisions.Filed filed = database.inTransaction(connection -> {
            WorkqueueDecisions.Filed done = decisions.file(connection, odsCode, itemId, choice, person(access));
            AuditRecord.Builder record = http.record(access, AuditSubtype.CREATE).patient(done.patientId());
            done.written().forEach(resource -> record.resource(resource.type(), resource.id()));
            trail.append(connection, record.build(clock));
            return done;
        });
        ObjectNode body = JSON.createObjectNode().put("id", itemId.toString()).put("status", "filed")
                .put("patient", "Patient/" + filed.patientId()).put("document", filed.document());
        filed.note().ifPresent(note -> body.put("note", note));
        ctx.contentType("application/json").result(body.toString());
    }

    private void giveBack(Context ctx) {
        String odsCode = odsCode(ctx);
        Access access = staffOf(ctx, odsCode, "DocumentReference", true);
        UUID itemId = itemId(ctx, odsCode);
        String reason = JsonBody.text(JsonBody.object(ctx), "reason", WorkqueueDecisions.MAX_REASON).strip();
        AuditedRequest http = AuditedRequest.of(ctx);
        database.inTransaction(connection -> {
            decisions.giveBack(connection, odsCode, itemId, reason, person(access));
            // the letter was never in a record: the event names no patient
            trail.append(connection, http.record(access, AuditSubtype.UPDATE).resourceCount(1).build(clock));
            return null;
        });
        ctx.contentType("application/json").result(JSON.createObjectNode().put("id", itemId.toString())
                .put("status", "returned").put("reason", reason).toString());
    }

    /** @return the record the body names: exactly one of {@code patient} ({@code Patient/<id>} or the id) and {@code nhsNumber} */
    private static RecordChoice choice(JsonNode body) {
        Optional<String> patient = JsonBody.optionalText(body, "patient", 80).map(String::strip);
        Optional<String> nhsNumber = JsonBody.optionalText(body, "nhsNumber", 20).map(n -> n.replace(" ", ""));
        if (patient.isPresent() == nhsNumber.isPresent()) {
            throw new OpenSpineException.Invalid("required", "give the record to file into as exactly one of "
                    + "\"patient\" (Patient/<id>) and \"nhsNumber\"");
        }
        if (nhsNumber.isPresent()) {
            if (!NhsNumber.isValid(nhsNumber.get())) {
                throw new OpenSpineException.Invalid("value", "nhsNumber is not a valid NHS Number");
            }
            return new RecordChoice.ByNhsNumber(nhsNumber.get());
        }
        String id = patient.get().startsWith("Patient/") ? patient.get().substring("Patient/".length()) : patient.get();
        if (!FHIR_ID.matcher(id).matches()) {
            throw new OpenSpineException.Invalid("value", "patient must be Patient/<id> with a FHIR id");
        }
        return new RecordChoice.ById(id);
    }

    private static Workqueue.Person person(Access access) {
        Caller.Staff staff = (Caller.Staff) access.caller(); // staffOf let only staff through
        return new Workqueue.Person(staff.id(), staff.displayName());
    }

    private static UUID itemId(Context ctx, String odsCode) {
        try {
            return UUID.fromString(ctx.pathParam("itemId"));
        } catch (IllegalArgumentException e) {
            throw new OpenSpineException.NotFound("no workqueue item " + ctx.pathParam("itemId") + " at " + odsCode);
        }
    }

    /** @return the access of a member of staff acting at the organisation, whose role may read (or write) {@code type} */
    private Access staffOf(Context ctx, String odsCode, String type, boolean write) {
        Access access = RequestAccess.of(ctx);
        if (!(access.caller() instanceof Caller.Staff staff) || !staff.acting().odsCode().equals(odsCode)) {
            throw new OpenSpineException.Forbidden("a practice's workqueue is for its own staff, acting in a role at "
                    + odsCode);
        }
        if (!policy.allows(access, type, write, true)) {
            throw new OpenSpineException.Forbidden(write ? "this role may not file or return the workqueue's letters"
                    : "this role may not read the workqueue's " + (type.equals("Patient") ? "items" : "letters"));
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
