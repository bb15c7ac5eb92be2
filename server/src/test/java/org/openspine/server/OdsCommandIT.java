package org.openspine.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openspine.platform.database.TestDatabase;

/** {@code openspine ods load} against an embedded database in a data directory of its own. */
class OdsCommandIT {

    private static final String PRACTICE = "\"%s\",\"%s\",\"Y63\",\"QWO\",\"1 HIGH STREET\",\"LEEDS\",\"\",\"\",\"\","
            + "\"LS1 1AA\",\"%s\",\"\",\"A\",\"B\",\"\",\"\",\"\",\"0113 496 0000\",\"\",\"\",\"\",\"0\",\"\",\"\",\"\",\"4\",\"\"\n";

    @Test
    void aFileIsLoadedOnceARefusedFileWritesNothingAndTheKindComesFromTheName() throws Exception {
        Path dataDir = TestDatabase.freshDirectory("openspine-ods");
        Path practices = Files.writeString(dataDir.resolve("EPRACCUR.csv"),
                PRACTICE.formatted("B82001", "NORTH SURGERY", "19740401") + PRACTICE.formatted("B82002", "SOUTH SURGERY",
                        "19800101"));
        Path refused = Files.writeString(dataDir.resolve("more.csv"),
                PRACTICE.formatted("B82003", "EAST SURGERY", "19800101") + PRACTICE.formatted("B82004", "", "1980"));

        Run first = run("load", practices.toString(), "--data-dir", dataDir.toString());
        assertThat(first.exit()).as(first.err()).isZero();
        assertThat(first.out()).isEqualTo("ods load: epraccur: 2 rows; HealthcareService 2 created, 0 updated, 0 unchanged;"
                + " Location 2 created, 0 updated, 0 unchanged; Organization 2 created, 0 updated, 0 unchanged\n");

        Run again = run("load", practices.toString(), "--data-dir", dataDir.toString());
        assertThat(again.out()).contains("Organization 0 created, 0 updated, 2 unchanged");

        Run bad = run("load", refused.toString(), "--kind", "epraccur", "--data-dir", dataDir.toString());
        assertThat(bad.exit()).isEqualTo(1);
        assertThat(bad.err()).isEqualTo("""
                openspine ods load: the epraccur file was not loaded: 2 problems; nothing was written
                openspine ods load: line 2: the name (column 2) is blank
                openspine ods load: line 2: the open date (column 11) '1980' is not a date in the form YYYYMMDD
                """);
        Files.writeString(refused, PRACTICE.formatted("B82003", "EAST SURGERY", "19800101"));
        assertThat(run("load", refused.toString(), "--kind", "EPRACCUR", "--data-dir", dataDir.toString()).out())
                .as("the refused file's good line was not written").contains("Organization 1 created");
    }

    @Test
    void badUsageIsExitTwoWithTheUsage() throws Exception {
        Path file = Files.writeString(TestDatabase.freshDirectory("openspine-ods").resolve("practices.csv"), "");

        Run unknownKind = run("load", file.toString());
        assertThat(unknownKind.exit()).isEqualTo(2);
        assertThat(unknownKind.err()).startsWith("openspine ods: cannot tell the kind of 'practices.csv' from its name; "
                + "give --kind\nusage: openspine ods load FILE");
        assertThat(run("load", file.toString(), "--kind", "eprac").err()).startsWith("openspine ods: unknown kind 'eprac'");
        assertThat(run("load").err()).startsWith("openspine ods: which file?");
        assertThat(run("unload", "x.csv").exit()).isEqualTo(2);
        assertThat(run("load", "a.csv", "b.csv").err()).startsWith("openspine ods: unknown option 'b.csv'");
        assertThat(run("load", "/nonexistent/etr.csv").err()).isEqualTo("openspine ods load: no file /nonexistent/etr.csv\n");
    }

    private static Run run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = OdsCommand.run(new ArrayList<>(List.of(args)), Map.of(), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private record Run(int exit, String out, String err) {
    }
}
