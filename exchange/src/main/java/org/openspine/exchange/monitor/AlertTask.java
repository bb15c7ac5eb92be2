package org.openspine.exchange.monitor;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.openspine.exchange.mailbox.Mailbox;
import org.openspine.fhir.access.RecordAccess;
import org.openspine.fhir.rest.FhirApi;
import org.openspine.fhir.rest.FhirRequest;

/**
 * Publishes an alert in the FHIR record as a Task, so that other systems find it with an ordinary search
 * ({@code Task?code=https://fhir.openspine.org/CodeSystem/delivery-alert|&status=requested}) or a Subscription
 * on the same criteria, and a practice's system sees what is asked of it
 * ({@code Task?owner:identifier=https://fhir.nhs.uk/Id/ods-organization-code|A81001}).
 *
 * <p>Why a Task: an alert asks an organisation to do something (collect its mailbox, clear a backlog), and a
 * Task carries exactly that: a coded request ({@link #CODE_SYSTEM}), an owner (the organisation the mailbox
 * belongs to, by ODS code), a description, and a status whose life matches the alert's: {@code requested} when
 * raised, {@code completed} when the condition cleared, with the period between. A Communication would say
 * something once and keep no state to resolve; a DetectedIssue is about a patient's care, and these alerts carry
 * no patient at all. The Task's id is the alert's, so writing it again (a retried run) changes the same Task.
 */
final class AlertTask {

    /** The code system of the Task's code: {@link AlertKind#code()}. */
    static final String CODE_SYSTEM = "https://fhir.openspine.org/CodeSystem/delivery-alert";
    /** The identifier system of the Task: the alert's id. */
    static final String IDENTIFIER_SYSTEM = "https://fhir.openspine.org/Id/delivery-alert";
    private static final String ODS = "https://fhir.nhs.uk/Id/ods-organization-code";
    /** The base of internal requests; never shown to a caller. */
    private static final String BASE = "urn:openspine:delivery-monitor";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final FhirApi api;

    AlertTask(FhirApi api) {
        this.api = api;
    }

    /** Writes the alert's Task as the alert now stands, in the caller's transaction. */
    void write(Connection connection, Alert alert, Optional<Mailbox> mailbox) throws SQLException {
        byte[] body = task(alert, mailbox).toString().getBytes(StandardCharsets.UTF_8);
        api.handle(connection, new FhirRequest("PUT", BASE, List.of("Task", alert.id()), Map.of(),
                Map.of("content-type", "application/fhir+json"), new FhirRequest.Bytes(body, "application/fhir+json"),
                api.guard(RecordAccess.OPENSPINE)));
    }

    /** @return the Task for the alert */
    static ObjectNode task(Alert alert, Optional<Mailbox> mailbox) {
        ObjectNode task = JSON.createObjectNode().put("resourceType", "Task").put("id", alert.id());
        task.putArray("identifier").addObject().put("system", IDENTIFIER_SYSTEM).put("value", alert.id());
        task.put("status", alert.resolved().isPresent() ? "completed" : "requested");
        task.putObject("businessStatus").put("text", alert.resolved().isPresent() ? "resolved" : "open");
        task.put("intent", "order");
        task.put("priority", "urgent");
        ObjectNode code = task.putObject("code");
        code.putArray("coding").addObject().put("system", CODE_SYSTEM).put("code", alert.kind().code())
                .put("display", alert.kind().display());
        task.put("description", alert.detail());
        task.put("authoredOn", time(alert.raised()));
        task.put("lastModified", time(alert.resolved().orElse(alert.raised())));
        ObjectNode period = task.putObject("executionPeriod").put("start", time(alert.raised()));
        alert.resolved().ifPresent(resolved -> period.put("end", time(resolved)));
        task.putObject("requester").put("display", "OpenSpine delivery monitor");
        mailbox.ifPresent(box -> {
            ObjectNode owner = task.putObject("owner");
            owner.putObject("identifier").put("system", ODS).put("value", box.odsCode());
            owner.put("display", box.name());
        });
        ArrayNode inputs = task.putArray("input");
        input(inputs, "mailbox").put("valueString", alert.mailboxId());
        alert.workflowId().ifPresent(workflow -> input(inputs, "workflow").put("valueString", workflow));
        input(inputs, "messages").put("valueUnsignedInt", alert.messages());
        input(inputs, "since").put("valueDateTime", time(alert.since()));
        return task;
    }

    private static ObjectNode input(ArrayNode inputs, String type) {
        ObjectNode input = inputs.addObject();
        input.putObject("type").put("text", type);
        return input;
    }

    /** FHIR instants with whole seconds: what the database keeps to the microsecond, FHIR readers need not. */
    static String time(Instant instant) {
        return instant.truncatedTo(ChronoUnit.SECONDS).toString();
    }
}
