package org.openspine.fhir.rest;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.openspine.platform.http.TestHttp;

/**
 * Paging stays consistent while resources are written: a page starts just after the last resource of
 * the page before, by that resource's sort key and its creation order (keyset paging), not at an
 * offset. What the tests prove, for the order of creation and for a sort on a key the writes leave
 * alone ({@code family}, {@code -birthdate}):
 *
 * <ul>
 * <li>every resource that matched before paging began, and still matches, is on exactly one page, even
 *     when it is updated (other fields) before or after its page is read;</li>
 * <li>no resource is on two pages, and no page holds one twice;</li>
 * <li>resources created meanwhile may appear (once) or not, as their key falls before or after the
 *     position reached.</li>
 * </ul>
 * In creation order new resources come after every existing one, so there the test guards that an
 * update keeps a resource's place; under a sort, new resources land before and among the existing
 * ones, which would shift an offset-based page. A resource whose sort key itself changes while paging is read where its key is when each page is
 * read, so it can be missed or met twice; these tests do not change keys.
 */
class SearchPagingConsistencyIT {

    private static final int EXISTING = 60;
    private static final int PAGE = 7;
    /** Writes the writer must have finished between two page reads, so every page sees new writes. */
    private static final int WRITES_PER_PAGE = 3;

    private final TaggedSearch s = new TaggedSearch();

    private static String patient(String family, String birthDate, int version) {
        return """
                {"resourceType":"Patient","name":[{"family":"%s"}],"birthDate":"%s",
                 "telecom":[{"system":"phone","value":"0113 496 %04d"}]}""".formatted(family, birthDate, version);
    }

    /** @return the pre-existing patients, id to [family, birthDate], created in this order */
    private Map<String, String[]> createExisting() {
        Map<String, String[]> existing = new LinkedHashMap<>();
        for (int i = 0; i < EXISTING; i++) {
            // families and birth dates in different orders from creation, so each sort walks its own way
            String family = "Cons%03d".formatted((i * 37) % EXISTING);
            String birthDate = "19%02d-01-%02d".formatted(10 + (i * 13) % EXISTING, 1 + i % 28);
            existing.put(s.create(patient(family, birthDate, 0)), new String[] {family, birthDate});
        }
        return existing;
    }

    @Test
    void inCreationOrderEveryExistingResourceIsOnExactlyOnePageWhileOthersAreWritten() throws InterruptedException {
        assertConsistentPaging(new String[0]);
    }

    @Test
    void sortedByFamilyEveryExistingResourceIsOnExactlyOnePageWhileOthersAreWritten() throws InterruptedException {
        assertConsistentPaging(new String[] {"_sort=family"});
    }

    @Test
    void sortedByBirthDateDescendingEveryExistingResourceIsOnExactlyOnePageWhileOthersAreWritten()
            throws InterruptedException {
        assertConsistentPaging(new String[] {"_sort=-birthdate"});
    }

    private void assertConsistentPaging(String[] sort) throws InterruptedException {
        Map<String, String[]> existing = createExisting();
        List<String> ids = new ArrayList<>(existing.keySet());
        AtomicInteger writes = new AtomicInteger();
        AtomicReference<Throwable> writerFailure = new AtomicReference<>();
        Thread writer = Thread.ofPlatform().name("paging-writer").start(() -> {
            try {
                for (int round = 0; !Thread.currentThread().isInterrupted(); round++) {
                    s.create(patient("Cons-new-%03d".formatted(round), "1950-06-%02d".formatted(1 + round % 28), 0));
                    writes.incrementAndGet();
                    // one from the front of the creation order, one from the back: seen and not yet seen
                    for (String id : List.of(ids.get(round % EXISTING), ids.get(EXISTING - 1 - round % EXISTING))) {
                        String[] keys = existing.get(id);
                        s.update(id, patient(keys[0], keys[1], round + 1));
                        writes.incrementAndGet();
                    }
                }
            } catch (Throwable e) {
                if (!Thread.currentThread().isInterrupted()) {
                    writerFailure.set(e);
                }
            }
        });

        List<List<String>> pages = new ArrayList<>();
        try {
            String[] params = new String[sort.length + 2];
            System.arraycopy(sort, 0, params, 0, sort.length);
            params[sort.length] = "family=cons";
            params[sort.length + 1] = "_count=" + PAGE;
            TaggedSearch.Result page = s.search("Patient", params);
            pages.add(page.ids());
            while (page.link("next") != null) {
                awaitWrites(writes, writerFailure);
                TestHttp.Response next = s.http().get(page.link("next"));
                assertThat(next.status()).as("%s", next).isEqualTo(200);
                page = new TaggedSearch.Result(next.json());
                pages.add(page.ids());
            }
        } finally {
            writer.interrupt();
            writer.join(Duration.ofSeconds(30));
        }

        assertThat(writerFailure.get()).as("the writer's failure").isNull();
        assertThat(writes.get()).as("writes made while paging").isGreaterThanOrEqualTo(WRITES_PER_PAGE * (pages.size() - 1));
        List<String> seen = new ArrayList<>();
        for (List<String> page : pages) {
            assertThat(page).as("a page").doesNotHaveDuplicates().hasSizeLessThanOrEqualTo(PAGE);
            seen.addAll(page);
        }
        assertThat(seen).as("all pages together").doesNotHaveDuplicates();
        Set<String> missing = new HashSet<>(existing.keySet());
        missing.removeAll(seen);
        assertThat(missing).as("existing resources on no page").isEmpty();
        assertThat(pages.size()).isGreaterThanOrEqualTo(EXISTING / PAGE);
    }

    private static void awaitWrites(AtomicInteger writes, AtomicReference<Throwable> failure) throws InterruptedException {
        int target = writes.get() + WRITES_PER_PAGE;
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (writes.get() < target && failure.get() == null && System.nanoTime() < deadline) {
            Thread.sleep(1);
        }
    }
}
