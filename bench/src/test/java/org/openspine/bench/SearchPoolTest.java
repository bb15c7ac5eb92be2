package org.openspine.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SearchPoolTest {

    @Test
    void a_small_load_is_searched_whole() {
        assertThat(SearchPool.sample(5, 10, 42)).containsExactly(0, 1, 2, 3, 4);
        assertThat(SearchPool.sample(0, 10, 42)).isEmpty();
    }

    @Test
    void a_large_load_is_sampled_without_repeats_the_same_way_for_the_same_seed() {
        int[] sample = SearchPool.sample(27_000, 4096, 42);

        assertThat(sample).hasSize(4096).doesNotHaveDuplicates();
        assertThat(Arrays.stream(sample)).allMatch(n -> n >= 0 && n < 27_000);
        assertThat(SearchPool.sample(27_000, 4096, 42)).isEqualTo(sample);
        assertThat(SearchPool.sample(27_000, 4096, 43)).isNotEqualTo(sample);
        // Spread over the whole range, not bunched at one end.
        assertThat(Arrays.stream(sample).filter(n -> n < 13_500).count()).isBetween(1800L, 2300L);
    }

    @Test
    void the_header_line_says_what_was_found_and_what_was_not_usable() {
        SearchPool pool = new SearchPool(120, List.of(), Map.of("not found by NHS Number", 2L));

        assertThat(pool.describe()).isEqualTo(
                "120 load patients on the server; 0 sampled as search subjects; 2 not usable: not found by NHS Number");
    }
}
