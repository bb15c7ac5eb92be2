package org.openspine.bench;

import java.util.List;
import java.util.Random;

/**
 * GET of one kind of search for a random subject from the pool, each answer checked by {@link SearchKind#check}.
 * The query strings are built before the run, so the clients only pick one and send it.
 */
final class SearchScenario implements Scenario {

    private final SearchKind kind;
    private final FhirServer server;
    private final List<SearchSubject> subjects;
    private final List<String> queries;
    private final long seed;

    /** @param subjects the pool; those the search does not apply to are left out */
    SearchScenario(SearchKind kind, FhirServer server, List<SearchSubject> subjects, long seed) {
        this.kind = kind;
        this.server = server;
        this.subjects = subjects.stream().filter(kind::applies).toList();
        this.queries = this.subjects.stream().map(kind::query).toList();
        this.seed = seed;
    }

    /** @return how many distinct searches the clients choose from */
    int distinct() {
        return queries.size();
    }

    @Override
    public String name() {
        return kind.scenario();
    }

    @Override
    public List<String> notes() {
        return List.of("chose among " + queries.size() + " searches");
    }

    @Override
    public Worker worker(int client, int clients) {
        Random random = new Random(seed * 31 + client);
        return http -> {
            int chosen = random.nextInt(queries.size());
            return kind.check(http.send(server.get(queries.get(chosen))), subjects.get(chosen));
        };
    }
}
