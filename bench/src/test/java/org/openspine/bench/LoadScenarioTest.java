package org.openspine.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class LoadScenarioTest {

    @Test
    void progress_says_how_far_how_fast_and_how_long_is_left() {
        long minute = TimeUnit.MINUTES.toNanos(1);

        assertThat(LoadScenario.progressLine("load", "resources", 400_000, 1_000_000, 5_000, 180_000, minute)).isEqualTo(
                "load: 400,000 of 1,000,000 resources, 5,000 bundles this run, 3,000 resources/s, about 3m 20s to go");
        assertThat(LoadScenario.progressLine("load", "resources", 10_000, 1_000_000, 20, 800, minute))
                .endsWith("13 resources/s, about 20h 37m to go");
        assertThat(LoadScenario.progressLine("load", "resources", 990_000, 1_000_000, 1, 10_000, minute)).endsWith("about 1m 00s to go");
        assertThat(LoadScenario.progressLine("load", "resources", 999_400, 1_000_000, 2, 1_000, minute)).endsWith("about 36s to go");
        assertThat(LoadScenario.progressLine("load", "resources", 20, 1_000_000, 0, 0, 0)).endsWith("0 resources/s, rate not known yet");
        assertThat(LoadScenario.progressLine("load", "resources", 1_000_020, 1_000_000, 9, 100, minute)).endsWith("done");
    }

    @Test
    void progress_of_a_patients_load_counts_patients() {
        assertThat(LoadScenario.progressLine("load-patients", "patients", 250_000, 1_000_000, 1_500, 150_000,
                TimeUnit.MINUTES.toNanos(1))).isEqualTo("load-patients: 250,000 of 1,000,000 patients, 1,500 bundles "
                        + "this run, 2,500 patients/s, about 5m 00s to go");
    }
}
