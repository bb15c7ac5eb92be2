package org.openspine.fhir.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.openspine.fhir.rest.Fixtures.BASE;
import static org.openspine.fhir.rest.Fixtures.JSON;
import static org.openspine.fhir.rest.RecordAccessFixture.obs;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openspine.platform.audit.AuditAction;
import org.openspine.platform.audit.AuditAgent;
import org.openspine.platform.audit.AuditEntry;
import org.openspine.platform.audit.AuditLog;
import org.openspine.platform.audit.AuditOutcome;
import org.openspine.platform.audit.AuditQuery;
import org.openspine.platform.audit.AuditRecord;
import org.openspine.platform.audit.AuditSubtype;
import org.openspine.platform.audit.PrivacyAlert;
import org.openspine.platform.audit.PurposeOfUse;
import org.openspine.platform.audit.ResourceRef;
import org.openspine.platform.http.TestHttp;
import org.openspine.platform.security.ProofingLevel;

/**
 * Every FHIR interaction with patient data leaves an audit record naming who, which patients and
 * what; writes in their own transaction, reads before they are answered; refusals and break-glass
 * are security events; and the trail is read back as AuditEvent by privacy officers and patients.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AuditedInteractionsIT {

    private final FhirTestServer server = FhirTestServer.shared();
    private final AuditLog log = server.audit().log();
    private RecordAccessFixture care;

    @BeforeAll
    void community() {
        care = new RecordAccessFixture(server.http());
    }

    @Test
    void aReadIsOnTheTrailWithWhoWhichPatientAndWhatBeforeItIsAnswered() {
        TestHttp.Response read = care.as(care.gpA()).get(BASE + "/Observation/" + obs(care.pA));
        assertThat(read.status()).isEqualTo(200);

        AuditRecord event = only(AuditQuery.all().withPatient(care.pA).withAgent(care.gpA().id())
                .withSubtype(AuditSubtype.READ));
        assertThat(event.action()).isEqualTo(AuditAction.R);
        assertThat(event.outcome()).isEqualTo(AuditOutcome.SUCCESS);
        assertThat(event.patients()).containsExactly(care.pA);
        assertThat(event.resources()).containsExactly(new ResourceRef("Observation", obs(care.pA)));
        assertThat(event.purpose()).containsInstanceOf(PurposeOfUse.Treatment.class);
        assertThat(event.agent()).isInstanceOfSatisfying(AuditAgent.Staff.class,
                staff -> assertThat(staff.odsCode()).isEqualTo(care.odsA));
        assertThat(event.request().orElseThrow().target()).isEqualTo(BASE + "/Observation/" + obs(care.pA));
    }

    @Test
    void aSearchNamesEveryPatientWhoseEntriesItReturned() {
        TestHttp.Response found = care.as(care.integrator()).get(BASE + "/Observation?code=urn:test%7C" + care.code + "&_count=100");
        assertThat(found.status()).isEqualTo(200);

        AuditRecord event = only(AuditQuery.all().withAgent(care.integrator().id()).withSubtype(AuditSubtype.SEARCH)
                .withPatient(care.pDone));
        assertThat(event.patients()).containsExactlyInAnyOrder(care.pA, care.pB, care.pT, care.pR, care.pRef, care.pDone);
        assertThat(event.resourceCount()).isEqualTo(found.json().get("entry").size()).isGreaterThanOrEqualTo(7);
    }

    @Test
    void aWriteIsAuditedInItsTransactionAndAFailedWriteLeavesOnlyAFailureRecord() {
        String id = "audited-" + care.u;
        TestHttp.Response created = care.as(care.gpA()).put(BASE + "/Observation/" + id, JSON,
                RecordAccessFixture.observationJson(id, care.pA, null, false, care.code));
        assertThat(created.status()).isEqualTo(201);
        AuditRecord create = only(AuditQuery.all().withPatient(care.pA).withSubtype(AuditSubtype.UPDATE)
                .withAgent(care.gpA().id()));
        assertThat(create.action()).isEqualTo(AuditAction.U);
        assertThat(create.resources()).containsExactly(new ResourceRef("Observation", id));

        TestHttp.Response invalid = care.as(care.gpB()).put(BASE + "/Observation/bad-" + care.u, JSON,
                "{\"resourceType\":\"Observation\",\"id\":\"bad-" + care.u + "\",\"status\":\"no-such-status\"}");
        assertThat(invalid.status()).isEqualTo(400);
        AuditRecord failed = only(AuditQuery.all().withAgent(care.gpB().id()).withOutcome(AuditOutcome.MINOR_FAILURE)
                .withSubtype(AuditSubtype.UPDATE));
        assertThat(failed.request().orElseThrow().target()).endsWith("/Observation/bad-" + care.u);
        assertThat(care.as(care.integrator()).get(BASE + "/Observation/bad-" + care.u).status()).isEqualTo(404);
    }

    @Test
    void aDeleteNamesThePatientWhoseEntryItWas() {
        String id = "deleted-" + care.u;
        care.observation(id, care.pB, null, false);

        assertThat(care.as(care.integrator()).delete(BASE + "/Observation/" + id).status()).isEqualTo(204);

        AuditRecord delete = only(AuditQuery.all().withSubtype(AuditSubtype.DELETE).withPatient(care.pB));
        assertThat(delete.resources()).containsExactly(new ResourceRef("Observation", id));
        assertThat(delete.action()).isEqualTo(AuditAction.D);
    }

    @Test
    void aRefusalIsAnAccessDeniedSecurityEventAndNamesNoPatient() {
        TestHttp.Response refused = care.as(care.gpA()).get(BASE + "/Observation/" + obs(care.pB));
        assertThat(refused.status()).isEqualTo(403);

        AuditRecord denied = only(AuditQuery.all().withAgent(care.gpA().id()).withSubtype(AuditSubtype.ACCESS_DENIED));
        assertThat(denied.outcome()).isEqualTo(AuditOutcome.MINOR_FAILURE);
        assertThat(denied.patients()).isEmpty();
        assertThat(denied.request().orElseThrow().target()).isEqualTo(BASE + "/Observation/" + obs(care.pB));
    }

    @Test
    void breakingTheGlassIsAuditedWithItsReasonAndRaisesAnAlertForThePrivacyOfficer() {
        TestHttp.Response read = care.breakingGlass(care.pharmacist(), "GET", BASE + "/Observation/" + obs(care.pRef)).send();
        assertThat(read.status()).isEqualTo(200);

        AuditRecord interaction = only(AuditQuery.all().withAgent(care.pharmacist().id()).withSubtype(AuditSubtype.READ));
        assertThat(interaction.purpose()).contains(new PurposeOfUse.BreakGlass("unconscious in A&E"));
        AuditRecord brokeGlass = only(AuditQuery.all().withAgent(care.pharmacist().id())
                .withSubtype(AuditSubtype.BREAK_GLASS));
        assertThat(brokeGlass.patients()).containsExactly(care.pRef);
        List<PrivacyAlert> alerts = server.audit().alerts().open(1000);
        assertThat(alerts).anySatisfy(alert -> {
            assertThat(alert.agentId()).isEqualTo(care.pharmacist().id());
            assertThat(alert.patients()).containsExactly(care.pRef);
            assertThat(alert.reason()).isEqualTo("unconscious in A&E");
        });
    }

    @Test
    void thePrivacyOfficerSearchesAuditEventsByPatientAndReadsEach() {
        care.as(care.nurseA()).get(BASE + "/Observation/" + obs(care.pA));

        TestHttp officer = care.as(care.privacyOfficer());
        TestHttp.Response page = officer.get(BASE + "/AuditEvent?patient=Patient/" + care.pA + "&agent="
                + care.nurseA().id());
        assertThat(page.status()).as(page.text()).isEqualTo(200);
        JsonNode bundle = page.json();
        assertThat(bundle.get("type").asText()).isEqualTo("searchset");
        assertThat(bundle.get("entry")).hasSize(1);
        JsonNode event = bundle.at("/entry/0/resource");
        assertThat(event.get("resourceType").asText()).isEqualTo("AuditEvent");
        assertThat(event.toString()).contains("Patient/" + care.pA, care.nurseA().displayName());

        TestHttp.Response one = officer.get(BASE + "/AuditEvent/" + event.get("id").asText());
        assertThat(one.status()).isEqualTo(200);
        assertThat(one.json().get("id").asText()).isEqualTo(event.get("id").asText());
        // the officer's own look is on the trail too, naming the patient asked about
        assertThat(only(AuditQuery.all().withAgent(care.privacyOfficer().id()).withSubtype(AuditSubtype.SEARCH)
                .withPatient(care.pA)).patients()).containsExactly(care.pA);
    }

    @Test
    void aPatientListsWhoLookedAtTheirOwnRecordButNobodyElses() {
        care.as(care.receptionistA()).get(BASE + "/Patient/" + care.pA);
        TestHttp patient = care.as(care.patientA(ProofingLevel.P9));

        TestHttp.Response own = patient.get(BASE + "/AuditEvent?_count=1000");
        assertThat(own.status()).as(own.text()).isEqualTo(200);
        List<String> patients = new ArrayList<>();
        for (JsonNode entry : own.json().get("entry")) {
            StreamSupport.stream(entry.at("/resource/entity").spliterator(), false)
                    .map(entity -> entity.at("/what/reference").asText()).filter(r -> r.startsWith("Patient/"))
                    .forEach(patients::add);
        }
        assertThat(patients).contains("Patient/" + care.pA).allMatch(p -> p.equals("Patient/" + care.pA));
        assertThat(own.text()).contains(care.receptionistA().displayName());

        assertThat(patient.get(BASE + "/AuditEvent?patient=" + care.pB).status()).isEqualTo(403);
        String othersEvent = log.search(AuditQuery.all().withPatient(care.pB)).entries().get(0).id().toString();
        assertThat(patient.get(BASE + "/AuditEvent/" + othersEvent).status()).isEqualTo(404);
    }

    @Test
    void aCarerListsTheAccessesToTheRecordTheyAreAProxyFor() {
        care.as(care.gpB()).get(BASE + "/Patient/" + care.pB);

        TestHttp.Response proxy = care.as(care.carer()).get(BASE + "/AuditEvent?patient=" + care.pB);

        assertThat(proxy.status()).isEqualTo(200);
        assertThat(proxy.text()).contains(care.gpB().displayName());
    }

    @Test
    void staffWithoutTheAuditRoleAndWritersOfAuditEventsAreRefused() {
        assertThat(care.as(care.nurseA()).get(BASE + "/AuditEvent?patient=" + care.pA).status()).isEqualTo(403);
        assertThat(care.as(care.integrator()).get(BASE + "/AuditEvent").status()).isEqualTo(403);
        assertThat(care.as(care.integrator()).post(BASE + "/AuditEvent", JSON,
                "{\"resourceType\":\"AuditEvent\"}").status()).isEqualTo(403);
        assertThat(care.as(care.privacyOfficer()).post(BASE + "/AuditEvent", JSON,
                "{\"resourceType\":\"AuditEvent\"}").status()).isEqualTo(403);
    }

    @Test
    void badAuditEventSearchesAre400NeverServerErrors() {
        TestHttp officer = care.as(care.privacyOfficer());
        for (String query : List.of("date=yesterday", "date=ap2026-01-01", "outcome=3", "subtype=peek", "_count=5000",
                "family=Smith", "_cursor=not-a-cursor", "patient=bad%20id")) {
            TestHttp.Response response = officer.get(BASE + "/AuditEvent?" + query);
            assertThat(response.status()).as(query + ": " + response.text()).isEqualTo(400);
            assertThat(response.json().get("resourceType").asText()).isEqualTo("OperationOutcome");
        }
        assertThat(officer.get(BASE + "/AuditEvent/not-a-uuid").status()).isEqualTo(404);
        assertThat(officer.get(BASE + "/AuditEvent?date=ge2020-01-01&date=le2099-12-31&_count=1").status()).isEqualTo(200);
    }

    private AuditRecord only(AuditQuery query) {
        List<AuditEntry> entries = log.search(query.withCount(10)).entries();
        assertThat(entries).as("audit events matching %s", query).hasSize(1);
        return entries.get(0).record();
    }
}
