package org.openspine.exchange.mailbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import org.openspine.platform.database.Database;
import org.openspine.platform.error.OpenSpineException;
import org.openspine.platform.http.HttpRoutes;
import org.openspine.platform.http.JsonBody;
import org.openspine.platform.http.RequestAccess;
import org.openspine.platform.security.AccessPolicy;
import org.openspine.platform.security.Activity;

/**
 * Administration of mailboxes and workflows, for callers allowed {@link Activity#CONFIGURE}:
 * <ul>
 *   <li>{@code GET /exchange/mailboxes}, {@code GET /exchange/mailboxes/{id}}: mailboxes with the workflows they
 *       take (never their passwords);</li>
 *   <li>{@code PUT /exchange/mailboxes/{id}} with {@code {"odsCode", "name", "password", "active", "autoFile",
 *       "workflows"}} ({@code active} and {@code autoFile} true unless given): creates or changes one (201 when
 *       created); {@code autoFile: false} keeps auto-filing away from a practice mailbox its own MESH client
 *       collects;</li>
 *   <li>{@code GET /exchange/workflows}, {@code PUT /exchange/workflows/{id}} with {@code {"description",
 *       "slaMinutes", "assurance", "clinical"}}: the workflow definitions.</li>
 * </ul>
 * Bad bodies get 400 with an OperationOutcome naming the field; nothing is written then.
 */
public final class MailboxRoutes implements HttpRoutes {

    /** Where the administration API is mounted. */
    public static final String BASE = "/exchange";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Database database;
    private final Mailboxes mailboxes;
    private final Workflows workflows;
    private final AccessPolicy policy;
    private final Clock clock;
    private final Consumer<String> saved;

    /**
     * @param saved told the id of each mailbox saved, once the change has committed: this node's MESH cache drops
     *              it, so a deactivated mailbox or a changed password takes effect here at once (other nodes
     *              within their cache's freshness)
     */
    public MailboxRoutes(Database database, Mailboxes mailboxes, Workflows workflows, AccessPolicy policy, Clock clock,
            Consumer<String> saved) {
        this.database = database;
        this.mailboxes = mailboxes;
        this.workflows = workflows;
        this.policy = policy;
        this.clock = clock;
        this.saved = saved;
    }

    @Override
    public void register(RoutesConfig routes) {
        routes.get(BASE + "/mailboxes", this::listMailboxes);
        routes.get(BASE + "/mailboxes/{id}", this::readMailbox);
        routes.put(BASE + "/mailboxes/{id}", this::saveMailbox);
        routes.get(BASE + "/workflows", this::listWorkflows);
        routes.put(BASE + "/workflows/{id}", this::saveWorkflow);
    }

    private void listMailboxes(Context ctx) {
        configure(ctx);
        ArrayNode list = JSON.createArrayNode();
        database.read(connection -> {
            for (Mailbox mailbox : mailboxes.list(connection)) {
                list.add(shown(mailbox, mailboxes.workflows(connection, mailbox.id())));
            }
            return null;
        });
        ctx.json(JSON.createObjectNode().set("mailboxes", list));
    }

    private void readMailbox(Context ctx) {
        configure(ctx);
        String id = ctx.pathParam("id");
        ObjectNode shown = database.read(connection -> {
            Optional<Mailbox> mailbox = mailboxes.find(connection, id);
            return mailbox.isEmpty() ? Optional.<ObjectNode>empty()
                    : Optional.of(shown(mailbox.get(), mailboxes.workflows(connection, id)));
        }).orElseThrow(() -> new OpenSpineException.NotFound("no mailbox " + id));
        ctx.json(shown);
    }

    private void saveMailbox(Context ctx) {
        configure(ctx);
        String id = ctx.pathParam("id");
        if (!Mailbox.isValidId(id)) {
            throw new OpenSpineException.Invalid("value", "a mailbox id is 3 to 20 upper-case letters and digits, was " + id);
        }
        JsonNode body = JsonBody.object(ctx);
        Mailbox mailbox = new Mailbox(id, JsonBody.text(body, "odsCode", 20), JsonBody.text(body, "name", 200),
                JsonBody.flag(body, "active", true), JsonBody.flag(body, "autoFile", true));
        String password = JsonBody.text(body, "password", 200);
        Set<String> taken = new LinkedHashSet<>();
        body.path("workflows").forEach(workflow -> taken.add(workflow.asText()));
        if (taken.stream().anyMatch(workflow -> workflow.isBlank() || workflow.length() > 300)) {
            throw new OpenSpineException.Invalid("value", "workflows must be non-blank ids of at most 300 characters");
        }
        boolean created = database.inTransaction(connection -> {
            boolean absent = mailboxes.find(connection, id).isEmpty();
            mailboxes.save(connection, mailbox, password, taken, clock.instant());
            return absent;
        });
        saved.accept(id);
        ctx.status(created ? 201 : 200).json(shown(mailbox, List.copyOf(taken)));
    }

    private void listWorkflows(Context ctx) {
        configure(ctx);
        ArrayNode list = JSON.createArrayNode();
        database.read(connection -> workflows.list(connection)).forEach(workflow -> list.add(shown(workflow)));
        ctx.json(JSON.createObjectNode().set("workflows", list));
    }

    private void saveWorkflow(Context ctx) {
        configure(ctx);
        String id = ctx.pathParam("id");
        JsonNode body = JsonBody.object(ctx);
        JsonNode sla = body.path("slaMinutes");
        if (!sla.canConvertToInt() || sla.asInt() < 1) {
            throw new OpenSpineException.Invalid("value", "slaMinutes must be a whole number of minutes, at least 1");
        }
        Assurance assurance;
        try {
            assurance = Assurance.of(body.path("assurance").asText("none"));
        } catch (IllegalArgumentException e) {
            throw new OpenSpineException.Invalid("value", "assurance must be none, clinical-document or pathology-report", e);
        }
        Workflow workflow = new Workflow(id, JsonBody.text(body, "description", 500), Duration.ofMinutes(sla.asInt()), assurance,
                body.path("clinical").asBoolean(false));
        database.inTransaction(connection -> {
            workflows.define(connection, workflow);
            return null;
        });
        ctx.json(shown(workflow));
    }

    private void configure(Context ctx) {
        policy.require(RequestAccess.of(ctx), Activity.CONFIGURE);
    }

    private static ObjectNode shown(Mailbox mailbox, List<String> taken) {
        ObjectNode shown = JSON.createObjectNode().put("id", mailbox.id()).put("odsCode", mailbox.odsCode())
                .put("name", mailbox.name()).put("active", mailbox.active()).put("autoFile", mailbox.autoFile());
        ArrayNode list = shown.putArray("workflows");
        taken.forEach(list::add);
        return shown;
    }

    private static ObjectNode shown(Workflow workflow) {
        return JSON.createObjectNode().put("id", workflow.id()).put("description", workflow.description())
                .put("slaMinutes", workflow.sla().toMinutes()).put("assurance", workflow.assurance().code())
                .put("clinical", workflow.clinical());
    }
}
