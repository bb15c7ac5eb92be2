package org.openspine.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class LoadFrontierTest {

    private static final ResumePoint EMPTY = new ResumePoint(0, List.of(), 0);

    @Test
    void patients_are_handed_out_in_order_skipping_those_already_loaded() throws InterruptedException {
        LoadFrontier frontier = new LoadFrontier(new ResumePoint(10, List.of(12, 13), 14), 100, 8, 1000);

        assertThat(take(frontier, 4)).containsExactly(10, 11, 14, 15);
    }

    @Test
    void nothing_more_is_handed_out_once_the_bundles_handed_out_hold_enough() throws InterruptedException {
        LoadFrontier frontier = new LoadFrontier(EMPTY, 100, 8, 50);

        frontier.take();
        frontier.planned(30);
        frontier.take();
        frontier.planned(30);

        assertThat(frontier.take()).isEmpty();
        assertThat(frontier.stopped()).isEmpty();
    }

    @Test
    void a_client_waits_while_the_lowest_unfinished_patient_is_a_window_behind() throws Exception {
        LoadFrontier frontier = new LoadFrontier(EMPTY, 100, 4, 1000);
        assertThat(take(frontier, 4)).containsExactly(0, 1, 2, 3);
        frontier.done(1);
        frontier.done(2);

        CompletableFuture<OptionalInt> waiting = new CompletableFuture<>();
        Thread client = new Thread(() -> {
            try {
                waiting.complete(frontier.take());
            } catch (InterruptedException e) {
                waiting.completeExceptionally(e);
            }
        });
        client.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (client.getState() != Thread.State.WAITING && !waiting.isDone() && System.nanoTime() < deadline) {
            Thread.sleep(1);
        }
        assertThat(client.getState()).as("the client is waiting inside take()").isEqualTo(Thread.State.WAITING);
        assertThat(waiting).isNotDone();

        frontier.done(0);
        assertThat(waiting.get(5, TimeUnit.SECONDS)).hasValue(4);
    }

    @Test
    void a_failed_patient_stops_the_load_and_says_why() throws InterruptedException {
        LoadFrontier frontier = new LoadFrontier(EMPTY, 100, 4, 1000);
        take(frontier, 2);

        frontier.fail(1, "HTTP 400");

        assertThat(frontier.take()).isEmpty();
        assertThat(frontier.stopped()).contains("patient 1 failed: HTTP 400");
    }

    @Test
    void running_out_of_patients_is_reported() throws InterruptedException {
        LoadFrontier frontier = new LoadFrontier(new ResumePoint(0, List.of(1), 2), 3, 4, 1000);

        assertThat(take(frontier, 3)).containsExactly(0, 2);
        assertThat(frontier.stopped()).contains("all 3 load patients of this seed are loaded");
    }

    private static List<Integer> take(LoadFrontier frontier, int count) throws InterruptedException {
        List<Integer> taken = new java.util.ArrayList<>();
        for (int i = 0; i < count; i++) {
            frontier.take().ifPresent(taken::add);
        }
        return taken;
    }
}
