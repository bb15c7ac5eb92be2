package org.openspine.fhir.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.openspine.fhir.rest.Fixtures.BASE;
import static org.openspine.fhir.rest.Fixtures.JSON;

import org.junit.jupiter.api.Test;
import org.openspine.platform.http.TestHttp;

class ConditionalIT {

    private final TestHttp http = FhirTestServer.shared().http();

    private TestHttp.Response createIfNoneExist(String value, String family) {
        return http.request("POST", BASE + "/Patient").header("Content-Type", JSON)
                .header("If-None-Exist", "identifier=urn:test|" + value).body(Fixtures.patient(value, family)).send();
    }

    @Test
    void conditionalCreateCreatesOnceThenReturnsTheExistingMatch() {
        String value = Fixtures.unique();

        TestHttp.Response first = createIfNoneExist(value, "Once");
        TestHttp.Response second = createIfNoneExist(value, "Twice");

        assertThat(first.status()).isEqualTo(201);
        assertThat(second.status()).isEqualTo(200);
        assertThat(second.json().get("id").asText()).isEqualTo(first.json().get("id").asText());
        assertThat(second.json().at("/name/0/family").asText()).isEqualTo("Once");
        assertThat(http.get(BASE + "/Patient?identifier=urn:test%7C" + value).json().get("total").asInt()).isEqualTo(1);
    }

    @Test
    void conditionalCreateMatchingSeveralIsRefusedWith412() {
        String value = Fixtures.unique();
        Fixtures.createPatient(http, value, "A");
        Fixtures.createPatient(http, value, "B");

        assertThat(createIfNoneExist(value, "C").status()).isEqualTo(412);
        assertThat(http.get(BASE + "/Patient?identifier=urn:test%7C" + value).json().get("total").asInt()).isEqualTo(2);
    }

    @Test
    void conditionalUpdateCreatesWhenNothingMatchesAndUpdatesTheSingleMatch() {
        String value = Fixtures.unique();
        String url = BASE + "/Patient?identifier=urn:test%7C" + value;

        TestHttp.Response created = http.put(url, JSON, Fixtures.patient(value, "First"));
        TestHttp.Response updated = http.put(url, JSON, Fixtures.patient(value, "Second"));

        assertThat(created.status()).isEqualTo(201);
        assertThat(updated.status()).isEqualTo(200);
        assertThat(updated.json().get("id").asText()).isEqualTo(created.json().get("id").asText());
        assertThat(updated.header("ETag")).isEqualTo("W/\"2\"");

        Fixtures.createPatient(http, value, "Duplicate");
        assertThat(http.put(url, JSON, Fixtures.patient(value, "Third")).status()).isEqualTo(412);
    }

    @Test
    void conditionalDeleteDeletesTheSingleMatchAndRefusesSeveral() {
        String value = Fixtures.unique();
        String id = Fixtures.createPatient(http, value, "Del");

        assertThat(http.delete(BASE + "/Patient?identifier=urn:test%7C" + value).status()).isEqualTo(204);
        assertThat(http.get(BASE + "/Patient/" + id).status()).isEqualTo(410);
        assertThat(http.delete(BASE + "/Patient?identifier=urn:test%7C" + value).status()).isEqualTo(204);

        String other = Fixtures.unique();
        String a = Fixtures.createPatient(http, other, "A");
        Fixtures.createPatient(http, other, "B");
        assertThat(http.delete(BASE + "/Patient?identifier=urn:test%7C" + other).status()).isEqualTo(412);
        assertThat(http.get(BASE + "/Patient/" + a).status()).isEqualTo(200);
    }

    @Test
    void identifierSearchUnderstandsSystemAndCodeForms() {
        String value = Fixtures.unique();
        String id = Fixtures.createPatient(http, value, "Token");

        assertThat(http.get(BASE + "/Patient?identifier=urn:test%7C" + value).json().at("/entry/0/resource/id").asText())
                .isEqualTo(id);
        assertThat(http.get(BASE + "/Patient?identifier=" + value).json().get("total").asInt()).isEqualTo(1);
        assertThat(http.get(BASE + "/Patient?identifier=urn:other%7C" + value).json().get("total").asInt()).isZero();
        assertThat(http.get(BASE + "/Patient?identifier=%7C" + value).json().get("total").asInt()).isZero();
        assertThat(http.get(BASE + "/Patient?_id=" + id).json().get("total").asInt()).isEqualTo(1);
    }

    @Test
    void countZeroAndSummaryCountGiveTheExactTotalWithoutEntries() {
        String value = Fixtures.unique();
        for (int i = 0; i < 3; i++) {
            Fixtures.createPatient(http, value, "Counted" + i);
        }

        var zero = http.get(BASE + "/Patient?identifier=urn:test%7C" + value + "&_count=0").json();
        var summary = http.get(BASE + "/Patient?identifier=urn:test%7C" + value + "&_summary=count").json();
        var everything = http.get(BASE + "/Patient?_count=0");

        assertThat(zero.get("total").asInt()).isEqualTo(3);
        assertThat(zero.has("entry")).isFalse();
        assertThat(summary.get("total").asInt()).isEqualTo(3);
        assertThat(summary.has("entry")).isFalse();
        assertThat(everything.status()).isEqualTo(200);
        assertThat(everything.json().get("total").asInt()).isGreaterThanOrEqualTo(3);
    }

    @Test
    void unsupportedSearchParametersAreIgnoredAndReportedInTheBundle() {
        TestHttp.Response response = http.get(BASE + "/Patient?_id=none-such&favourite-colour=blue");

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.json().at("/entry/0/search/mode").asText()).isEqualTo("outcome");
        assertThat(response.json().at("/entry/0/resource/issue/0/diagnostics").asText()).contains("favourite-colour");
    }
}
