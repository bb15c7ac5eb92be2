package org.openspine.fhir.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.openspine.fhir.rest.Fixtures.BASE;
import static org.openspine.fhir.rest.Fixtures.JSON;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.openspine.platform.http.TestHttp;

class BundleIT {

    private final TestHttp http = FhirTestServer.shared().http();

    private int countByIdentifier(String type, String value) {
        return http.get(BASE + "/" + type + "?identifier=urn:test%7C" + value).json().get("total").asInt();
    }

    @Test
    void transactionResolvesUuidAndConditionalReferencesAndConditionalCreates() {
        String orgValue = Fixtures.unique();
        String orgId = http.post(BASE + "/Organization", JSON, """
                {"resourceType":"Organization","identifier":[{"system":"urn:test","value":"%s"}],"name":"GP"}"""
                .formatted(orgValue)).json().get("id").asText();
        String patientValue = Fixtures.unique();
        String existingValue = Fixtures.unique();
        String existingId = Fixtures.createPatient(http, existingValue, "Existing");
        String bundle = """
                {"resourceType":"Bundle","type":"transaction","entry":[
                 {"fullUrl":"urn:uuid:11111111-1111-4111-8111-111111111111",
                  "resource":{"resourceType":"Patient","identifier":[{"system":"urn:test","value":"%1$s"}],
                    "generalPractitioner":[{"reference":"Organization?identifier=urn:test|%2$s"}]},
                  "request":{"method":"POST","url":"Patient","ifNoneExist":"identifier=urn:test|%1$s"}},
                 {"fullUrl":"urn:uuid:22222222-2222-4222-8222-222222222222",
                  "resource":{"resourceType":"Observation","status":"final","code":{"text":"pulse"},
                    "subject":{"reference":"urn:uuid:11111111-1111-4111-8111-111111111111"}},
                  "request":{"method":"POST","url":"Observation"}},
                 {"fullUrl":"urn:uuid:33333333-3333-4333-8333-333333333333",
                  "resource":{"resourceType":"Patient","identifier":[{"system":"urn:test","value":"%3$s"}]},
                  "request":{"method":"POST","url":"Patient","ifNoneExist":"identifier=urn:test|%3$s"}},
                 {"resource":{"resourceType":"Observation","status":"final","code":{"text":"bp"},
                    "subject":{"reference":"urn:uuid:33333333-3333-4333-8333-333333333333"}},
                  "request":{"method":"POST","url":"Observation"}}
                ]}""".formatted(patientValue, orgValue, existingValue);

        TestHttp.Response response = http.post(BASE, JSON, bundle);

        assertThat(response.status()).as(response.text()).isEqualTo(200);
        JsonNode result = response.json();
        assertThat(result.get("type").asText()).isEqualTo("transaction-response");
        assertThat(result.at("/entry/0/response/status").asText()).startsWith("201");
        assertThat(result.at("/entry/2/response/status").asText()).startsWith("200");
        String patientId = result.at("/entry/0/resource/id").asText();
        assertThat(result.at("/entry/0/resource/generalPractitioner/0/reference").asText()).isEqualTo("Organization/" + orgId);
        assertThat(result.at("/entry/1/resource/subject/reference").asText()).isEqualTo("Patient/" + patientId);
        assertThat(result.at("/entry/3/resource/subject/reference").asText()).isEqualTo("Patient/" + existingId);
        assertThat(result.at("/entry/1/response/location").asText()).contains("/Observation/").contains("/_history/1");
        assertThat(countByIdentifier("Patient", existingValue)).isEqualTo(1);
        String observationId = result.at("/entry/1/resource/id").asText();
        assertThat(http.get(BASE + "/Observation/" + observationId).json().at("/subject/reference").asText())
                .isEqualTo("Patient/" + patientId);
    }

    @Test
    void aTransactionWhoseLastEntryFailsLeavesNothingBehind() {
        String first = Fixtures.unique();
        String second = Fixtures.unique();
        String victim = Fixtures.createPatient(http, Fixtures.unique(), "Victim");
        String stale = Fixtures.createPatient(http, Fixtures.unique(), "Stale");
        String bundle = """
                {"resourceType":"Bundle","type":"transaction","entry":[
                 {"resource":%s,"request":{"method":"POST","url":"Patient"}},
                 {"resource":%s,"request":{"method":"POST","url":"Patient"}},
                 {"request":{"method":"DELETE","url":"Patient/%s"}},
                 {"resource":{"resourceType":"Patient","id":"%s","gender":"female"},
                  "request":{"method":"PUT","url":"Patient/%s","ifMatch":"W/\\"99\\""}}
                ]}""".formatted(Fixtures.patient(first, "One"), Fixtures.patient(second, "Two"), victim, stale, stale);

        TestHttp.Response response = http.post(BASE, JSON, bundle);

        assertThat(response.status()).isEqualTo(412);
        assertThat(response.json().get("resourceType").asText()).isEqualTo("OperationOutcome");
        assertThat(countByIdentifier("Patient", first)).isZero();
        assertThat(countByIdentifier("Patient", second)).isZero();
        assertThat(http.get(BASE + "/Patient/" + victim).status()).isEqualTo(200);
        assertThat(http.get(BASE + "/Patient/" + victim + "/_history").json().get("entry")).hasSize(1);
        assertThat(http.get(BASE + "/Patient/" + stale).header("ETag")).isEqualTo("W/\"1\"");
    }

