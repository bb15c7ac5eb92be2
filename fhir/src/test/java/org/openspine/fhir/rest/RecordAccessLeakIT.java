package org.openspine.fhir.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.openspine.fhir.rest.Fixtures.BASE;
import static org.openspine.fhir.rest.Fixtures.JSON;
import static org.openspine.fhir.rest.RecordAccessFixture.ids;
import static org.openspine.fhir.rest.RecordAccessFixture.obs;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openspine.platform.http.TestHttp;

/**
 * Every path into data other than a plain read ({@code _include}, {@code _revinclude}, chaining,
 * {@code _has}, history, counts, transactions) is held to the same rule: a GP at practice A never
 * reaches practice B's patient pB, nor learns anything about them.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RecordAccessLeakIT {

    private final TestHttp http = FhirTestServer.shared().http();
    private RecordAccessFixture f;
    private TestHttp gp;
    private String performedByB;
    private String aboutBPerformedByA;

    @BeforeAll
    void community() {
        f = new RecordAccessFixture(http);
        gp = f.as(f.gpA());
        // pA's Observation performed by pB, and pB's Observation performed by pA
        performedByB = "perf-b-" + f.u;
        aboutBPerformedByA = "perf-a-" + f.u;
        f.observation(performedByB, f.pA, "Patient/" + f.pB, false);
        f.observation(aboutBPerformedByA, f.pB, "Patient/" + f.pA, false);
    }

    @Test
    void include_does_not_bring_in_a_patient_the_caller_may_not_see() {
        assertThat(ids(gp.get(BASE + "/Observation?_id=" + performedByB + "&_include=Observation:performer")))
                .containsExactly("Observation/" + performedByB);
        assertThat(ids(f.as(f.integrator()).get(BASE + "/Observation?_id=" + performedByB
                + "&_include=Observation:performer"))).as("the same search by a system sees both")
                .containsExactlyInAnyOrder("Observation/" + performedByB, "Patient/" + f.pB);
    }

    @Test
    void revinclude_does_not_bring_in_another_patients_entries() {
        assertThat(ids(gp.get(BASE + "/Patient?_id=" + f.pA + "&_revinclude=Observation:performer")))
                .containsExactly("Patient/" + f.pA);
    }

    @Test
    void revinclude_leaves_out_types_the_role_may_not_read() {
        assertThat(ids(f.as(f.receptionistA()).get(BASE + "/Patient?_id=" + f.pA + "&_revinclude=Observation:subject")))
                .containsExactly("Patient/" + f.pA);
    }

    @Test
    void chains_do_not_select_by_the_details_of_a_patient_the_caller_may_not_see() {
        String familyOfB = "Fam" + f.pB.replace("-", "");
        assertThat(ids(gp.get(BASE + "/Observation?subject:Patient.family=" + familyOfB))).isEmpty();
        assertThat(ids(gp.get(BASE + "/Observation?performer:Patient.family=" + familyOfB)))
                .as("pA's own observation, selected by the name of pB who performed it").isEmpty();
        assertThat(ids(f.as(f.integrator()).get(BASE + "/Observation?performer:Patient.family=" + familyOfB)))
                .containsExactly("Observation/" + performedByB);
    }

    @Test
    void has_does_not_select_through_another_patients_entries() {
        String has = BASE + "/Patient?_id=" + f.pA + "&_has:Observation:performer:code=" + f.code;
        assertThat(ids(gp.get(has))).as("only pB's observation names pA as performer").isEmpty();
        assertThat(ids(f.as(f.integrator()).get(has))).containsExactly("Patient/" + f.pA);
    }

    @Test
    void a_role_may_not_search_by_what_it_may_not_read() {
        TestHttp.Response response = f.as(f.receptionistA())
                .get(BASE + "/Patient?_has:Observation:patient:code=" + f.code);
        assertThat(response.status()).isEqualTo(403);
    }

    @Test
    void counts_and_searches_cover_only_visible_patients() {
        TestHttp.Response counted = gp.get(BASE + "/Observation?code=urn:test%7C" + f.code + "&_total=accurate");
        assertThat(ids(counted)).contains("Observation/" + obs(f.pA)).doesNotContain("Observation/" + obs(f.pB));
        // pA's own observations: obs, the confidential one and the one pB performed
        assertThat(counted.json().path("total").asInt()).isEqualTo(3);
        TestHttp.Response summary = gp.get(BASE + "/Observation?code=urn:test%7C" + f.code + "&_summary=count");
        assertThat(summary.json().path("total").asInt()).isEqualTo(3);
        assertThat(ids(gp.get(BASE + "/?_type=Observation&code=urn:test%7C" + f.code)))
                .doesNotContain("Observation/" + obs(f.pB));
    }

    @Test
    void history_at_every_level_shows_only_visible_patients() {
        assertThat(ids(gp.get(BASE + "/Observation/" + obs(f.pB) + "/_history"))).isEmpty();
        assertThat(ids(gp.get(BASE + "/Observation/_history?_count=1000")))
                .contains("Observation/" + obs(f.pA)).doesNotContain("Observation/" + obs(f.pB));
        assertThat(ids(gp.get(BASE + "/_history?_count=1000")))
                .contains("Observation/" + obs(f.pA)).doesNotContain("Observation/" + obs(f.pB), "Patient/" + f.pB);
    }

    @Test
    void compartment_search_of_another_patient_finds_only_what_the_caller_may_see() {
        // pA's observation names pB as performer, so it is in pB's compartment too, and it is pA's
        assertThat(ids(gp.get(BASE + "/Patient/" + f.pB + "/Observation")))
                .containsExactly("Observation/" + performedByB);
    }

    @Test
    void a_transaction_that_writes_into_another_patients_record_is_refused_whole() {
        String marker = "tx-" + f.u;
        String bundle = """
                {"resourceType":"Bundle","type":"transaction","entry":[
                 {"fullUrl":"urn:uuid:1","resource":%s,"request":{"method":"POST","url":"Observation"}},
                 {"fullUrl":"urn:uuid:2","resource":%s,"request":{"method":"POST","url":"Observation"}}]}"""
                .formatted(RecordAccessFixture.observationJson(null, f.pA, null, false, marker),
                        RecordAccessFixture.observationJson(null, f.pB, null, false, marker));
        TestHttp.Response response = gp.post(BASE, JSON, bundle);
        assertThat(response.status()).as(response.text()).isEqualTo(403);
        assertThat(ids(f.as(f.integrator()).get(BASE + "/Observation?code=urn:test%7C" + marker))).isEmpty();
    }

    @Test
    void a_transaction_cannot_reach_a_patient_through_a_conditional_reference() {
        String bundle = """
                {"resourceType":"Bundle","type":"transaction","entry":[
                 {"fullUrl":"urn:uuid:1","resource":{"resourceType":"Observation","status":"final",
                   "code":{"text":"x"},"subject":{"reference":"Patient?_id=%s"}},
                  "request":{"method":"POST","url":"Observation"}}]}""".formatted(f.pB);
        assertThat(gp.post(BASE, JSON, bundle).status()).isEqualTo(403);
    }

    @Test
    void a_batch_answers_each_entry_on_its_own_terms() {
        String bundle = """
                {"resourceType":"Bundle","type":"batch","entry":[
                 {"request":{"method":"GET","url":"Observation/%s"}},
                 {"request":{"method":"GET","url":"Observation/%s"}}]}""".formatted(obs(f.pA), obs(f.pB));
        TestHttp.Response response = gp.post(BASE, JSON, bundle);
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.json().path("entry").get(0).path("response").path("status").asText()).startsWith("200");
        assertThat(response.json().path("entry").get(1).path("response").path("status").asText()).startsWith("403");
        assertThat(response.json().path("entry").get(1).toString()).doesNotContain("Fam");
    }

    @Test
    void a_conditional_create_does_not_reveal_another_patients_match() {
        TestHttp.Response response = gp.request("POST", BASE + "/Observation").header("Content-Type", JSON)
                .header("If-None-Exist", "_id=" + obs(f.pB))
                .body(RecordAccessFixture.observationJson(null, f.pA, null, false, f.code)).send();
        assertThat(response.status()).isEqualTo(403);
    }
}
