package org.openspine.platform.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.Set;
import org.openspine.platform.identifier.NhsNumber;

/**
 * Renders an audit event as a FHIR R4 AuditEvent, following the shape of IHE's Basic Audit Log Patterns:
 * <ul>
 *   <li>{@code type}: DICOM 110110 Patient Record for access to patient data; 110114 User Authentication for
 *       sign-in and rejected tokens; 110113 Security Alert for denied access and break-glass.</li>
 *   <li>{@code subtype}: the RESTful interaction ({@code http://hl7.org/fhir/restful-interaction}) for
 *       patient data; DICOM 110122 Login (sign-in, rejected token: told apart by outcome),
 *       110132 Use of Restricted Function (access denied), 110127 Emergency Override Started (break-glass).</li>
 *   <li>{@code purposeOfEvent}: v3-ActReason TREAT, PATRQT or BTG. A break-glass reason is the
 *       CodeableConcept's {@code text}: the place R4 gives free text beside a code, so no extension is needed.</li>
 *   <li>{@code agent}: the requestor, identified by SDS user id (staff), NHS Number (citizen) or client id
 *       (system, an identifier typed "client_id"), named, with the RBAC role and job role as roles (SDS job
 *       role codes), and the network address; for staff a second, non-requesting agent for the organisation
 *       (ODS code). A request without a valid token has an agent with only its network address.</li>
 *   <li>{@code source.observer}: OpenSpine, an application server.</li>
 *   <li>{@code entity}: each Patient ({@code Patient/id}, type Person, role Patient), each other resource
 *       touched (role Domain Resource) and, for searches, history and operations, the request as a Query
 *       entity (base64 in {@code query}, readable in {@code description}, the number of resources touched
 *       when more than are listed).</li>
 * </ul>
 * Stateless and thread-safe.
 */
public final class AuditEventJson {

    private static final String DCM = "http://dicom.nema.org/resources/ontology/DCM";
    private static final String RESTFUL_INTERACTION = "http://hl7.org/fhir/restful-interaction";
    private static final String ACT_REASON = "http://terminology.hl7.org/CodeSystem/v3-ActReason";
    private static final String PARTICIPATION_TYPE = "http://terminology.hl7.org/CodeSystem/v3-ParticipationType";
    private static final String ROLE_CLASS = "http://terminology.hl7.org/CodeSystem/v3-RoleClass";
    private static final String JOB_ROLE = "https://fhir.nhs.uk/CodeSystem/NHSDigital-SDS-JobRoleCode";
    private static final String SDS_USER_ID = "https://fhir.nhs.uk/Id/sds-user-id";
    private static final String ODS_CODE = "https://fhir.nhs.uk/Id/ods-organization-code";
    private static final String SOURCE_TYPE = "http://terminology.hl7.org/CodeSystem/security-source-type";
    private static final String ENTITY_TYPE = "http://terminology.hl7.org/CodeSystem/audit-entity-type";
    private static final String OBJECT_ROLE = "http://terminology.hl7.org/CodeSystem/object-role";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<AuditSubtype> QUERIES = EnumSet.of(AuditSubtype.SEARCH, AuditSubtype.HISTORY,
            AuditSubtype.OPERATION);

    private AuditEventJson() {
    }

    /** @return the AuditEvent as compact JSON text */
    public static String render(AuditEntry entry) {
        try {
            return JSON.writeValueAsString(node(entry));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("an AuditEvent tree could not be written", e); // a tree of plain nodes always can
        }
    }

    /** @return the AuditEvent as a JSON tree, to embed in a Bundle */
    public static ObjectNode node(AuditEntry entry) {
        AuditRecord record = entry.record();
        ObjectNode event = JSON.createObjectNode();
        event.put("resourceType", "AuditEvent");
        event.put("id", entry.id().toString());
        event.set("type", type(record.subtype()));
        event.putArray("subtype").add(subtype(record.subtype()));
        event.put("action", record.action().name());
        event.put("recorded", record.recorded().toString());
        event.put("outcome", Integer.toString(record.outcome().code()));
        record.outcomeDescription().ifPresent(description -> event.put("outcomeDesc", description));
        record.purpose().ifPresent(purpose -> event.putArray("purposeOfEvent").add(purposeOfEvent(purpose)));
        agents(event.putArray("agent"), record);
        ObjectNode source = event.putObject("source");
        source.put("site", "OpenSpine");
        source.putObject("observer").put("display", "OpenSpine");
        source.putArray("type").add(coding(SOURCE_TYPE, "4", "Application Server"));
        ArrayNode entities = JSON.createArrayNode();
        entities(entities, record);
        if (!entities.isEmpty()) {
            event.set("entity", entities);
        }
        return event;
    }

    private static ObjectNode type(AuditSubtype subtype) {
        return switch (subtype) {
            case SIGN_IN, TOKEN_REJECTED -> coding(DCM, "110114", "User Authentication");
            case ACCESS_DENIED, BREAK_GLASS -> coding(DCM, "110113", "Security Alert");
            default -> coding(DCM, "110110", "Patient Record");
        };
    }

    private static ObjectNode subtype(AuditSubtype subtype) {
        return switch (subtype) {
            case SIGN_IN, TOKEN_REJECTED -> coding(DCM, "110122", "Login");
            case ACCESS_DENIED -> coding(DCM, "110132", "Use of Restricted Function");
            case BREAK_GLASS -> coding(DCM, "110127", "Emergency Override Started");
            default -> coding(RESTFUL_INTERACTION, subtype.code(), subtype.code());
        };
    }

