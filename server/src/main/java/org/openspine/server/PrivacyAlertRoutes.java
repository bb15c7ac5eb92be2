package org.openspine.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.time.Clock;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.openspine.platform.audit.AuditSubtype;
import org.openspine.platform.audit.GroupCommitAudit;
import org.openspine.platform.audit.PrivacyAlert;
import org.openspine.platform.audit.PrivacyAlerts;
import org.openspine.platform.error.OpenSpineException;
import org.openspine.platform.http.AuditedRequest;
import org.openspine.platform.http.HttpRoutes;
import org.openspine.platform.http.RequestAccess;
import org.openspine.platform.security.Access;
import org.openspine.platform.security.AccessPolicy;
import org.openspine.platform.security.Caller;

/**
 * The privacy officer's break-glass alerts: {@code GET /audit/privacy-alerts} lists the open ones,
 * oldest first; {@code POST /audit/privacy-alerts/{id}/acknowledge} with {@code {"note": "..."}}
 * closes one (once: 409 after). For staff whose role may read the audit trail (R0001) and systems with
 * {@code system/AuditEvent.read}; never citizens. A listing names patients, so it is audited.
 */
final class PrivacyAlertRoutes implements HttpRoutes {

    static final String PATH = "/audit/privacy-alerts";
    private static final int LIMIT = 1000;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final PrivacyAlerts alerts;
    private final GroupCommitAudit audit;
    private final AccessPolicy policy;
    private final Clock clock;

    PrivacyAlertRoutes(PrivacyAlerts alerts, GroupCommitAudit audit, AccessPolicy policy, Clock clock) {
        this.alerts = alerts;
        this.audit = audit;
        this.policy = policy;
        this.clock = clock;
    }

    @Override
    public void register(RoutesConfig routes) {
        routes.get(PATH, this::list);
        routes.post(PATH + "/{id}/acknowledge", this::acknowledge);
    }

    private void list(Context ctx) {
        Access access = officer(ctx);
        List<PrivacyAlert> open = alerts.open(LIMIT);
        Set<String> patients = new LinkedHashSet<>();
        open.forEach(alert -> patients.addAll(alert.patients()));
        audit.record(AuditedRequest.of(ctx).record(access, AuditSubtype.SEARCH).patients(patients).build(clock));
        ArrayNode listed = JSON.createArrayNode();
        open.forEach(alert -> listed.add(json(alert)));
        ObjectNode body = JSON.createObjectNode();
        body.set("alerts", listed);
        ctx.contentType("application/json").result(body.toString());
    }

    private void acknowledge(Context ctx) {
        Access access = officer(ctx);
        long id;
        try {
            id = Long.parseLong(ctx.pathParam("id"));
        } catch (NumberFormatException e) {
            throw new OpenSpineException.NotFound("no privacy alert " + ctx.pathParam("id"));
        }
        String note;
        try {
            JsonNode body = ctx.body().isBlank() ? JSON.createObjectNode() : JSON.readTree(ctx.body());
            if (!body.isObject() || body.has("note") && !body.get("note").isTextual()) {
                throw new OpenSpineException.Invalid("invalid", "the body must be {\"note\": \"...\"}");
            }
            note = body.path("note").asText("");
        } catch (JsonProcessingException e) {
            throw new OpenSpineException.Invalid("invalid", "the body must be JSON: {\"note\": \"...\"}");
        }
        ctx.contentType("application/json").result(json(alerts.acknowledge(id, access.caller(), note)).toString());
    }

    private Access officer(Context ctx) {
        Access access = RequestAccess.of(ctx);
        if (access.caller() instanceof Caller.Citizen || !policy.allows(access, "AuditEvent", false, true)) {
            throw new OpenSpineException.Forbidden("break-glass alerts are for privacy officers");
        }
        return access;
    }

    private static ObjectNode json(PrivacyAlert alert) {
        ObjectNode json = JSON.createObjectNode().put("id", alert.id()).put("auditEvent", "AuditEvent/" + alert.eventId())
                .put("raised", alert.raised().toString()).put("reason", alert.reason());
        ObjectNode agent = json.putObject("agent").put("id", alert.agentId()).put("name", alert.agentName());
        alert.agentOrg().ifPresent(org -> agent.put("organisation", org));
        ArrayNode patients = json.putArray("patients");
        alert.patients().forEach(patient -> patients.add("Patient/" + patient));
        alert.acknowledgement().ifPresent(ack -> {
            ObjectNode acknowledged = json.putObject("acknowledged").put("at", ack.at().toString()).put("byId", ack.byId())
                    .put("byName", ack.byName());
            ack.note().ifPresent(n -> acknowledged.put("note", n));
        });
        return json;
    }
}
