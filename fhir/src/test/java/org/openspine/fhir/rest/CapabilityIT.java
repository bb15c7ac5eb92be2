package org.openspine.fhir.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.openspine.fhir.rest.Fixtures.BASE;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.openspine.platform.http.TestHttp;

class CapabilityIT {

    private final TestHttp http = FhirTestServer.shared().http();

    @Test
    void metadataDescribesAnR4ServerWithEveryResourceTypeAndTheInteractionsItServes() {
        TestHttp.Response response = http.get(BASE + "/metadata");

        assertThat(response.status()).isEqualTo(200);
        JsonNode statement = response.json();
        assertThat(statement.get("resourceType").asText()).isEqualTo("CapabilityStatement");
        assertThat(statement.get("fhirVersion").asText()).isEqualTo("4.0.1");
        assertThat(statement.get("format").toString()).contains("application/fhir+json", "application/fhir+xml");
        JsonNode rest = statement.at("/rest/0");
        assertThat(rest.get("interaction").toString()).contains("transaction", "batch", "history-system");
        List<String> types = new ArrayList<>();
        rest.get("resource").forEach(r -> types.add(r.get("type").asText()));
        assertThat(types).hasSize(146).contains("Patient", "Observation", "MedicationRequest", "DocumentReference");
        JsonNode patient = rest.get("resource").get(types.indexOf("Patient"));
        assertThat(patient.get("interaction").toString()).contains("read", "vread", "update", "patch", "delete",
                "history-instance", "history-type", "create", "search-type");
        assertThat(patient.get("conditionalCreate").asBoolean()).isTrue();
        assertThat(patient.get("conditionalDelete").asText()).isEqualTo("single");
        assertThat(patient.get("searchParam").toString()).contains("\"identifier\"", "\"_id\"");
    }

    @Test
    void metadataListsTheSearchParametersThatAreIndexedAndNotTheOnesThatAreNot() {
        JsonNode rest = http.get(BASE + "/metadata").json().at("/rest/0");
        assertThat(rest.get("interaction").toString()).contains("search-system");
        assertThat(names(rest.get("searchParam"))).contains("_id", "_lastUpdated", "_tag", "_profile", "_security",
                "_source");
        JsonNode observation = resource(rest, "Observation");
        assertThat(names(observation.get("searchParam"))).contains("code", "patient", "date", "value-quantity",
                "code-value-quantity", "combo-code-value-quantity", "_tag");
        assertThat(observation.get("searchInclude").toString()).contains("Observation:patient", "Observation:subject");
        JsonNode patient = resource(rest, "Patient");
        assertThat(names(patient.get("searchParam"))).contains("family", "birthdate", "general-practitioner")
                .doesNotContain("_text", "_content");
        assertThat(names(resource(rest, "Location").get("searchParam"))).contains("address").doesNotContain("near");
    }

    private static JsonNode resource(JsonNode rest, String type) {
        for (JsonNode resource : rest.get("resource")) {
            if (resource.get("type").asText().equals(type)) {
                return resource;
            }
        }
        throw new AssertionError("no " + type + " in the CapabilityStatement");
    }

    private static List<String> names(JsonNode searchParams) {
        List<String> names = new ArrayList<>();
        searchParams.forEach(p -> names.add(p.get("name").asText()));
        return names;
    }

    @Test
    void metadataNeedsNoDatabaseRowsAndIsAvailableAsXml() {
        TestHttp.Response xml = http.get(BASE + "/metadata?_format=xml");

        assertThat(xml.status()).isEqualTo(200);
        assertThat(xml.text()).startsWith("<CapabilityStatement xmlns=\"http://hl7.org/fhir\">");
    }
}
