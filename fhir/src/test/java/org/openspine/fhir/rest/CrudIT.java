package org.openspine.fhir.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.openspine.fhir.rest.Fixtures.BASE;
import static org.openspine.fhir.rest.Fixtures.JSON;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.openspine.platform.http.TestHttp;

class CrudIT {

    private final TestHttp http = FhirTestServer.shared().http();

    @Test
    void createAssignsAServerIdAndAnswersWithLocationEtagAndLastModified() {
        String body = Fixtures.patient(Fixtures.unique(), "Create").replace("{\"resourceType\":\"Patient\",",
                "{\"resourceType\":\"Patient\",\"id\":\"client-chosen\",");
        TestHttp.Response created = http.post(BASE + "/Patient", JSON, body);

        assertThat(created.status()).isEqualTo(201);
        String id = created.json().get("id").asText();
        assertThat(id).isNotEqualTo("client-chosen").matches("[A-Za-z0-9\\-.]{1,64}");
        assertThat(created.header("Location")).isEqualTo(http.base() + BASE + "/Patient/" + id + "/_history/1");
        assertThat(created.header("ETag")).isEqualTo("W/\"1\"");
        assertThat(created.header("Last-Modified")).endsWith("GMT");
        assertThat(created.json().at("/meta/versionId").asText()).isEqualTo("1");
        assertThat(created.header("Content-Type")).startsWith("application/fhir+json");
    }

    @Test
    void readServesExactlyTheStoredBytesWithVersionHeaders() {
        TestHttp.Response created = http.post(BASE + "/Patient", JSON, Fixtures.patient(Fixtures.unique(), "Read"));
        String id = created.json().get("id").asText();

        TestHttp.Response read = http.get(BASE + "/Patient/" + id);

        assertThat(read.status()).isEqualTo(200);
        assertThat(read.text()).isEqualTo(created.text());
        assertThat(read.header("ETag")).isEqualTo("W/\"1\"");
        assertThat(read.header("Last-Modified")).isEqualTo(created.header("Last-Modified"));
    }

    @Test
    void updateMakesANewVersionAndVreadStillServesTheOldOne() {
        String value = Fixtures.unique();
        String id = Fixtures.createPatient(http, value, "Before");

        TestHttp.Response updated = http.put(BASE + "/Patient/" + id, JSON, Fixtures.patientWithId(id, value, "After"));

        assertThat(updated.status()).isEqualTo(200);
        assertThat(updated.header("ETag")).isEqualTo("W/\"2\"");
        assertThat(updated.header("Location")).endsWith("/Patient/" + id + "/_history/2");
        assertThat(http.get(BASE + "/Patient/" + id).json().at("/name/0/family").asText()).isEqualTo("After");
        TestHttp.Response v1 = http.get(BASE + "/Patient/" + id + "/_history/1");
        assertThat(v1.status()).isEqualTo(200);
        assertThat(v1.json().at("/name/0/family").asText()).isEqualTo("Before");
        assertThat(v1.json().at("/meta/versionId").asText()).isEqualTo("1");
        assertThat(http.get(BASE + "/Patient/" + id + "/_history/3").status()).isEqualTo(404);
    }

    @Test
    void updateWithAClientIdThatDoesNotExistCreatesTheResource() {
        String id = "client-" + Fixtures.unique().substring(0, 8);

        TestHttp.Response created = http.put(BASE + "/Patient/" + id, JSON, Fixtures.patientWithId(id, Fixtures.unique(), "Put"));

        assertThat(created.status()).isEqualTo(201);
        assertThat(created.json().get("id").asText()).isEqualTo(id);
        assertThat(http.get(BASE + "/Patient/" + id).status()).isEqualTo(200);
    }

