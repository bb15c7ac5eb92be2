package org.openspine.bench;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.IntStream;

/**
 * The subjects of the search scenarios: a sample of the patients the {@code load} scenario put on the server,
 * each found there by NHS Number (which also gives its server id).
 *
 * <p>The sample is fixed by the seed and capped at {@value #SIZE}: each subject costs a search and a rebuilt
 * record before the run, and the clients must only pick one during it. The cap bounds how much of a large
 * dataset the searches touch, so a server's caches see a working set of that many patients, not all of them.
 *
 * @param loaded how many load patients the server holds, from 0 without a gap
 * @param subjects the subjects found, in sample order
 * @param failures sampled patients that could not be used, by reason
 */
record SearchPool(int loaded, List<SearchSubject> subjects, Map<String, Long> failures) {

    static final int SIZE = 4096;

    SearchPool {
        subjects = List.copyOf(subjects);
        failures = Map.copyOf(failures);
    }

    /**
     * Finds how many load patients of {@code records} are on the server, samples them and looks each up, with
     * up to {@code clients} connections. Blocks until done.
     *
     * @throws IOException when the server does not answer the search on NHS Number
     * @throws InterruptedException when interrupted while waiting for the look-ups
     */
    static SearchPool find(FhirServer server, PatientRecords records, long seed, int clients, int timeoutMillis)
            throws IOException, InterruptedException {
        PatientProbe probe = new PatientProbe(server, records);
        int loaded;
        try (HttpConnection http = new HttpConnection(server.endpoint(), timeoutMillis)) {
            loaded = ResumePoint.find(probe.over(http), PatientRecords.CAPACITY, LoadFrontier.WINDOW).contiguous();
        }
        int[] sample = sample(loaded, SIZE, seed);
        SearchSubject[] found = new SearchSubject[sample.length];
        String[] failed = new String[sample.length];
        ParallelClients.run("bench-subjects", server.endpoint(), timeoutMillis, clients, sample.length, (http, i) -> {
            try {
                found[i] = probe.find(http, sample[i]).map(id -> records.subject(sample[i], id)).orElse(null);
                failed[i] = found[i] == null ? "not found by NHS Number" : null;
            } catch (IOException e) {
                failed[i] = String.valueOf(e.getMessage());
            }
        });
        Map<String, Long> failures = new TreeMap<>();
        Arrays.stream(failed).filter(Objects::nonNull).forEach(reason -> failures.merge(reason, 1L, Long::sum));
        return new SearchPool(loaded, Arrays.stream(found).filter(Objects::nonNull).toList(), failures);
    }

    /** @return {@code size} distinct patients of {@code [0, loaded)} drawn with {@code seed}, or all when fewer */
    static int[] sample(int loaded, int size, long seed) {
        if (loaded <= size) {
            return IntStream.range(0, loaded).toArray();
        }
        // Floyd's algorithm: distinct draws without a shuffle of the whole range.
        Random random = new Random(seed);
        LinkedHashSet<Integer> chosen = new LinkedHashSet<>();
        for (int j = loaded - size; j < loaded; j++) {
            int draw = random.nextInt(j + 1);
            chosen.add(chosen.contains(draw) ? j : draw);
        }
        return chosen.stream().mapToInt(Integer::intValue).toArray();
    }

    /** @return one line for the report header */
    String describe() {
        List<String> parts = new ArrayList<>();
        parts.add(loaded + " load patients on the server; " + subjects.size() + " sampled as search subjects");
        failures.forEach((reason, count) -> parts.add(count + " not usable: " + reason));
        return String.join("; ", parts);
    }
}
