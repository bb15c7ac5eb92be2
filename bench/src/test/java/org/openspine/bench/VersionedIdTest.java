package org.openspine.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class VersionedIdTest {

    @Test
    void the_location_header_gives_id_and_version() {
        HttpResponse created = response(Map.of("location", "http://h/fhir/R4/Patient/abc-1/_history/7"), "");

        assertThat(VersionedId.from(created, "Patient")).contains(new VersionedId("abc-1", Optional.of("7")));
    }

    @Test
    void a_location_without_history_takes_the_version_from_the_etag() {
        HttpResponse created = response(Map.of("location", "Patient/9", "etag", "W/\"2\""), "");

        assertThat(VersionedId.from(created, "Patient")).contains(new VersionedId("9", Optional.of("2")));
    }

    @Test
    void without_headers_the_body_gives_id_and_meta_version() {
        HttpResponse updated = response(Map.of(),
                "{\"resourceType\":\"Patient\",\"id\":\"x\",\"meta\":{\"versionId\":\"4\"}}");

        assertThat(VersionedId.from(updated, "Patient")).contains(new VersionedId("x", Optional.of("4")));
    }

    @Test
    void an_unversioned_server_yields_an_id_without_version_and_an_outcome_yields_nothing() {
        assertThat(VersionedId.from(response(Map.of(), "{\"resourceType\":\"Patient\",\"id\":\"x\"}"), "Patient"))
                .contains(new VersionedId("x", Optional.empty()));
        assertThat(VersionedId.from(response(Map.of(), "{\"resourceType\":\"OperationOutcome\",\"id\":\"o\"}"),
                "Patient")).isEmpty();
        assertThat(VersionedId.from(response(Map.of(), "not json"), "Patient")).isEmpty();
    }

    private static HttpResponse response(Map<String, String> headers, String body) {
        return new HttpResponse(200, headers, body.getBytes(StandardCharsets.UTF_8));
    }
}
