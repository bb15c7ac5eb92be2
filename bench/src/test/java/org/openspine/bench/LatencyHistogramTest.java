package org.openspine.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class LatencyHistogramTest {

    private static final long MS = 1_000_000;

    @Test
    void values_below_128_microseconds_are_exact() {
        LatencyHistogram histogram = new LatencyHistogram();
        for (long micros = 1; micros <= 100; micros++) {
            histogram.recordNanos(micros * 1_000);
        }

        assertThat(histogram.count()).isEqualTo(100);
        assertThat(histogram.percentileMicros(50)).isEqualTo(50);
        assertThat(histogram.percentileMicros(95)).isEqualTo(95);
        assertThat(histogram.percentileMicros(99)).isEqualTo(99);
        assertThat(histogram.percentileMicros(100)).isEqualTo(100);
        assertThat(histogram.maxMicros()).isEqualTo(100);
    }

    @Test
    void percentiles_of_one_to_ten_thousand_milliseconds_are_within_two_percent() {
        LatencyHistogram histogram = new LatencyHistogram();
        for (long ms = 1; ms <= 10_000; ms++) {
            histogram.recordNanos(ms * MS);
        }

        assertThat(histogram.percentileMicros(50)).isBetween(5_000_000L, 5_080_000L);
        assertThat(histogram.percentileMicros(95)).isBetween(9_500_000L, 9_650_000L);
        assertThat(histogram.percentileMicros(99)).isBetween(9_900_000L, 10_000_000L);
        assertThat(histogram.maxMicros()).isEqualTo(10_000_000L);
        assertThat(histogram.percentileMicros(100)).isEqualTo(10_000_000L);
    }

    @Test
    void a_slow_tail_shows_in_p99_but_not_in_p50() {
        LatencyHistogram histogram = new LatencyHistogram();
        for (int i = 0; i < 980; i++) {
            histogram.recordNanos(2 * MS);
        }
        for (int i = 0; i < 20; i++) {
            histogram.recordNanos(800 * MS);
        }

        assertThat(histogram.percentileMicros(50)).isBetween(2_000L, 2_032L);
        assertThat(histogram.percentileMicros(98)).isBetween(2_000L, 2_032L);
        assertThat(histogram.percentileMicros(99)).isBetween(800_000L, 812_500L);
    }

    @Test
    void merged_histograms_equal_one_that_saw_everything() {
        LatencyHistogram left = new LatencyHistogram();
        LatencyHistogram right = new LatencyHistogram();
        LatencyHistogram all = new LatencyHistogram();
        for (long ms = 1; ms <= 500; ms++) {
            (ms % 2 == 0 ? left : right).recordNanos(ms * MS);
            all.recordNanos(ms * MS);
        }

        left.add(right);

        assertThat(left.count()).isEqualTo(all.count());
        assertThat(left.maxMicros()).isEqualTo(all.maxMicros());
        for (double p : new double[] {1, 50, 90, 99, 99.9, 100}) {
            assertThat(left.percentileMicros(p)).isEqualTo(all.percentileMicros(p));
        }
    }

    @Test
    void an_empty_histogram_reports_zero_and_bad_percentiles_are_refused() {
        LatencyHistogram histogram = new LatencyHistogram();

        assertThat(histogram.percentileMicros(99)).isZero();
        assertThatThrownBy(() -> histogram.percentileMicros(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> histogram.percentileMicros(101)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void latencies_beyond_an_hour_count_as_an_hour_but_keep_an_exact_maximum() {
        LatencyHistogram histogram = new LatencyHistogram();
        histogram.recordNanos(2 * 3_600_000 * MS);

        assertThat(histogram.maxMicros()).isEqualTo(7_200_000_000L);
        assertThat(histogram.percentileMicros(50)).isBetween(3_600_000_000L, 3_660_000_000L);
    }

    @Property(tries = 200)
    void every_percentile_is_at_or_up_to_a_sixty_fourth_above_the_true_nearest_rank_value(
            @ForAll @Size(min = 1, max = 300) List<@LongRange(min = 0, max = 600_000_000) Long> micros,
            @ForAll @LongRange(min = 1, max = 100) long percentile) {
        LatencyHistogram histogram = new LatencyHistogram();
        micros.forEach(m -> histogram.recordNanos(m * 1_000));
        long[] sorted = micros.stream().mapToLong(Long::longValue).sorted().toArray();
        long exact = sorted[(int) Math.ceil(percentile / 100.0 * sorted.length) - 1];

        long reported = histogram.percentileMicros(percentile);

        assertThat(reported).isGreaterThanOrEqualTo(exact);
        assertThat(reported).isLessThanOrEqualTo(exact + exact / 64);
        assertThat(histogram.maxMicros()).isEqualTo(Arrays.stream(sorted).max().orElseThrow());
    }

    @Property(tries = 500)
    void bucket_bounds_contain_their_values(@ForAll @LongRange(min = 0, max = 3_600_000_000L) long micros) {
        int index = LatencyHistogram.index(micros);

        assertThat(LatencyHistogram.highestIn(index)).isGreaterThanOrEqualTo(micros);
        assertThat(index == 0 || LatencyHistogram.highestIn(index - 1) < micros).isTrue();
    }
}
