package org.openspine.exchange.monitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The monitor's settings: their defaults, and the periods it refuses. */
class MonitorSettingsTest {

    @Test
    void lettersMayWaitTwoDaysInAWorkqueueUnlessSetOtherwise() {
        assertThat(MonitorSettings.DEFAULT.workqueueDueWithin()).isEqualTo(Duration.ofDays(2));
        assertThat(MonitorSettings.DEFAULT.stoppedCollectingAfter()).isEqualTo(Duration.ofHours(24));
    }

    @Test
    void aWorkqueuePeriodUnderAMinuteIsRefusedNamingIt() {
        assertThatThrownBy(() -> new MonitorSettings(Duration.ofHours(24), Duration.ofSeconds(59), Optional.empty(),
                Duration.ofSeconds(10)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the workqueue period must be at least a minute, was PT59S");
        assertThatThrownBy(() -> new MonitorSettings(Duration.ofHours(24), Duration.ofDays(-2), Optional.empty(),
                Duration.ofSeconds(10)))
                .hasMessage("the workqueue period must be at least a minute, was PT-48H");
        assertThat(new MonitorSettings(Duration.ofHours(24), Duration.ofMinutes(1), Optional.empty(),
                Duration.ofSeconds(10)).workqueueDueWithin()).isEqualTo(Duration.ofMinutes(1));
    }
}