    @Test
    void transactionRunsDeletesBeforeCreatesBeforeUpdatesBeforeReads() {
        String value = Fixtures.unique();
        String id = Fixtures.createPatient(http, value, "Order");
        String newValue = Fixtures.unique();
        // listed in reverse of the processing order: the GET must see the PUT, the POST must not be
        // blocked by the conditional create because the DELETE removed the match first
        String bundle = """
                {"resourceType":"Bundle","type":"transaction","entry":[
                 {"request":{"method":"GET","url":"Patient/%1$s"}},
                 {"resource":{"resourceType":"Patient","id":"%1$s","gender":"male","identifier":[{"system":"urn:test","value":"%3$s"}]},
                  "request":{"method":"PUT","url":"Patient/%1$s"}},
                 {"resource":%2$s,"request":{"method":"POST","url":"Patient","ifNoneExist":"identifier=urn:test|%4$s"}},
                 {"request":{"method":"DELETE","url":"Patient?identifier=urn:test|%4$s"}}
                ]}""".formatted(id, Fixtures.patient(value, "Again"), newValue, value);

        TestHttp.Response response = http.post(BASE, JSON, bundle);

        assertThat(response.status()).as(response.text()).isEqualTo(200);
        JsonNode entries = response.json().get("entry");
        assertThat(entries.get(3).at("/response/status").asText()).startsWith("204");
        assertThat(entries.get(2).at("/response/status").asText()).startsWith("201");
        assertThat(entries.get(1).at("/response/status").asText()).startsWith("201");
        assertThat(entries.get(0).at("/resource/gender").asText()).isEqualTo("male");
        assertThat(entries.get(0).at("/response/status").asText()).startsWith("200");
    }

    @Test
    void batchEntriesSucceedOrFailIndependently() {
        String good = Fixtures.unique();
        String bundle = """
                {"resourceType":"Bundle","type":"batch","entry":[
                 {"resource":%s,"request":{"method":"POST","url":"Patient"}},
                 {"request":{"method":"GET","url":"Patient/does-not-exist"}},
                 {"resource":{"resourceType":"Patient","identifier":[{"system":"https://fhir.nhs.uk/Id/nhs-number","value":"1234567890"}]},
                  "request":{"method":"POST","url":"Patient"}},
                 {"request":{"method":"GET","url":"Patient?identifier=urn:test|%s"}}
                ]}""".formatted(Fixtures.patient(good, "Batch"), good);

        TestHttp.Response response = http.post(BASE, JSON, bundle);

        assertThat(response.status()).isEqualTo(200);
        JsonNode entries = response.json().get("entry");
        assertThat(response.json().get("type").asText()).isEqualTo("batch-response");
        assertThat(entries.get(0).at("/response/status").asText()).startsWith("201");
        assertThat(entries.get(1).at("/response/status").asText()).isEqualTo("404");
        assertThat(entries.get(1).at("/response/outcome/resourceType").asText()).isEqualTo("OperationOutcome");
        assertThat(entries.get(2).at("/response/status").asText()).isEqualTo("422");
        assertThat(entries.get(3).at("/resource/total").asInt()).isEqualTo(1);
        assertThat(countByIdentifier("Patient", good)).isEqualTo(1);
    }

    @Test
    void preferMinimalLeavesResourcesOutOfTheResponseEntries() {
        String bundle = """
                {"resourceType":"Bundle","type":"transaction","entry":[
                 {"resource":%s,"request":{"method":"POST","url":"Patient"}}]}""".formatted(Fixtures.patient(Fixtures.unique(), "Min"));

        JsonNode response = http.request("POST", BASE).header("Content-Type", JSON).header("Prefer", "return=minimal")
                .body(bundle).send().json();

        assertThat(response.at("/entry/0/resource").isMissingNode()).isTrue();
        assertThat(response.at("/entry/0/response/location").asText()).contains("/Patient/");
        assertThat(response.at("/entry/0/response/etag").asText()).isEqualTo("W/\"1\"");
    }
}
