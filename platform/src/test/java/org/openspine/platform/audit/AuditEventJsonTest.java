package org.openspine.platform.audit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.openspine.platform.security.Access;

/** Each kind of audit record as a whole FHIR R4 AuditEvent. */
class AuditEventJsonTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-21T09:00:00.123456Z"), ZoneOffset.UTC);
    private static final UUID ID = UUID.fromString("018f2a4e-0000-7000-8000-000000000001");
    private static final ObjectMapper JSON = new ObjectMapper();

    private static final String SOURCE = """
            "source": {"site": "OpenSpine", "observer": {"display": "OpenSpine"},
              "type": [{"system": "http://terminology.hl7.org/CodeSystem/security-source-type", "code": "4",
                        "display": "Application Server"}]}""";
    private static final String GP_AGENTS = """
            {"type": {"coding": [{"system": "http://terminology.hl7.org/CodeSystem/v3-ParticipationType",
                                  "code": "%s", "display": "%s"}]},
             "role": [{"coding": [{"system": "https://fhir.nhs.uk/CodeSystem/NHSDigital-SDS-JobRoleCode", "code": "R8000"}],
                       "text": "access role"},
                      {"coding": [{"system": "https://fhir.nhs.uk/CodeSystem/NHSDigital-SDS-JobRoleCode", "code": "R0260"}],
                       "text": "job role"}],
             "who": {"identifier": {"system": "https://fhir.nhs.uk/Id/sds-user-id", "value": "555021935107"},
                     "display": "Dr Ada Okafor"},
             "requestor": true,
             "network": {"address": "10.1.2.3", "type": "2"}},
            {"type": {"coding": [{"system": "http://terminology.hl7.org/CodeSystem/v3-RoleClass", "code": "PROV",
                                  "display": "healthcare provider"}]},
             "who": {"identifier": {"system": "https://fhir.nhs.uk/Id/ods-organization-code", "value": "Y12345"}},
             "requestor": false}""";
    private static final String PATIENT_P1 = """
            {"what": {"reference": "Patient/p1"},
             "type": {"system": "http://terminology.hl7.org/CodeSystem/audit-entity-type", "code": "1", "display": "Person"},
             "role": {"system": "http://terminology.hl7.org/CodeSystem/object-role", "code": "1", "display": "Patient"}}""";

    @Test
    void aStaffReadUnderBreakGlassNamesTheReasonTheRolesTheOrganisationAndWhatWasRead() throws Exception {
        AuditRecord record = AuditRecord.of(new Access(TestAudit.GP, Optional.of("patient unconscious in ED")), AuditSubtype.READ)
                .patient("p1").resource("Patient", "p1").resource("Observation", "o1")
                .request("GET", "/fhir/R4/Observation/o1").sourceAddress("10.1.2.3").requestId("req-1").build(CLOCK);

        assertRendersAs(record, """
                {"resourceType": "AuditEvent", "id": "018f2a4e-0000-7000-8000-000000000001",
                 "type": {"system": "http://dicom.nema.org/resources/ontology/DCM", "code": "110110", "display": "Patient Record"},
                 "subtype": [{"system": "http://hl7.org/fhir/restful-interaction", "code": "read", "display": "read"}],
                 "action": "R", "recorded": "2026-11-21T09:00:00.123456Z", "outcome": "0",
                 "purposeOfEvent": [{"coding": [{"system": "http://terminology.hl7.org/CodeSystem/v3-ActReason", "code": "BTG",
                                                 "display": "break the glass"}],
                                     "text": "patient unconscious in ED"}],
                 "agent": [%s],
                 %s,
                 "entity": [%s,
                   {"what": {"reference": "Observation/o1"},
                    "type": {"system": "http://terminology.hl7.org/CodeSystem/audit-entity-type", "code": "2", "display": "System Object"},
                    "role": {"system": "http://terminology.hl7.org/CodeSystem/object-role", "code": "4", "display": "Domain Resource"}}]}
                """.formatted(GP_AGENTS.formatted("IRCP", "information recipient"), SOURCE, PATIENT_P1));
    }

    @Test
    void aCitizensSearchOfTheirOwnRecordCarriesTheQueryAndHowManyResourcesItReturned() throws Exception {
        AuditRecord.Builder search = AuditRecord.of(Access.of(TestAudit.CITIZEN), AuditSubtype.SEARCH).patient("p1")
                .request("GET", "/fhir/R4/Observation?patient=p1&_count=200");
        IntStream.range(0, 101).forEach(i -> search.resource("Observation", "o" + i));
        AuditRecord record = search.build(CLOCK);

        String json = AuditEventJson.render(new AuditEntry(ID, record));

        assertThat(JSON.readTree(json).path("entity")).hasSize(1 + 100 + 1);
        assertThat(JSON.readTree(json).path("entity").get(1).path("what").path("reference").asText()).isEqualTo("Observation/o0");
        assertThat(JSON.readTree(json).path("agent").toString()).isEqualTo(JSON.readTree("""
                [{"type": {"coding": [{"system": "http://terminology.hl7.org/CodeSystem/v3-RoleClass", "code": "PAT",
                                       "display": "patient"}]},
                  "who": {"identifier": {"system": "https://fhir.nhs.uk/Id/nhs-number", "value": "9000000009"},
                          "display": "Sam Patel"},
                  "requestor": true}]""").toString());
        assertThat(JSON.readTree(json).path("purposeOfEvent").toString()).isEqualTo(JSON.readTree("""
                [{"coding": [{"system": "http://terminology.hl7.org/CodeSystem/v3-ActReason", "code": "PATRQT",
                              "display": "patient requested"}]}]""").toString());
        assertThat(JSON.readTree(json).path("entity").get(101).toString()).isEqualTo(JSON.readTree("""
                {"type": {"system": "http://terminology.hl7.org/CodeSystem/audit-entity-type", "code": "2", "display": "System Object"},
                 "role": {"system": "http://terminology.hl7.org/CodeSystem/object-role", "code": "24", "display": "Query"},
                 "description": "GET /fhir/R4/Observation?patient=p1&_count=200",
                 "query": "L2ZoaXIvUjQvT2JzZXJ2YXRpb24/cGF0aWVudD1wMSZfY291bnQ9MjAw",
                 "detail": [{"type": "resources touched", "valueString": "101"}]}""").toString());
    }

    @Test
    void aSystemsCreateIsDoneByAnAgentIdentifiedByItsClientId() throws Exception {
        AuditRecord record = AuditRecord.of(Access.of(TestAudit.SYSTEM), AuditSubtype.CREATE).patient("p1")
                .resource("Observation", "o9").build(CLOCK);

        assertRendersAs(record, """
                {"resourceType": "AuditEvent", "id": "018f2a4e-0000-7000-8000-000000000001",
                 "type": {"system": "http://dicom.nema.org/resources/ontology/DCM", "code": "110110", "display": "Patient Record"},
                 "subtype": [{"system": "http://hl7.org/fhir/restful-interaction", "code": "create", "display": "create"}],
                 "action": "C", "recorded": "2026-11-21T09:00:00.123456Z", "outcome": "0",
                 "purposeOfEvent": [{"coding": [{"system": "http://terminology.hl7.org/CodeSystem/v3-ActReason", "code": "TREAT",
                                                 "display": "treatment"}]}],
                 "agent": [{"type": {"coding": [{"system": "http://terminology.hl7.org/CodeSystem/v3-RoleClass", "code": "AGNT",
                                                 "display": "agent"}]},
                            "who": {"identifier": {"type": {"text": "client_id"}, "value": "pathology-lab-feed"},
                                    "display": "Pathology results feed"},
                            "requestor": true}],
                 %s,
                 "entity": [%s,
                   {"what": {"reference": "Observation/o9"},
                    "type": {"system": "http://terminology.hl7.org/CodeSystem/audit-entity-type", "code": "2", "display": "System Object"},
                    "role": {"system": "http://terminology.hl7.org/CodeSystem/object-role", "code": "4", "display": "Domain Resource"}}]}
                """.formatted(SOURCE, PATIENT_P1));
    }

    @Test
    void aRejectedTokenIsAFailedLoginByNobodyButANetworkAddress() throws Exception {
        AuditRecord record = AuditRecord.unauthenticated(AuditSubtype.TOKEN_REJECTED)
                .outcome(AuditOutcome.MINOR_FAILURE, "the bearer token has expired").request("GET", "/fhir/R4/Patient/p1")
                .sourceAddress("192.0.2.7").build(CLOCK);

        assertRendersAs(record, """
                {"resourceType": "AuditEvent", "id": "018f2a4e-0000-7000-8000-000000000001",
                 "type": {"system": "http://dicom.nema.org/resources/ontology/DCM", "code": "110114", "display": "User Authentication"},
                 "subtype": [{"system": "http://dicom.nema.org/resources/ontology/DCM", "code": "110122", "display": "Login"}],
                 "action": "E", "recorded": "2026-11-21T09:00:00.123456Z", "outcome": "4",
                 "outcomeDesc": "the bearer token has expired",
                 "agent": [{"requestor": true, "network": {"address": "192.0.2.7", "type": "2"}}],
                 %s}
                """.formatted(SOURCE));
    }

    @Test
    void aDeniedAccessIsASecurityAlertAboutThePatientConcerned() throws Exception {
        AuditRecord record = AuditRecord.of(Access.of(TestAudit.GP), AuditSubtype.ACCESS_DENIED).action(AuditAction.R)
                .patient("p1").outcome(AuditOutcome.MINOR_FAILURE, "no legitimate relationship with the patient")
                .sourceAddress("10.1.2.3").build(CLOCK);

        assertRendersAs(record, """
                {"resourceType": "AuditEvent", "id": "018f2a4e-0000-7000-8000-000000000001",
                 "type": {"system": "http://dicom.nema.org/resources/ontology/DCM", "code": "110113", "display": "Security Alert"},
                 "subtype": [{"system": "http://dicom.nema.org/resources/ontology/DCM", "code": "110132",
                              "display": "Use of Restricted Function"}],
                 "action": "R", "recorded": "2026-11-21T09:00:00.123456Z", "outcome": "4",
                 "outcomeDesc": "no legitimate relationship with the patient",
                 "agent": [%s],
                 %s,
                 "entity": [%s]}
                """.formatted(GP_AGENTS.formatted("IRCP", "information recipient"), SOURCE, PATIENT_P1));
    }

    @Test
    void aBreakGlassIsAnEmergencyOverrideWithItsReason() throws Exception {
        AuditRecord record = AuditRecord.of(new Access(TestAudit.GP, Optional.of("collapsed in clinic")), AuditSubtype.BREAK_GLASS)
                .patient("p1").sourceAddress("10.1.2.3").build(CLOCK);

        assertRendersAs(record, """
                {"resourceType": "AuditEvent", "id": "018f2a4e-0000-7000-8000-000000000001",
                 "type": {"system": "http://dicom.nema.org/resources/ontology/DCM", "code": "110113", "display": "Security Alert"},
                 "subtype": [{"system": "http://dicom.nema.org/resources/ontology/DCM", "code": "110127",
                              "display": "Emergency Override Started"}],
                 "action": "E", "recorded": "2026-11-21T09:00:00.123456Z", "outcome": "0",
                 "purposeOfEvent": [{"coding": [{"system": "http://terminology.hl7.org/CodeSystem/v3-ActReason", "code": "BTG",
                                                 "display": "break the glass"}],
                                     "text": "collapsed in clinic"}],
                 "agent": [%s],
                 %s,
                 "entity": [%s]}
                """.formatted(GP_AGENTS.formatted("AGNT", "agent").replace("v3-ParticipationType", "v3-RoleClass"),
                SOURCE, PATIENT_P1));
    }

    private static void assertRendersAs(AuditRecord record, String expected) throws Exception {
        String json = AuditEventJson.render(new AuditEntry(ID, record));
        assertThat(JSON.readTree(json).toPrettyString()).isEqualTo(JSON.readTree(expected).toPrettyString());
    }
}
