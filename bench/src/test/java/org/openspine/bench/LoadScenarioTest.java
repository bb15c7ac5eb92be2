package org.openspine.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class LoadScenarioTest {

    @Test
    void progress_says_how_far_how_fast_and_how_long_is_left() {
        long minute = TimeUnit.MINUTES.toNanos(1);

        assertThat(LoadScenario.progressLine(400_000, 1_000_000, 5_000, 180_000, minute)).isEqualTo(
                "load: 400,000 of 1,000,000 resources, 5,000 patients this run, 3,000 resources/s, about 3m 20s to go");
        assertThat(LoadScenario.progressLine(10_000, 1_000_000, 20, 800, minute))
                .endsWith("13 resources/s, about 20h 37m to go");
        assertThat(LoadScenario.progressLine(990_000, 1_000_000, 1, 10_000, minute)).endsWith("about 1m 00s to go");
        assertThat(LoadScenario.progressLine(999_400, 1_000_000, 2, 1_000, minute)).endsWith("about 36s to go");
        assertThat(LoadScenario.progressLine(20, 1_000_000, 0, 0, 0)).endsWith("0 resources/s, rate not known yet");
        assertThat(LoadScenario.progressLine(1_000_020, 1_000_000, 9, 100, minute)).endsWith("done");
    }
}