    @Test
    void updateWithAStaleIfMatchIsRefusedWith412AndChangesNothing() {
        String value = Fixtures.unique();
        String id = Fixtures.createPatient(http, value, "One");
        http.put(BASE + "/Patient/" + id, JSON, Fixtures.patientWithId(id, value, "Two"));

        TestHttp.Response stale = http.request("PUT", BASE + "/Patient/" + id).header("Content-Type", JSON)
                .header("If-Match", "W/\"1\"").body(Fixtures.patientWithId(id, value, "Three")).send();

        assertThat(stale.status()).isEqualTo(412);
        assertThat(stale.json().at("/resourceType").asText()).isEqualTo("OperationOutcome");
        assertThat(stale.json().at("/issue/0/diagnostics").asText()).contains("version 2").contains("If-Match version 1");
        assertThat(http.get(BASE + "/Patient/" + id).json().at("/name/0/family").asText()).isEqualTo("Two");

        TestHttp.Response current = http.request("PUT", BASE + "/Patient/" + id).header("Content-Type", JSON)
                .header("If-Match", "W/\"2\"").body(Fixtures.patientWithId(id, value, "Three")).send();
        assertThat(current.status()).isEqualTo(200);
        assertThat(current.header("ETag")).isEqualTo("W/\"3\"");
    }

    @Test
    void ifNoneMatchStarOnUpdateRefusesToOverwriteAnExistingResource() {
        String value = Fixtures.unique();
        String id = Fixtures.createPatient(http, value, "Exists");

        TestHttp.Response refused = http.request("PUT", BASE + "/Patient/" + id).header("Content-Type", JSON)
                .header("If-None-Match", "*").body(Fixtures.patientWithId(id, value, "Overwrite")).send();

        assertThat(refused.status()).isEqualTo(412);
    }

    @Test
    void deleteIsSoftReadThenGives410HistoryKeepsTheVersionsAndDeletingAgainIsHarmless() {
        String id = Fixtures.createPatient(http, Fixtures.unique(), "Gone");

        TestHttp.Response deleted = http.delete(BASE + "/Patient/" + id);

        assertThat(deleted.status()).isEqualTo(204);
        assertThat(deleted.header("ETag")).isEqualTo("W/\"2\"");
        TestHttp.Response read = http.get(BASE + "/Patient/" + id);
        assertThat(read.status()).isEqualTo(410);
        assertThat(read.json().at("/issue/0/code").asText()).isEqualTo("deleted");
        assertThat(http.get(BASE + "/Patient/" + id + "/_history/1").status()).isEqualTo(200);
        assertThat(http.get(BASE + "/Patient/" + id + "/_history/2").status()).isEqualTo(410);
        assertThat(http.delete(BASE + "/Patient/" + id).status()).isEqualTo(204);
        JsonNode history = http.get(BASE + "/Patient/" + id + "/_history").json();
        assertThat(history.get("entry")).hasSize(2);
        assertThat(history.at("/entry/0/request/method").asText()).isEqualTo("DELETE");
    }

    @Test
    void updateAfterDeleteRevivesTheResourceAsANewVersion() {
        String value = Fixtures.unique();
        String id = Fixtures.createPatient(http, value, "Lazarus");
        http.delete(BASE + "/Patient/" + id);

        TestHttp.Response revived = http.put(BASE + "/Patient/" + id, JSON, Fixtures.patientWithId(id, value, "Lazarus"));

        assertThat(revived.status()).isEqualTo(201);
        assertThat(revived.header("ETag")).isEqualTo("W/\"3\"");
        assertThat(http.get(BASE + "/Patient/" + id).status()).isEqualTo(200);
    }

    @Test
    void unknownResourcesAre404AndDeletingOneIs404() {
        assertThat(http.get(BASE + "/Patient/never-was").status()).isEqualTo(404);
        assertThat(http.delete(BASE + "/Patient/never-was").status()).isEqualTo(404);
        assertThat(http.get(BASE + "/Patient/never-was").json().at("/issue/0/code").asText()).isEqualTo("not-found");
    }

