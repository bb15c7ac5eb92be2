package org.openspine.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.BitSet;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class ResumePointTest {

    private static final int CAPACITY = 150_000;
    private static final int WINDOW = 64;

    @Test
    void an_empty_server_resumes_at_patient_zero() throws IOException {
        ResumePoint resume = ResumePoint.find(n -> false, CAPACITY, WINDOW);

        assertThat(resume).isEqualTo(new ResumePoint(0, List.of(), 0));
        assertThat(resume.loaded()).isZero();
    }

    @Test
    void a_load_that_stopped_cleanly_resumes_after_its_last_patient() throws IOException {
        ResumePoint resume = ResumePoint.find(n -> n < 27_000, CAPACITY, WINDOW);

        assertThat(resume).isEqualTo(new ResumePoint(27_000, List.of(), 27_000));
        assertThat(resume.patients().count()).isEqualTo(27_000);
    }

    @Test
    void patients_finished_out_of_order_are_found_on_both_sides_of_the_gap() throws IOException {
        BitSet loaded = new BitSet();
        loaded.set(0, 500);
        loaded.set(503);
        loaded.set(530);
        loaded.set(560);

        ResumePoint resume = ResumePoint.find(loaded::get, CAPACITY, WINDOW);

        assertThat(resume).isEqualTo(new ResumePoint(500, List.of(503, 530, 560), 561));
        assertThat(resume.loaded()).isEqualTo(503);
        assertThat(resume.patients().skip(499).boxed().toList()).containsExactly(499, 503, 530, 560);
    }

    @Test
    void a_full_seed_resumes_at_the_capacity() throws IOException {
        assertThat(ResumePoint.find(n -> true, 1000, WINDOW)).isEqualTo(new ResumePoint(1000, List.of(), 1000));
    }

    @Property
    void whatever_the_loader_left_within_its_window_is_found_exactly(
            @ForAll @IntRange(max = 5000) int contiguous, @ForAll long seed) throws IOException {
        // The loader's promise: all below `contiguous`, which is missing, and nothing a window above it.
        BitSet loaded = new BitSet();
        loaded.set(0, contiguous);
        Random random = new Random(seed);
        for (int n = contiguous + 1; n < Math.min(contiguous + WINDOW, 5000); n++) {
            if (random.nextInt(3) == 0) {
                loaded.set(n);
            }
        }
        int[] probes = new int[1];

        ResumePoint resume = ResumePoint.find(n -> {
            probes[0]++;
            return loaded.get(n);
        }, 5000, WINDOW);

        assertThat(resume.contiguous()).isEqualTo(contiguous);
        assertThat(resume.patients().toArray()).isEqualTo(loaded.stream().toArray());
        assertThat(probes[0]).isLessThanOrEqualTo(13 + 2 * WINDOW);
    }

    @Test
    void a_failing_probe_is_passed_on() {
        assertThatThrownBy(() -> ResumePoint.find(n -> {
            throw new IOException("HTTP 503");
        }, CAPACITY, WINDOW)).hasMessage("HTTP 503");
    }
}
