package org.openspine.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class BenchOptionsTest {

    @Test
    void no_arguments_give_the_documented_defaults() {
        BenchOptions options = BenchOptions.parse();

        assertThat(options.endpoint()).isEqualTo(new Endpoint("localhost", 8080, "/fhir/R4"));
        assertThat(options.clients()).isEqualTo(16);
        assertThat(options.durationSeconds()).isEqualTo(20);
        assertThat(options.warmupSeconds()).isEqualTo(30);
        assertThat(options.scenarios()).containsExactly("create", "read", "vread", "update", "history", "ingest");
        assertThat(options.patients()).isEqualTo(200);
        assertThat(options.token()).isEmpty();
        assertThat(options.out()).isEmpty();
        assertThat(options.requests()).isZero();
        assertThat(options.resources()).isEqualTo(1_000_000);
        assertThat(options.patientsTotal()).isEqualTo(1_000_000);
    }

    @Test
    void the_patients_load_is_sized_by_its_own_total_and_shows_it_in_the_settings() {
        BenchOptions options = BenchOptions.parse("--scenarios", "load-patients,pds-retrieve",
                "--patients-total", "250000");

        assertThat(options.scenarios()).containsExactly("load-patients", "pds-retrieve");
        assertThat(options.patientsTotal()).isEqualTo(250_000);
        assertThat(options.describe()).contains("patients-total=250000").doesNotContain("resources=");
        assertThat(BenchOptions.parse("--scenarios", "load").describe()).doesNotContain("patients-total=");
        assertThatThrownBy(() -> BenchOptions.parse("--patients-total", "0")).hasMessageContaining("--patients-total");
        assertThatThrownBy(() -> BenchOptions.parse("--patients-total", "3000001"))
                .hasMessageContaining("--patients-total must be 1..3000000");
    }

    @Test
    void the_load_and_the_searches_are_chosen_by_name_and_shown_in_the_settings() {
        BenchOptions options = BenchOptions.parse("--scenarios", "load,search-identifier,search-include",
                "--resources", "5000");

        assertThat(options.scenarios()).containsExactly("load", "search-identifier", "search-include");
        assertThat(options.needsSearchPool()).isTrue();
        assertThat(options.needsPatients()).isFalse();
        assertThat(options.describe()).contains("resources=5000");
        assertThat(BenchOptions.parse().describe()).doesNotContain("resources=");
        assertThat(BenchOptions.parse("--scenarios", "load").needsSearchPool()).isFalse();
        assertThatThrownBy(() -> BenchOptions.parse("--resources", "0")).hasMessageContaining("--resources");
    }

    @Test
    void options_take_a_following_value_or_an_equals_sign() {
        BenchOptions options = BenchOptions.parse("--base=http://fhir.test:9090/base/", "--clients", "4",
                "--scenarios", "Read, ingest,read", "--token=abc", "--seed", "-3", "--out", "r.md");

        assertThat(options.endpoint()).isEqualTo(new Endpoint("fhir.test", 9090, "/base"));
        assertThat(options.clients()).isEqualTo(4);
        assertThat(options.scenarios()).containsExactly("read", "ingest");
        assertThat(options.token()).contains("abc");
        assertThat(options.seed()).isEqualTo(-3);
        assertThat(options.out()).isEqualTo(Optional.of(Path.of("r.md")));
    }

    @Test
    void the_description_masks_the_token() {
        String description = BenchOptions.parse("--token", "very-secret", "--requests", "50").describe();

        assertThat(description).contains("token=(set)", "requests=50").doesNotContain("very-secret");
    }

    @Test
    void bad_options_are_refused_with_a_message_naming_them() {
        assertThatThrownBy(() -> BenchOptions.parse("--clients", "many")).hasMessageContaining("--clients");
        assertThatThrownBy(() -> BenchOptions.parse("--speed", "1")).hasMessageContaining("unknown option --speed");
        assertThatThrownBy(() -> BenchOptions.parse("--duration")).hasMessageContaining("--duration needs a value");
        assertThatThrownBy(() -> BenchOptions.parse("--scenarios", "read,search"))
                .hasMessageContaining("unknown scenario 'search'");
        assertThatThrownBy(() -> BenchOptions.parse("--base", "https://fhir.test/R4"))
                .hasMessageContaining("https is not supported yet");
        assertThatThrownBy(() -> BenchOptions.parse("--patients", "3", "--clients", "4"))
                .hasMessageContaining("update needs at least one Patient per client");
    }

    @Test
    void fewer_patients_than_clients_is_fine_without_update() {
        assertThat(BenchOptions.parse("--patients", "3", "--clients", "4", "--scenarios", "read").patients())
                .isEqualTo(3);
    }

    @Test
    void request_targets_sit_below_the_base_path() {
        Endpoint endpoint = Endpoint.parse("http://127.0.0.1:8080/fhir/R4");
        Endpoint root = Endpoint.parse("http://fhir.test");

        assertThat(endpoint.target("Patient/1/_history")).isEqualTo("/fhir/R4/Patient/1/_history");
        assertThat(endpoint.target("")).isEqualTo("/fhir/R4");
        assertThat(root.target("")).isEqualTo("/");
        assertThat(root.target("metadata")).isEqualTo("/metadata");
        assertThat(root.hostHeader()).isEqualTo("fhir.test");
        assertThat(endpoint.hostHeader()).isEqualTo("127.0.0.1:8080");
    }
}
