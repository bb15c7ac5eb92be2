package org.openspine.server;

import java.io.PrintStream;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.openspine.platform.audit.AuditKey;
import org.openspine.platform.audit.AuditSealer;
import org.openspine.platform.audit.AuditVerification;
import org.openspine.platform.audit.AuditVerifier;
import org.openspine.platform.database.Database;

/**
 * {@code openspine audit verify}: seals pending audit rows, then checks the whole trail against the key
 * in the data directory and prints each sign of tampering (altered, inserted, deleted rows; a wrong
 * chain head) with ids, then a summary. Exit 0 when intact, 1 when tampering was found, 2 for bad
 * usage, 3 when the check could not run (no key, no database).
 *
 * <p>With the embedded database the server must be stopped (the database belongs to one process); with
 * {@code --db-url} it may run beside live servers, since it reads one consistent snapshot.
 */
final class AuditCommand {

    static final String USAGE = """
            usage: openspine audit verify [--data-dir DIR] [--db-url URL]
              --data-dir DIR     data directory holding security/audit-key, and the embedded database (default ./data)
              --db-url URL       an external PostgreSQL instead (credentials from the environment)
            exit status: 0 intact, 1 tampering found, 2 bad usage, 3 could not verify
            """;
    static final int INTACT = 0;
    static final int TAMPERED = 1;
    static final int USAGE_ERROR = 2;
    static final int NOT_VERIFIED = 3;

    private AuditCommand() {
    }

    /** @return the process exit code */
    static int run(List<String> args, Map<String, String> env, PrintStream out, PrintStream err) {
        if (args.isEmpty() || !args.get(0).equals("verify")) {
            return usage(err, args.isEmpty() ? "which audit command? (verify)" : "unknown audit command '" + args.get(0) + "'");
        }
        List<String> databaseArgs = new ArrayList<>();
        for (int i = 1; i < args.size(); i++) {
            switch (args.get(i)) {
                case "--data-dir", "--db-url" -> {
                    if (i + 1 >= args.size()) {
                        return usage(err, args.get(i) + " needs a value");
                    }
                    databaseArgs.add(args.get(i));
                    databaseArgs.add(args.get(++i));
                }
                default -> {
                    return usage(err, "unknown option '" + args.get(i) + "'");
                }
            }
        }
        ServerConfig config;
        try {
            config = ServerConfig.parse(databaseArgs, env);
        } catch (IllegalArgumentException e) {
            return usage(err, e.getMessage());
        }
        AuditVerification verification;
        try (Database database = Database.open(config.database())) {
            AuditKey key = AuditKey.open(config.dataDir(), database);
            verification = new AuditVerifier(database, key, new AuditSealer(database, key, Clock.systemUTC(),
                    config.dataDir())).verify();
        } catch (RuntimeException e) {
            err.println("openspine audit verify: could not verify: " + e.getMessage());
            return NOT_VERIFIED;
        }
        verification.findings().forEach(finding -> out.println(finding.describe()));
        String checked = String.format("audit verify: %,d events checked (%,d sealed first, %,d written since)",
                verification.rowsChecked(), verification.sealedFirst(), verification.pending());
        if (verification.intact()) {
            out.println(checked + ": intact");
            return INTACT;
        }
        long found = verification.findings().size() + verification.findingsOmitted();
        out.println(checked + String.format(": TAMPERED, %,d finding%s%s", found, found == 1 ? "" : "s",
                verification.findingsOmitted() > 0 ? String.format(" (%,d not listed)", verification.findingsOmitted()) : ""));
        return TAMPERED;
    }

    private static int usage(PrintStream err, String problem) {
        err.print("openspine audit: " + problem + "\n" + USAGE);
        return USAGE_ERROR;
    }
}
