package org.openspine.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.openspine.server.demo.SyntheticBundle;
import org.openspine.server.demo.SyntheticPopulation;

class PatientRecordsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final PatientRecords records = new PatientRecords(42);

    @Test
    void a_million_resources_come_from_twenty_to_fifty_thousand_patients() {
        int patients = 300;
        long resources = 0;
        for (int n = 0; n < patients; n++) {
            resources += records.counted(n);
        }

        double perPatient = (double) resources / patients;
        assertThat(1_000_000 / perPatient).isBetween(20_000.0, 50_000.0);
    }

    @Test
    void every_bundle_is_one_patient_whose_references_all_resolve_inside_it() throws Exception {
        for (int n = 0; n < 60; n++) {
            SyntheticBundle bundle = records.bundle(n);
            JsonNode entries = JSON.readTree(bundle.json()).path("entry");
            Set<String> fullUrls = new HashSet<>();
            List<String> references = new ArrayList<>();
            int patients = 0;
            for (JsonNode entry : entries) {
                assertThat(fullUrls.add(entry.path("fullUrl").asText())).as("unique fullUrl").isTrue();
                patients += entry.path("resource").path("resourceType").asText().equals("Patient") ? 1 : 0;
                entry.path("resource").findValues("reference").forEach(r -> references.add(r.asText()));
            }
            assertThat(patients).isEqualTo(1);
            assertThat(entries.size()).isEqualTo(bundle.resourceCount()).isEqualTo(records.counted(n));
            assertThat(references.stream().filter(r -> r.startsWith("urn:uuid:"))).allMatch(fullUrls::contains);
            assertThat(bundle.nhsNumber()).isEqualTo(records.nhsNumber(n));
        }
    }

    @Test
    void adults_get_nine_years_of_visits_and_children_the_population_s_three() throws Exception {
        int adults = 0;
        for (int n = 0; n < 60; n++) {
            JsonNode entries = JSON.readTree(records.bundle(n).json()).path("entry");
            LocalDate born = LocalDate.parse(entries.path(0).path("resource").path("birthDate").asText());
            LocalDate earliest = LocalDate.MAX;
            for (JsonNode entry : entries) {
                JsonNode start = entry.path("resource").path("period").path("start");
                if (!start.isMissingNode()) {
                    LocalDate day = LocalDate.parse(start.asText().substring(0, 10));
                    earliest = day.isBefore(earliest) ? day : earliest;
                    assertThat(day).isAfter(born);
                }
            }
            boolean adultNineYearsAgo = !born.plusYears(18).isAfter(LocalDate.of(2016, 1, 1));
            if (adultNineYearsAgo) {
                adults++;
                assertThat(earliest).isBefore(LocalDate.of(2019, 1, 1));
            } else {
                // Within the last six years, give or take the days an admission may start before its window.
                assertThat(earliest).isAfter(LocalDate.of(2018, 12, 1));
            }
        }
        assertThat(adults).isPositive();
    }

    @Test
    void the_same_seed_gives_the_same_bundles_and_load_patients_are_not_ingest_patients() {
        assertThat(new PatientRecords(42).bundle(5)).isEqualTo(records.bundle(5));
        assertThat(records.nhsNumber(0)).isNotEqualTo(new SyntheticPopulation(42).nhsNumber(0).value())
                .isEqualTo(new SyntheticPopulation(42).nhsNumber(PatientRecords.FIRST_INDEX).value());
        assertThatThrownBy(() -> records.bundle(PatientRecords.CAPACITY)).hasMessageContaining("load patient");
    }

    @Test
    void a_subject_quotes_facts_that_its_bundle_really_has() throws Exception {
        for (int n = 0; n < 30; n++) {
            SearchSubject subject = records.subject(n, "id-" + n);
            String json = records.bundle(n).json();
            JsonNode patient = JSON.readTree(json).path("entry").path(0).path("resource");

            assertThat(subject.patientId()).isEqualTo("id-" + n);
            assertThat(subject.family()).isEqualTo(patient.path("name").path(0).path("family").asText());
            assertThat(subject.birthDate().toString()).isEqualTo(patient.path("birthDate").asText());
            assertThat(subject.prescribed()).isEqualTo(json.contains("\"MedicationRequest\""));
            boolean observed = false;
            for (JsonNode entry : JSON.readTree(json).path("entry")) {
                JsonNode resource = entry.path("resource");
                observed |= resource.path("effectiveDateTime").asText().startsWith(subject.observedOn().toString())
                        && resource.path("code").path("coding").findValuesAsText("code").contains(subject.code());
            }
            assertThat(observed).as("patient %d has an Observation %s on %s", n, subject.code(),
                    subject.observedOn()).isTrue();
        }
    }
}
