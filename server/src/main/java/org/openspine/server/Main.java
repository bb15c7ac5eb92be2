package org.openspine.server;

import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.openspine.platform.security.token.BuiltInIssuer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code openspine} command line: {@code serve} starts the service; {@code help} explains.
 * Exit codes: 0 success, 1 failure at run time, 2 bad usage or configuration; {@code audit verify}
 * refines them (1 tampering found, 3 could not verify).
 */
public final class Main {

    private static final Logger LOG = LoggerFactory.getLogger(Main.class);

    private static final String HELP = """
            OpenSpine %s: an open FHIR R4 shared care record and NHS-style services.

            usage: openspine <command> [options]
              serve     start the server (see: openspine serve --help)
              reindex   rebuild the search indexes of stored resources (see: openspine reindex --help)
              token     print a bearer token for a demo user of a running server (see: openspine token --help)
              audit     verify the audit trail has not been tampered with (see: openspine audit --help)
              ods       load an ODS CSV file into the organisation directory (see: openspine ods --help)
              help      this text
            """.formatted(OpenSpine.VERSION);

    private Main() {
    }

    public static void main(String[] args) {
        List<String> arguments = Arrays.asList(args);
        String command = arguments.isEmpty() ? "help" : arguments.get(0);
        List<String> rest = arguments.isEmpty() ? List.of() : arguments.subList(1, arguments.size());
        switch (command) {
            case "serve" -> serve(rest);
            case "reindex" -> {
                if (rest.contains("--help")) {
                    System.out.print(ReindexCommand.USAGE);
                } else {
                    System.exit(ReindexCommand.run(rest, System.getenv()));
                }
            }
            case "token" -> {
                if (rest.contains("--help")) {
                    System.out.print(TokenCommand.USAGE);
                } else {
                    System.exit(TokenCommand.run(rest, System.getenv(), System.out, System.err));
                }
            }
            case "audit" -> {
                if (rest.contains("--help")) {
                    System.out.print(AuditCommand.USAGE);
                } else {
                    System.exit(AuditCommand.run(rest, System.getenv(), System.out, System.err));
                }
            }
            case "ods" -> {
                if (rest.contains("--help")) {
                    System.out.print(OdsCommand.USAGE);
                } else {
                    System.exit(OdsCommand.run(rest, System.getenv(), System.out, System.err));
                }
            }
            case "help", "--help", "-h" -> System.out.print(HELP);
            default -> {
                System.err.print("unknown command '" + command + "'\n" + HELP);
                System.exit(2);
            }
        }
    }

    private static void serve(List<String> args) {
        if (args.contains("--help")) {
            System.out.print(ServerConfig.USAGE);
            return;
        }
        ServerConfig config;
        try {
            config = ServerConfig.parse(args, System.getenv());
        } catch (IllegalArgumentException e) {
            System.err.println("openspine: " + e.getMessage());
            System.exit(2);
            return;
        }
        long started = System.nanoTime();
        OpenSpine openSpine;
        try {
            openSpine = OpenSpine.start(config, Clock.systemUTC());
        } catch (RuntimeException e) {
            LOG.error("OpenSpine failed to start: {}", e.getMessage(), e);
            System.exit(1);
            return;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            LOG.info("shutting down");
            openSpine.close();
            stopped.countDown();
        }, "openspine-shutdown"));
        if (config.demo()) {
            try {
                DemoSeed.run(openSpine);
            } catch (RuntimeException e) {
                LOG.error("demo seeding failed: {}", e.getMessage(), e);
                System.exit(1); // the shutdown hook closes the server and database
            }
        }
        openSpine.markReady();
        String base = config.http().scheme() + "://localhost:" + openSpine.port();
        LOG.info("OpenSpine {} ready in {} ms: FHIR API {}/fhir/R4 | health {}/healthz | readiness {}/readyz | data {}",
                OpenSpine.VERSION, (System.nanoTime() - started) / 1_000_000, base, base, base, config.dataDir());
        if (config.security().demoUsers()) {
            LOG.info("demo sign-in: {}/auth/sign-in, or ./openspine token --user gp; demo client secret in {}", base,
                    config.dataDir().resolve(BuiltInIssuer.CLIENT_SECRET_FILE));
        }
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
