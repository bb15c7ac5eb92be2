package org.openspine.fhir.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.openspine.fhir.rest.Fixtures.BASE;
import static org.openspine.fhir.rest.Fixtures.JSON;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.openspine.platform.http.TestHttp;

class ConcurrencyIT {

    private static final int WRITERS = 12;

    private final TestHttp http = FhirTestServer.shared().http();

    @Test
    void ofConcurrentUpdatesFromTheSameVersionExactlyOneWinsAndTheOthersGet412() throws Exception {
        String value = Fixtures.unique();
        String id = Fixtures.createPatient(http, value, "Race");

        List<Integer> statuses = race(i -> http.request("PUT", BASE + "/Patient/" + id).header("Content-Type", JSON)
                .header("If-Match", "W/\"1\"").body(Fixtures.patientWithId(id, value, "Writer" + i)).send().status());

        assertThat(statuses).filteredOn(s -> s == 200).hasSize(1);
        assertThat(statuses).filteredOn(s -> s == 412 || s == 409).hasSize(WRITERS - 1);
        assertThat(http.get(BASE + "/Patient/" + id).header("ETag")).isEqualTo("W/\"2\"");
    }

    @Test
    void concurrentUpdatesWithoutIfMatchAreSerialisedAndNoneIsLost() throws Exception {
        String value = Fixtures.unique();
        String id = Fixtures.createPatient(http, value, "Serial");

        List<Integer> statuses = race(i -> http.put(BASE + "/Patient/" + id, JSON,
                Fixtures.patientWithId(id, value, "Writer" + i)).status());

        assertThat(statuses).containsOnly(200);
        assertThat(http.get(BASE + "/Patient/" + id).header("ETag")).isEqualTo("W/\"" + (WRITERS + 1) + "\"");
        assertThat(http.get(BASE + "/Patient/" + id + "/_history").json().get("entry")).hasSize(WRITERS + 1);
    }

    @Test
    void concurrentCreatesOfTheSameNewClientIdMakeOneResourceAndTheRestConflictOrUpdate() throws Exception {
        String id = "race-" + Fixtures.unique().substring(0, 8);
        String value = Fixtures.unique();

        List<Integer> statuses = race(i -> http.put(BASE + "/Patient/" + id, JSON,
                Fixtures.patientWithId(id, value, "Creator" + i)).status());

        assertThat(statuses).filteredOn(s -> s == 201).hasSize(1);
        assertThat(statuses).allMatch(s -> s == 201 || s == 200 || s == 409);
        int versions = http.get(BASE + "/Patient/" + id + "/_history").json().get("entry").size();
        assertThat(versions).isEqualTo((int) statuses.stream().filter(s -> s == 200 || s == 201).count());
    }

    @Test
    void concurrentConditionalCreatesOfOneIdentifierMakeOneResource() throws Exception {
        String value = Fixtures.unique();

        List<Integer> statuses = race(i -> http.request("POST", BASE + "/Patient").header("Content-Type", JSON)
                .header("If-None-Exist", "identifier=urn:test|" + value).body(Fixtures.patient(value, "Twin" + i))
                .send().status());

        assertThat(statuses).filteredOn(s -> s == 201).hasSize(1);
        assertThat(statuses).filteredOn(s -> s == 200).hasSize(WRITERS - 1);
        assertThat(http.get(BASE + "/Patient?identifier=urn:test%7C" + value).json().get("total").asInt()).isEqualTo(1);
    }

    @Test
    void concurrentConditionalUpdatesOfOneIdentifierMakeOneResource() throws Exception {
        String value = Fixtures.unique();

        List<Integer> statuses = race(i -> http.put(BASE + "/Patient?identifier=urn:test%7C" + value, JSON,
                Fixtures.patient(value, "Twin" + i)).status());

        assertThat(statuses).filteredOn(s -> s == 201).hasSize(1);
        assertThat(statuses).filteredOn(s -> s == 200).hasSize(WRITERS - 1);
        assertThat(http.get(BASE + "/Patient?identifier=urn:test%7C" + value).json().get("total").asInt()).isEqualTo(1);
    }

    private List<Integer> race(Writer writer) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(WRITERS);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<Integer>> futures = new ArrayList<>();
            for (int i = 0; i < WRITERS; i++) {
                int n = i;
                futures.add(pool.submit(() -> {
                    start.await();
                    return writer.write(n);
                }));
            }
            start.countDown();
            List<Integer> statuses = new ArrayList<>();
            for (Future<Integer> future : futures) {
                statuses.add(future.get());
            }
            return statuses;
        } finally {
            pool.shutdownNow();
        }
    }

    @FunctionalInterface
    private interface Writer {
        int write(int n) throws Exception;
    }
}