    @Test
    void conditionalReadHeadersAnswer304WhenNothingChanged() {
        String id = Fixtures.createPatient(http, Fixtures.unique(), "Cached");
        TestHttp.Response read = http.get(BASE + "/Patient/" + id);

        TestHttp.Response sameEtag = http.request("GET", BASE + "/Patient/" + id).header("If-None-Match", "W/\"1\"").send();
        TestHttp.Response otherEtag = http.request("GET", BASE + "/Patient/" + id).header("If-None-Match", "W/\"7\"").send();
        TestHttp.Response notModified = http.request("GET", BASE + "/Patient/" + id)
                .header("If-Modified-Since", read.header("Last-Modified")).send();
        TestHttp.Response modified = http.request("GET", BASE + "/Patient/" + id)
                .header("If-Modified-Since", "Mon, 01 Jan 2001 00:00:00 GMT").send();

        assertThat(sameEtag.status()).isEqualTo(304);
        assertThat(sameEtag.bytes()).isEmpty();
        assertThat(otherEtag.status()).isEqualTo(200);
        assertThat(notModified.status()).isEqualTo(304);
        assertThat(modified.status()).isEqualTo(200);
    }

    @Test
    void preferReturnChoosesBetweenNothingTheResourceAndAnOutcome() {
        TestHttp.Response minimal = http.request("POST", BASE + "/Patient").header("Content-Type", JSON)
                .header("Prefer", "return=minimal").body(Fixtures.patient(Fixtures.unique(), "Min")).send();
        TestHttp.Response outcome = http.request("POST", BASE + "/Patient").header("Content-Type", JSON)
                .header("Prefer", "return=OperationOutcome").body(Fixtures.patient(Fixtures.unique(), "Oo")).send();
        TestHttp.Response representation = http.request("POST", BASE + "/Patient").header("Content-Type", JSON)
                .header("Prefer", "return=representation").body(Fixtures.patient(Fixtures.unique(), "Rep")).send();

        assertThat(minimal.status()).isEqualTo(201);
        assertThat(minimal.bytes()).isEmpty();
        assertThat(minimal.header("Location")).contains("/Patient/");
        assertThat(outcome.status()).isEqualTo(201);
        assertThat(outcome.json().get("resourceType").asText()).isEqualTo("OperationOutcome");
        assertThat(outcome.json().at("/issue/0/severity").asText()).isEqualTo("information");
        assertThat(representation.json().at("/name/0/family").asText()).isEqualTo("Rep");
    }

    @Test
    void xmlIsReadAndWrittenOnRequestAndJsonIsTheDefault() {
        String xml = """
                <Patient xmlns="http://hl7.org/fhir"><identifier><system value="urn:test"/><value value="%s"/></identifier>
                <name><family value="Xml"/></name><gender value="male"/></Patient>""".formatted(Fixtures.unique());
        TestHttp.Response created = http.request("POST", BASE + "/Patient").header("Content-Type", "application/fhir+xml")
                .header("Accept", "application/fhir+xml").body(xml).send();

        assertThat(created.status()).isEqualTo(201);
        assertThat(created.header("Content-Type")).startsWith("application/fhir+xml");
        assertThat(created.text()).contains("<family value=\"Xml\"/>");
        String id = created.header("Location").replaceAll(".*/Patient/([^/]+)/_history/.*", "$1");
        assertThat(http.get(BASE + "/Patient/" + id + "?_format=xml").text()).startsWith("<Patient xmlns=\"http://hl7.org/fhir\">");
        assertThat(http.get(BASE + "/Patient/" + id + "?_format=json").json().at("/name/0/family").asText()).isEqualTo("Xml");
        assertThat(http.get(BASE + "/Patient/" + id).header("Content-Type")).startsWith("application/fhir+json");
    }

    @Test
    void prettySummaryAndElementsShapeTheResponse() {
        String id = Fixtures.createPatient(http, Fixtures.unique(), "Shape");

        String pretty = http.get(BASE + "/Patient/" + id + "?_pretty=true").text();
        JsonNode summary = http.get(BASE + "/Patient/" + id + "?_summary=true").json();
        JsonNode elements = http.get(BASE + "/Patient/" + id + "?_elements=gender").json();

        assertThat(pretty).contains("\n  ");
        assertThat(summary.at("/meta/tag/0/code").asText()).isEqualTo("SUBSETTED");
        assertThat(elements.has("gender")).isTrue();
        assertThat(elements.has("name")).isFalse();
        assertThat(elements.get("id").asText()).isEqualTo(id);
        assertThat(http.get(BASE + "/Patient/" + id + "?_summary=nonsense").status()).isEqualTo(400);
    }
}
