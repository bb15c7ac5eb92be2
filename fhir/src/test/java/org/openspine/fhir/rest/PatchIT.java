package org.openspine.fhir.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.openspine.fhir.rest.Fixtures.BASE;
import static org.openspine.fhir.rest.Fixtures.JSON;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.openspine.platform.http.TestHttp;

class PatchIT {

    private static final String JSON_PATCH = "application/json-patch+json";

    private final TestHttp http = FhirTestServer.shared().http();

    private TestHttp.Response patch(String id, String contentType, String body, String ifMatch) {
        TestHttp.Call call = http.request("PATCH", BASE + "/Patient/" + id).header("Content-Type", contentType).body(body);
        if (ifMatch != null) {
            call.header("If-Match", ifMatch);
        }
        return call.send();
    }

    @Test
    void jsonPatchChangesTheResourceAsANewVersion() {
        String id = Fixtures.createPatient(http, Fixtures.unique(), "Json");

        TestHttp.Response patched = patch(id, JSON_PATCH,
                "[{\"op\":\"replace\",\"path\":\"/name/0/family\",\"value\":\"Patched\"},"
                        + "{\"op\":\"add\",\"path\":\"/active\",\"value\":true}]", "W/\"1\"");

        assertThat(patched.status()).as(patched.text()).isEqualTo(200);
        assertThat(patched.header("ETag")).isEqualTo("W/\"2\"");
        JsonNode read = http.get(BASE + "/Patient/" + id).json();
        assertThat(read.at("/name/0/family").asText()).isEqualTo("Patched");
        assertThat(read.get("active").asBoolean()).isTrue();
        assertThat(http.get(BASE + "/Patient/" + id + "/_history").json().at("/entry/0/request/method").asText())
                .isEqualTo("PATCH");
    }

    @Test
    void fhirPathPatchAddsReplacesInsertsMovesAndDeletes() {
        String id = Fixtures.createPatient(http, Fixtures.unique(), "Path");
        String parameters = """
                {"resourceType":"Parameters","parameter":[
                 {"name":"operation","part":[{"name":"type","valueCode":"replace"},{"name":"path","valueString":"Patient.gender"},
                   {"name":"value","valueCode":"male"}]},
                 {"name":"operation","part":[{"name":"type","valueCode":"add"},{"name":"path","valueString":"Patient"},
                   {"name":"name","valueString":"identifier"},{"name":"value","valueIdentifier":{"system":"urn:extra","value":"x1"}}]},
                 {"name":"operation","part":[{"name":"type","valueCode":"insert"},{"name":"path","valueString":"Patient.identifier"},
                   {"name":"index","valueInteger":0},{"name":"value","valueIdentifier":{"system":"urn:first","value":"f1"}}]},
                 {"name":"operation","part":[{"name":"type","valueCode":"move"},{"name":"path","valueString":"Patient.identifier"},
                   {"name":"source","valueInteger":0},{"name":"destination","valueInteger":2}]},
                 {"name":"operation","part":[{"name":"type","valueCode":"add"},{"name":"path","valueString":"Patient"},
                   {"name":"name","valueString":"contact"},{"name":"value","part":[{"name":"gender","valueCode":"other"}]}]},
                 {"name":"operation","part":[{"name":"type","valueCode":"delete"},{"name":"path","valueString":"Patient.birthDate"}]}
                ]}""";

        TestHttp.Response patched = patch(id, JSON, parameters, null);

        assertThat(patched.status()).as(patched.text()).isEqualTo(200);
        JsonNode read = http.get(BASE + "/Patient/" + id).json();
        assertThat(read.get("gender").asText()).isEqualTo("male");
        assertThat(read.has("birthDate")).isFalse();
        assertThat(read.get("identifier")).hasSize(3);
        assertThat(read.at("/identifier/0/system").asText()).isEqualTo("urn:test");
        assertThat(read.at("/identifier/1/system").asText()).isEqualTo("urn:extra");
        assertThat(read.at("/identifier/2/system").asText()).isEqualTo("urn:first");
        assertThat(read.at("/contact/0/gender").asText()).isEqualTo("other");
    }

    @Test
    void patchWithAStaleIfMatchIs412AndPatchOfADeletedResourceIs410() {
        String id = Fixtures.createPatient(http, Fixtures.unique(), "Stale");
        String replace = "[{\"op\":\"replace\",\"path\":\"/gender\",\"value\":\"male\"}]";
        assertThat(patch(id, JSON_PATCH, replace, null).status()).isEqualTo(200);

        assertThat(patch(id, JSON_PATCH, replace, "W/\"1\"").status()).isEqualTo(412);

        http.delete(BASE + "/Patient/" + id);
        assertThat(patch(id, JSON_PATCH, replace, null).status()).isEqualTo(410);
    }

    @Test
    void aPatchThatWouldMakeTheResourceInvalidIs422AndChangesNothing() {
        String id = Fixtures.createPatient(http, Fixtures.unique(), "Valid");

        TestHttp.Response badCode = patch(id, JSON_PATCH, "[{\"op\":\"replace\",\"path\":\"/gender\",\"value\":\"banana\"}]", null);
        TestHttp.Response changeId = patch(id, JSON_PATCH, "[{\"op\":\"replace\",\"path\":\"/id\",\"value\":\"other\"}]", null);
        TestHttp.Response missingPath = patch(id, JSON_PATCH, "[{\"op\":\"remove\",\"path\":\"/telecom/4\"}]", null);

        assertThat(badCode.status()).isEqualTo(422);
        assertThat(changeId.status()).isEqualTo(422);
        assertThat(missingPath.status()).isEqualTo(422);
        assertThat(http.get(BASE + "/Patient/" + id).header("ETag")).isEqualTo("W/\"1\"");
    }

    @Test
    void conditionalPatchPatchesTheSingleMatch() {
        String value = Fixtures.unique();
        String id = Fixtures.createPatient(http, value, "Cond");

        TestHttp.Response patched = http.request("PATCH", BASE + "/Patient?identifier=urn:test%7C" + value)
                .header("Content-Type", JSON_PATCH).body("[{\"op\":\"add\",\"path\":\"/active\",\"value\":false}]").send();

        assertThat(patched.status()).isEqualTo(200);
        assertThat(http.get(BASE + "/Patient/" + id).json().get("active").asBoolean()).isFalse();
    }
}
