package org.openspine.fhir.rest;

import java.util.UUID;
import org.openspine.platform.http.TestHttp;

import static org.assertj.core.api.Assertions.assertThat;

/** Builders of test resources; each call makes unique identifiers so tests never see each other's data. */
final class Fixtures {

    static final String JSON = "application/fhir+json";
    static final String BASE = "/fhir/R4";

    private Fixtures() {
    }

    /** @return a unique identifier value */
    static String unique() {
        return UUID.randomUUID().toString();
    }

    /** A valid Patient with identifier {@code urn:test|value} and the given family name. */
    static String patient(String identifierValue, String family) {
        return """
                {"resourceType":"Patient","identifier":[{"system":"urn:test","value":"%s"}],
                 "name":[{"family":"%s","given":["Ann"]}],"gender":"female","birthDate":"1970-01-01"}"""
                .formatted(identifierValue, family);
    }

    /** The same Patient with an id, for updates. */
    static String patientWithId(String id, String identifierValue, String family) {
        return patient(identifierValue, family).replace("{\"resourceType\":\"Patient\",",
                "{\"resourceType\":\"Patient\",\"id\":\"" + id + "\",");
    }

    /** Creates a Patient over HTTP and returns its id. */
    static String createPatient(TestHttp http, String identifierValue, String family) {
        TestHttp.Response created = http.post(BASE + "/Patient", JSON, patient(identifierValue, family));
        assertThat(created.status()).as(created.text()).isEqualTo(201);
        return created.json().get("id").asText();
    }
}
