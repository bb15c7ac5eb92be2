package org.openspine.server.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.LocalDate;
import java.util.HashSet;
import java.util.IntSummaryStatistics;
import java.util.Set;
import java.util.stream.IntStream;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;
import org.openspine.platform.identifier.NhsNumber;

class SyntheticPopulationTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final SyntheticPopulation population = new SyntheticPopulation(42);

    @Test
    void the_same_seed_and_index_give_the_same_bytes() {
        SyntheticPopulation again = new SyntheticPopulation(42);

        for (int index : new int[] {0, 1, 7, 999, 123_456}) {
            assertThat(again.patientBundle(index)).isEqualTo(population.patientBundle(index));
        }
        assertThat(again.organisationsBundle()).isEqualTo(population.organisationsBundle());
    }

    @Test
    void a_different_seed_gives_different_people() {
        SyntheticPopulation other = new SyntheticPopulation(43);

        assertThat(other.patientBundle(5).json()).isNotEqualTo(population.patientBundle(5).json());
        assertThat(other.nhsNumber(5)).isNotEqualTo(population.nhsNumber(5));
    }

    @Test
    void a_different_generation_day_moves_the_record_but_keeps_the_nhs_number() {
        SyntheticPopulation later = new SyntheticPopulation(42, LocalDate.of(2026, 6, 1));

        assertThat(later.patientBundle(3).json()).isNotEqualTo(population.patientBundle(3).json());
        assertThat(later.patientBundle(3).nhsNumber()).isEqualTo(population.patientBundle(3).nhsNumber());
    }

    @Test
    void nhs_numbers_are_valid_test_numbers_and_distinct_across_ten_thousand_patients() {
        Set<String> seen = new HashSet<>();

        for (int index = 0; index < 10_000; index++) {
            String number = population.nhsNumber(index).value();
            assertThat(NhsNumber.isValid(number)).as("index %d gives %s", index, number).isTrue();
            assertThat(number).startsWith("999");
            assertThat(seen.add(number)).as("index %d repeats %s", index, number).isTrue();
        }
    }

    @Test
    void past_the_999_range_numbers_go_on_in_998_and_below_and_the_first_900000_keep_their_numbers() {
        assertThat(population.nhsNumber(899_999).value()).startsWith("999");
        assertThat(population.nhsNumber(900_000).value()).startsWith("998");
        assertThat(population.nhsNumber(1_234_567).value()).startsWith("998");
        assertThat(population.nhsNumber(SyntheticPopulation.MAX_PATIENTS - 1).value()).startsWith("990");
        // the numbers that datasets loaded before there were further ranges carry
        assertThat(population.nhsNumber(0).value()).isEqualTo("9993970514");
        assertThat(population.nhsNumber(123_456).value()).isEqualTo("9995342243");
        assertThat(population.nhsNumber(1_234_567).value()).isNotEqualTo(population.nhsNumber(334_567).value());
    }

    @Test
    void a_patients_bundle_holds_the_same_people_as_their_own_bundles_as_conditional_creates() throws Exception {
        SyntheticBundle bundle = population.patientsBundle(1_000_000, 5);
        JsonNode entries = JSON.readTree(bundle.json()).path("entry");

        assertThat(bundle.resourceCount()).isEqualTo(5);
        assertThat(bundle.nhsNumber()).isEqualTo(population.nhsNumber(1_000_000).value());
        Set<String> fullUrls = new HashSet<>();
        for (int i = 0; i < 5; i++) {
            JsonNode own = JSON.readTree(population.patientBundle(1_000_000 + i).json()).path("entry").get(0);
            assertThat(entries.get(i).path("resource")).isEqualTo(own.path("resource"));
            assertThat(entries.get(i).path("request")).isEqualTo(own.path("request"));
            assertThat(fullUrls.add(entries.get(i).path("fullUrl").asText())).isTrue();
        }
        assertThat(population.patientsBundle(1_000_000, 5).json()).isEqualTo(bundle.json());
        assertThatThrownBy(() -> population.patientsBundle(SyntheticPopulation.MAX_PATIENTS - 1, 2))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> population.patientsBundle(0, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void the_bundle_patient_carries_the_indexed_nhs_number_in_its_conditional_create() throws Exception {
        for (int index = 0; index < 200; index++) {
            SyntheticBundle bundle = population.patientBundle(index);
            JsonNode entry = JSON.readTree(bundle.json()).path("entry").get(0);

            String number = population.nhsNumber(index).value();
            assertThat(bundle.nhsNumber()).isEqualTo(number);
            assertThat(entry.path("resource").path("resourceType").asText()).isEqualTo("Patient");
            assertThat(entry.path("resource").path("identifier").get(0).path("value").asText()).isEqualTo(number);
            assertThat(entry.path("request").path("method").asText()).isEqualTo("POST");
            assertThat(entry.path("request").path("ifNoneExist").asText())
                    .isEqualTo("identifier=https://fhir.nhs.uk/Id/nhs-number|" + number);
        }
    }

    @Test
    void resource_count_is_the_number_of_entries_and_averages_ten_to_twenty() throws Exception {
        IntSummaryStatistics counts = new IntSummaryStatistics();
        for (int index = 0; index < 2_000; index++) {
            SyntheticBundle bundle = population.patientBundle(index);
            assertThat(JSON.readTree(bundle.json()).path("entry").size()).isEqualTo(bundle.resourceCount());
            counts.accept(bundle.resourceCount());
        }

        assertThat(counts.getAverage()).isBetween(10.0, 20.0);
        assertThat(counts.getMin()).isGreaterThanOrEqualTo(2);
    }

    @Test
    void indexes_outside_the_population_are_rejected() {
        assertThatThrownBy(() -> population.patientBundle(-1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("-1");
        assertThatThrownBy(() -> population.nhsNumber(SyntheticPopulation.MAX_PATIENTS))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void generation_is_thread_safe() {
        String[] expected = IntStream.range(0, 400).mapToObj(i -> population.patientBundle(i).json())
                .toArray(String[]::new);

        String[] parallel = IntStream.range(0, 400).parallel().mapToObj(i -> population.patientBundle(i).json())
                .toArray(String[]::new);

        assertThat(parallel).containsExactly(expected);
    }

    @Property(tries = 300)
    void distinct_indexes_never_share_an_nhs_number(
            @ForAll long seed,
            @ForAll @IntRange(min = 0, max = SyntheticPopulation.MAX_PATIENTS - 1) int first,
            @ForAll @IntRange(min = 0, max = SyntheticPopulation.MAX_PATIENTS - 1) int second) {
        SyntheticPopulation any = new SyntheticPopulation(seed);

        assertThat(NhsNumber.isValid(any.nhsNumber(first).value())).isTrue();
        assertThat(any.nhsNumber(first).equals(any.nhsNumber(second))).isEqualTo(first == second);
    }
}
