package org.openspine.server;

import java.io.IOException;
import java.io.ByteArrayInputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.openspine.fhir.FhirServices;
import org.openspine.fhir.access.RecordAccess;
import org.openspine.fhir.model.FhirCodec;
import org.openspine.fhir.search.SearchParameters;
import org.openspine.fhir.validation.ProfileValidation;
import org.openspine.identity.directory.OdsFileKind;
import org.openspine.identity.directory.OdsLoadReport;
import org.openspine.identity.directory.OdsLoader;
import org.openspine.platform.database.Database;
import org.openspine.platform.error.Issue;
import org.openspine.platform.error.OpenSpineException;

/**
 * {@code openspine ods load FILE [--kind KIND]}: loads an ODS CSV file into the organisation directory
 * in one transaction ({@link OdsLoader}) and prints what it created, updated and left unchanged. A file
 * with bad lines is refused whole, each bad line printed, and nothing is written. The kind comes from
 * the file's name ({@code epraccur.csv}) unless {@code --kind} names it. With the embedded database the
 * server must be stopped; a running server takes the same files at {@code POST /directory/ods/{kind}}.
 * Exit 0 loaded, 1 refused or failed, 2 bad usage.
 */
final class OdsCommand {

    static final String USAGE = """
            usage: openspine ods load FILE [--kind KIND] [--data-dir DIR] [--db-url URL]
              FILE               an ODS CSV file (headerless, the ODS standard layout, UTF-8)
              --kind KIND        what the file holds: %s (default: from FILE's name)
              --data-dir DIR     data directory of the embedded database (default ./data)
              --db-url URL       an external PostgreSQL instead (credentials from the environment)
            exit status: 0 loaded, 1 refused (each bad line printed; nothing written) or failed, 2 bad usage
            """.formatted(OdsFileKind.names());

    private OdsCommand() {
    }

    /** @return the process exit code */
    static int run(List<String> args, Map<String, String> env, PrintStream out, PrintStream err) {
        if (args.isEmpty() || !args.get(0).equals("load")) {
            return usage(err, args.isEmpty() ? "which ods command? (load)" : "unknown ods command '" + args.get(0) + "'");
        }
        Optional<String> kindName = Optional.empty();
        Optional<Path> file = Optional.empty();
        List<String> databaseArgs = new ArrayList<>();
        for (int i = 1; i < args.size(); i++) {
            String arg = args.get(i);
            if (arg.equals("--kind") || arg.equals("--data-dir") || arg.equals("--db-url")) {
                if (i + 1 >= args.size()) {
                    return usage(err, arg + " needs a value");
                }
                if (arg.equals("--kind")) {
                    kindName = Optional.of(args.get(++i));
                } else {
                    databaseArgs.add(arg);
                    databaseArgs.add(args.get(++i));
                }
            } else if (arg.startsWith("--") || file.isPresent()) {
                return usage(err, "unknown option '" + arg + "'");
            } else {
                file = Optional.of(Path.of(arg));
            }
        }
        if (file.isEmpty()) {
            return usage(err, "which file?");
        }
        String named = kindName.orElse(file.get().toString());
        Optional<OdsFileKind> kind = OdsFileKind.named(named);
        if (kind.isEmpty()) {
            return usage(err, kindName.isPresent() ? "unknown kind '" + named + "'"
                    : "cannot tell the kind of '" + file.get().getFileName() + "' from its name; give --kind");
        }
        ServerConfig config;
        try {
            config = ServerConfig.parse(databaseArgs, env);
        } catch (IllegalArgumentException e) {
            return usage(err, e.getMessage());
        }
        byte[] csv;
        try {
            csv = Files.readAllBytes(file.get());
        } catch (NoSuchFileException e) {
            err.println("openspine ods load: no file " + file.get());
            return 1;
        } catch (IOException e) {
            err.println("openspine ods load: cannot read " + file.get() + ": " + e.getMessage());
            return 1;
        }
        try (Database database = Database.open(config.database())) {
            FhirCodec codec = new FhirCodec();
            // the server's own search parameters, so that the store indexes as the server does
            FhirServices services = FhirServices.open(database, codec, SearchParameters.r4(codec.context().getResourceTypes()),
                    new ProfileValidation(codec.context(), Optional.empty()), Clock.systemUTC(), OpenSpine.VERSION,
                    OpenSpine.DERIVED_PARAMS);
            OdsLoader loader = new OdsLoader(services.api(), services.search());
            OdsLoadReport report = database.inTransaction(connection -> loader.load(connection,
                    services.api().guard(RecordAccess.OPENSPINE), kind.get(), new ByteArrayInputStream(csv)));
            out.println("ods load: " + report.summary());
            return 0;
        } catch (OpenSpineException.Invalid refused) {
            refused.issues().stream().map(Issue::diagnostics).forEach(line -> err.println("openspine ods load: " + line));
            return 1;
        } catch (RuntimeException e) {
            err.println("openspine ods load: " + e.getMessage());
            return 1;
        }
    }

    private static int usage(PrintStream err, String problem) {
        err.print("openspine ods: " + problem + "\n" + USAGE);
        return 2;
    }
}
