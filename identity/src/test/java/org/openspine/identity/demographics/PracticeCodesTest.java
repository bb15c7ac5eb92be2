package org.openspine.identity.demographics;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class PracticeCodesTest {

    private static final Instant NOON = Instant.parse("2026-11-21T12:00:00Z");

    private final PracticeCodes codes = new PracticeCodes();
    private final List<String> reads = new ArrayList<>();
    private Map<String, String> directory = Map.of("org-1", "A81001", "org-2", "B82005");
    private final Function<String, Optional<String>> store = id -> {
        reads.add(id);
        return Optional.ofNullable(directory.get(id));
    };

    @Test
    void a_practice_is_read_once_while_its_code_is_fresh() {
        assertThat(codes.code("org-1", NOON, store)).contains("A81001");
        assertThat(codes.code("org-1", NOON.plusSeconds(29), store)).contains("A81001");
        assertThat(codes.code("org-2", NOON, store)).contains("B82005");

        assertThat(reads).containsExactly("org-1", "org-2");
    }

    @Test
    void a_changed_practice_shows_once_its_code_is_stale() {
        codes.code("org-1", NOON, store);
        directory = Map.of("org-1", "A81099");

        assertThat(codes.code("org-1", NOON.plus(PracticeCodes.TTL).minusMillis(1), store)).contains("A81001");
        assertThat(codes.code("org-1", NOON.plus(PracticeCodes.TTL), store)).contains("A81099");
    }

    @Test
    void a_missing_organisation_is_remembered_as_missing_until_it_is_stale() {
        assertThat(codes.code("org-9", NOON, store)).isEmpty();
        directory = Map.of("org-9", "C83001");

        assertThat(codes.code("org-9", NOON.plusSeconds(1), store)).isEmpty();
        assertThat(codes.code("org-9", NOON.plus(PracticeCodes.TTL), store)).contains("C83001");
        assertThat(reads).containsExactly("org-9", "org-9");
    }

    @Test
    void past_its_bound_it_starts_again_rather_than_grow() {
        for (int i = 0; i <= PracticeCodes.MAX_ENTRIES; i++) {
            codes.code("org-" + i, NOON, store);
        }
        reads.clear();

        codes.code("org-" + PracticeCodes.MAX_ENTRIES, NOON, store); // held: it came after the clear
        codes.code("org-1", NOON, store); // dropped by the clear

        assertThat(reads).containsExactly("org-1");
    }
}