    private static ObjectNode purposeOfEvent(PurposeOfUse purpose) {
        ObjectNode concept = JSON.createObjectNode();
        concept.putArray("coding").add(switch (purpose) {
            case PurposeOfUse.Treatment t -> coding(ACT_REASON, t.code(), "treatment");
            case PurposeOfUse.PatientRequest p -> coding(ACT_REASON, p.code(), "patient requested");
            case PurposeOfUse.BreakGlass b -> coding(ACT_REASON, b.code(), "break the glass");
        });
        if (purpose instanceof PurposeOfUse.BreakGlass breakGlass) {
            concept.put("text", breakGlass.reason());
        }
        return concept;
    }

    private static void agents(ArrayNode agents, AuditRecord record) {
        ObjectNode requestor = agents.addObject();
        AuditAgent agent = record.agent();
        switch (agent) {
            case AuditAgent.Staff s -> {
                requestor.set("type", requestorType(record.action()));
                ArrayNode roles = requestor.putArray("role");
                roles.add(concept(coding(JOB_ROLE, s.roleCode(), null)).put("text", "access role"));
                roles.add(concept(coding(JOB_ROLE, s.jobRole(), null)).put("text", "job role"));
                who(requestor, identifier(SDS_USER_ID, s.id()), s.name());
            }
            case AuditAgent.Citizen c -> {
                requestor.set("type", concept(coding(ROLE_CLASS, "PAT", "patient")));
                who(requestor, identifier(NhsNumber.SYSTEM, c.nhsNumber()), c.name());
            }
            case AuditAgent.SystemClient c -> {
                requestor.set("type", requestorType(record.action()));
                ObjectNode identifier = JSON.createObjectNode();
                identifier.putObject("type").put("text", "client_id");
                identifier.put("value", c.id());
                who(requestor, identifier, c.name());
            }
            case AuditAgent.Unauthenticated u -> {
                // nobody established: the network address below is all there is
            }
        }
        requestor.put("requestor", true);
        record.sourceAddress().ifPresent(address -> {
            ObjectNode network = requestor.putObject("network");
            network.put("address", address);
            network.put("type", "2"); // IP address
        });
        if (agent instanceof AuditAgent.Staff staff) {
            ObjectNode organisation = agents.addObject();
            organisation.set("type", concept(coding(ROLE_CLASS, "PROV", "healthcare provider")));
            organisation.putObject("who").set("identifier", identifier(ODS_CODE, staff.odsCode()));
            organisation.put("requestor", false);
        }
    }

    /** BALP: a user who receives data is its information recipient; one who changes it, an agent. */
    private static ObjectNode requestorType(AuditAction action) {
        return concept(action == AuditAction.R ? coding(PARTICIPATION_TYPE, "IRCP", "information recipient")
                : coding(ROLE_CLASS, "AGNT", "agent"));
    }

    private static void entities(ArrayNode entities, AuditRecord record) {
        Set<String> listed = new HashSet<>();
        for (String patient : record.patients()) {
            String reference = "Patient/" + patient;
            listed.add(reference);
            entities.add(entity(reference, coding(ENTITY_TYPE, "1", "Person"), coding(OBJECT_ROLE, "1", "Patient")));
        }
        for (ResourceRef resource : record.resources()) {
            if (listed.add(resource.toString())) {
                entities.add(entity(resource.toString(), coding(ENTITY_TYPE, "2", "System Object"),
                        coding(OBJECT_ROLE, "4", "Domain Resource")));
            }
        }
        if (QUERIES.contains(record.subtype()) && record.request().isPresent()) {
            RequestLine request = record.request().get();
            ObjectNode query = entities.addObject();
            query.set("type", coding(ENTITY_TYPE, "2", "System Object"));
            query.set("role", coding(OBJECT_ROLE, "24", "Query"));
            query.put("description", request.method() + " " + request.target());
            query.put("query", Base64.getEncoder().encodeToString(request.target().getBytes(StandardCharsets.UTF_8)));
            if (record.resourceCount() > record.resources().size()) {
                ObjectNode detail = query.putArray("detail").addObject();
                detail.put("type", "resources touched");
                detail.put("valueString", Integer.toString(record.resourceCount()));
            }
        }
    }

    private static ObjectNode entity(String reference, ObjectNode type, ObjectNode role) {
        ObjectNode entity = JSON.createObjectNode();
        entity.putObject("what").put("reference", reference);
        entity.set("type", type);
        entity.set("role", role);
        return entity;
    }

    private static void who(ObjectNode agent, ObjectNode identifier, String display) {
        ObjectNode who = agent.putObject("who");
        who.set("identifier", identifier);
        who.put("display", display);
    }

    private static ObjectNode identifier(String system, String value) {
        ObjectNode identifier = JSON.createObjectNode();
        identifier.put("system", system);
        identifier.put("value", value);
        return identifier;
    }

    private static ObjectNode concept(ObjectNode coding) {
        ObjectNode concept = JSON.createObjectNode();
        concept.putArray("coding").add(coding);
        return concept;
    }

    private static ObjectNode coding(String system, String code, String display) {
        ObjectNode coding = JSON.createObjectNode();
        coding.put("system", system);
        coding.put("code", code);
        if (display != null) {
            coding.put("display", display);
        }
        return coding;
    }
}
