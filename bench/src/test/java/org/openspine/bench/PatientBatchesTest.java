package org.openspine.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.openspine.platform.identifier.NhsNumber;
import org.openspine.server.demo.SyntheticPopulation;

class PatientBatchesTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final SyntheticPopulation population = new SyntheticPopulation(42);
    private final PatientBatches batches = new PatientBatches(population);

    @Test
    void a_bundle_registers_its_hundred_patients_with_their_demographics_and_gp_and_nothing_else() throws Exception {
        JsonNode entries = JSON.readTree(batches.bundle(3).json()).path("entry");

        assertThat(entries).hasSize(PatientBatches.PER_BUNDLE);
        assertThat(batches.counted(3)).isEqualTo(PatientBatches.PER_BUNDLE);
        for (int i = 0; i < entries.size(); i++) {
            JsonNode patient = entries.get(i).path("resource");
            String nhsNumber = population.nhsNumber(PatientBatches.index(300 + i)).value();
            assertThat(patient.path("resourceType").asText()).isEqualTo("Patient");
            assertThat(patient.path("identifier").get(0).path("value").asText()).isEqualTo(nhsNumber);
            assertThat(patient.path("name").get(0).path("family").asText()).isNotEmpty();
            assertThat(patient.path("birthDate").asText()).isNotEmpty();
            assertThat(patient.path("gender").asText()).isNotEmpty();
            assertThat(patient.path("address").get(0).path("postalCode").asText()).matches("[A-Z]{2}\\d{1,2} \\d[A-Z]{2}");
            assertThat(patient.path("generalPractitioner").get(0).path("reference").asText())
                    .startsWith("Organization?identifier=https://fhir.nhs.uk/Id/ods-organization-code|");
            assertThat(entries.get(i).path("request").path("ifNoneExist").asText()).endsWith("|" + nhsNumber);
        }
        // the probe Patient, which the resume point asks for, is the bundle's first
        assertThat(batches.nhsNumber(3)).isEqualTo(entries.get(0).path("resource").path("identifier").get(0)
                .path("value").asText());
    }

    @Test
    void registered_patients_are_the_population_people_and_meet_no_other_scenario() throws Exception {
        JsonNode first = JSON.readTree(batches.bundle(0).json()).path("entry").get(0).path("resource");
        JsonNode own = JSON.readTree(population.patientBundle(PatientBatches.FIRST_INDEX).json()).path("entry").get(0)
                .path("resource");

        assertThat(first).isEqualTo(own);
        assertThat(PatientBatches.FIRST_INDEX).isGreaterThanOrEqualTo(PatientRecords.FIRST_INDEX + PatientRecords.CAPACITY);
        // PatientBodies counts down from the top of the population, over its upper half
        assertThat(PatientBatches.FIRST_INDEX + PatientBatches.PATIENTS).isLessThanOrEqualTo(SyntheticPopulation.MAX_PATIENTS / 2);
        assertThat(batches.capacity() * PatientBatches.PER_BUNDLE).isEqualTo(PatientBatches.PATIENTS);
        assertThatThrownBy(() -> batches.bundle(batches.capacity())).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void registered_patients_have_distinct_valid_nhs_numbers_across_a_change_of_range() {
        Set<String> seen = new HashSet<>();
        // population index 1,800,000 is where 998 ends and 997 begins
        IntStream.range(700_000, 900_000).mapToObj(p -> population.nhsNumber(PatientBatches.index(p)).value())
                .forEach(number -> assertThat(NhsNumber.isValid(number) && seen.add(number)).as(number).isTrue());
    }

    @Test
    void a_demographics_subject_is_what_the_bundle_says_of_that_patient() throws Exception {
        JsonNode patient = JSON.readTree(batches.bundle(7).json()).path("entry").get(42).path("resource");

        DemographicsSubject subject = DemographicsPool.subject(population, 742);

        assertThat(subject.nhsNumber()).isEqualTo(patient.path("identifier").get(0).path("value").asText());
        assertThat(subject.family()).isEqualTo(patient.path("name").get(0).path("family").asText());
        assertThat(subject.given()).isEqualTo(patient.path("name").get(0).path("given").get(0).asText());
        assertThat(subject.birthDate()).hasToString(patient.path("birthDate").asText());
    }
}
