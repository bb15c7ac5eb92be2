package org.openspine.fhir.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.openspine.fhir.rest.Fixtures.BASE;
import static org.openspine.fhir.rest.Fixtures.JSON;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.openspine.platform.http.TestHttp;

class HistoryIT {

    private final TestHttp http = FhirTestServer.shared().http();

    @Test
    void instanceHistoryListsEveryVersionNewestFirstWithRequestAndResponse() {
        String value = Fixtures.unique();
        String id = Fixtures.createPatient(http, value, "V1");
        http.put(BASE + "/Patient/" + id, JSON, Fixtures.patientWithId(id, value, "V2"));
        http.delete(BASE + "/Patient/" + id);

        JsonNode history = http.get(BASE + "/Patient/" + id + "/_history").json();

        assertThat(history.get("type").asText()).isEqualTo("history");
        assertThat(history.get("entry")).hasSize(3);
        assertThat(history.at("/entry/0/request/method").asText()).isEqualTo("DELETE");
        assertThat(history.at("/entry/0/resource").isMissingNode()).isTrue();
        assertThat(history.at("/entry/1/request/method").asText()).isEqualTo("PUT");
        assertThat(history.at("/entry/1/resource/name/0/family").asText()).isEqualTo("V2");
        assertThat(history.at("/entry/1/response/etag").asText()).isEqualTo("W/\"2\"");
        assertThat(history.at("/entry/2/request/method").asText()).isEqualTo("POST");
        assertThat(history.at("/entry/2/response/status").asText()).startsWith("201");
        assertThat(history.at("/entry/2/fullUrl").asText()).endsWith("/Patient/" + id);
    }

    @Test
    void typeHistoryHonoursSinceAndSystemHistoryIncludesEveryType() throws Exception {
        Instant before = Instant.now();
        Thread.sleep(5);
        String id = Fixtures.createPatient(http, Fixtures.unique(), "Since");
        TestHttp.Response org = http.post(BASE + "/Organization", JSON, "{\"resourceType\":\"Organization\",\"name\":\"Since Org\"}");
        String orgId = org.json().get("id").asText();

        JsonNode patients = http.get(BASE + "/Patient/_history?_since=" + before + "&_count=1000").json();
        JsonNode all = http.get(BASE + "/_history?_since=" + before + "&_count=1000").json();

        assertThat(ids(patients)).contains("Patient/" + id).doesNotContain("Organization/" + orgId);
        assertThat(ids(all)).contains("Patient/" + id, "Organization/" + orgId);
        JsonNode none = http.get(BASE + "/Patient/" + id + "/_history?_since=" + Instant.now().plusSeconds(3600)).json();
        assertThat(none.has("entry")).isFalse();
        assertThat(http.get(BASE + "/_history?_since=yesterday").status()).isEqualTo(400);
    }

    @Test
    void pagesFollowNextLinksWithoutSkipsOrRepeatsWhileNewVersionsAreWritten() throws Exception {
        Instant before = Instant.now();
        Thread.sleep(5);
        List<String> created = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            created.add("Patient/" + Fixtures.createPatient(http, Fixtures.unique(), "Page" + i));
        }
        Set<String> seen = new HashSet<>();
        List<String> order = new ArrayList<>();
        String next = BASE + "/Patient/_history?_count=5&_since=" + before;
        int pages = 0;
        while (next != null) {
            JsonNode page = http.get(next).json();
            pages++;
            // a concurrent writer adds new versions between pages: they are newer than page one
            Fixtures.createPatient(http, Fixtures.unique(), "Concurrent" + pages);
            for (JsonNode entry : page.path("entry")) {
                String key = entry.at("/resource/resourceType").asText() + "/" + entry.at("/resource/id").asText();
                assertThat(seen.add(key)).as("repeated " + key).isTrue();
                order.add(key);
            }
            next = null;
            for (JsonNode link : page.get("link")) {
                if (link.get("relation").asText().equals("next")) {
                    next = link.get("url").asText();
                }
            }
        }
        assertThat(pages).isEqualTo(3);
        assertThat(order).containsExactlyElementsOf(created.reversed());
    }

    private static List<String> ids(JsonNode bundle) {
        List<String> ids = new ArrayList<>();
        for (JsonNode entry : bundle.path("entry")) {
            ids.add(entry.at("/resource/resourceType").asText() + "/" + entry.at("/resource/id").asText());
        }
        return ids;
    }
}
