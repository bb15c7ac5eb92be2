package org.openspine.server;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.openspine.fhir.FhirServices;
import org.openspine.fhir.model.FhirCodec;
import org.openspine.fhir.search.SearchParameters;
import org.openspine.fhir.store.Reindexer;
import org.openspine.fhir.validation.ProfileValidation;
import org.openspine.platform.database.Database;

/**
 * {@code openspine reindex}: rebuilds every resource's search index rows from its stored JSON, with
 * progress on standard output; resumes an interrupted run. For a running server use
 * {@code POST /fhir/R4/$reindex} instead (the embedded database belongs to one process at a time).
 */
final class ReindexCommand {

    static final String USAGE = """
            usage: openspine reindex [--restart] [--batch N] [--data-dir DIR] [--db-url URL]
              --restart          start again from the first resource instead of resuming
              --batch N          resources per transaction (default 500)
              --data-dir DIR     data directory of the embedded database (default ./data)
              --db-url URL       an external PostgreSQL instead (credentials from the environment)
            """;

    private ReindexCommand() {
    }

    /** @return the process exit code */
    static int run(List<String> args, Map<String, String> env) {
        boolean restart = false;
        int batch = ReindexRun.DEFAULT_BATCH;
        List<String> databaseArgs = new ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
            switch (args.get(i)) {
                case "--restart" -> restart = true;
                case "--batch" -> {
                    if (i + 1 >= args.size()) {
                        return usage("--batch needs a number");
                    }
                    try {
                        batch = Integer.parseInt(args.get(++i));
                    } catch (NumberFormatException e) {
                        return usage("--batch must be a number, was '" + args.get(i) + "'");
                    }
                    if (batch < 1 || batch > 10_000) {
                        return usage("--batch must be 1..10000, was " + batch);
                    }
                }
                case "--data-dir", "--db-url" -> {
                    if (i + 1 >= args.size()) {
                        return usage(args.get(i) + " needs a value");
                    }
                    databaseArgs.add(args.get(i));
                    databaseArgs.add(args.get(++i));
                }
                default -> {
                    return usage("unknown option '" + args.get(i) + "'");
                }
            }
        }
        ServerConfig config;
        try {
            config = ServerConfig.parse(databaseArgs, env);
        } catch (IllegalArgumentException e) {
            return usage(e.getMessage());
        }
        try (Database database = Database.open(config.database())) {
            FhirCodec codec = new FhirCodec();
            FhirServices services = FhirServices.open(database, codec,
                    SearchParameters.r4(codec.context().getResourceTypes()),
                    new ProfileValidation(codec.context(), Optional.empty()), Clock.systemUTC(), OpenSpine.VERSION,
                    OpenSpine.DERIVED_PARAMS);
            long started = System.nanoTime();
            long[] lastPrint = {0};
            Reindexer.Progress last = new ReindexRun(database, services.reindexer()).run(restart, batch, progress -> {
                long now = System.nanoTime();
                if (now - lastPrint[0] > 2_000_000_000L || progress.done()) {
                    lastPrint[0] = now;
                    double seconds = (now - started) / 1e9;
                    System.out.printf("reindex: %,d of %,d resources (%.0f%%), %.0f/s%n", progress.indexed(),
                            progress.total(), progress.total() == 0 ? 100.0 : 100.0 * progress.indexed() / progress.total(),
                            progress.indexed() / Math.max(seconds, 0.001));
                }
            });
            System.out.printf("reindex: done, %,d resources in %.1f s%n", last.total(), (System.nanoTime() - started) / 1e9);
            return 0;
        } catch (RuntimeException e) {
            System.err.println("openspine reindex: " + e.getMessage());
            return 1;
        }
    }

    private static int usage(String problem) {
        System.err.print("openspine reindex: " + problem + "\n" + USAGE);
        return 2;
    }
}
