package org.openspine.identity.directory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.io.StringReader;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import org.openspine.platform.error.Issue;
import org.openspine.platform.error.OpenSpineException;

class OdsFileTest {

    /** An epraccur row as ODS publishes it: 27 quoted columns. */
    static final String PRACTICE = "\"A81001\",\"THE DENSHAM SURGERY\",\"Y63\",\"QHM\",\"THE HEALTH CENTRE\",\"LAWSON STREET\","
            + "\"STOCKTON-ON-TEES\",\"CLEVELAND\",\"\",\"TS18 1HU\",\"19740401\",\"\",\"A\",\"B\",\"16C\",\"20130401\",\"\","
            + "\"01642 672351\",\"\",\"\",\"\",\"0\",\"\",\"16C\",\"\",\"4\",\"\"";

    @Test
    void anEpraccurRowGivesCodeNameAddressDatesStatusParentAndTelephone() {
        OdsRow row = read(PRACTICE, OdsFileKind.EPRACCUR).get(0);

        assertThat(row.line()).isEqualTo(1);
        assertThat(row.code()).isEqualTo("A81001");
        assertThat(row.name()).isEqualTo("THE DENSHAM SURGERY");
        assertThat(row.type()).isEqualTo(OrganisationType.GP_PRACTICE);
        assertThat(row.addressLines()).containsExactly("THE HEALTH CENTRE", "LAWSON STREET", "STOCKTON-ON-TEES", "CLEVELAND");
        assertThat(row.postcode()).isEqualTo("TS18 1HU");
        assertThat(row.opened()).isEqualTo(LocalDate.of(1974, 4, 1));
        assertThat(row.closed()).isEmpty();
        assertThat(row.active()).isTrue();
        assertThat(row.parent()).contains(new OdsRow.Parent("16C", Optional.of(LocalDate.of(2013, 4, 1))));
        assertThat(row.telephone()).contains("01642 672351");
    }

    @Test
    void aPrescribingSettingOtherThanFourIsAPrescribingCostCentreAndOtherKindsIgnoreColumn26() {
        String outOfHours = PRACTICE.replace("\"A81001\"", "\"Y00001\"").replace(",\"4\",\"\"", ",\"2\",\"\"");

        assertThat(read(outOfHours, OdsFileKind.EPRACCUR).get(0).type()).isEqualTo(OrganisationType.PRESCRIBING_COST_CENTRE);
        assertThat(read(outOfHours, OdsFileKind.ETR).get(0).type()).isEqualTo(OrganisationType.NHS_TRUST);
    }

    @Test
    void aClosedOrganisationThatLeftItsParentHasNoParentAndABlankStatusFollowsTheCloseDate() {
        String closed = "\"A81005\",\"OLD MILL\",\"\",\"\",\"MILL LANE\",\"\",\"\",\"\",\"\",\"WF17 5AB\",\"19740401\",\"20210331\","
                + "\"\",\"\",\"U00002\",\"20190701\",\"20210331\"";

        OdsRow row = read(closed, OdsFileKind.EPRACCUR).get(0);

        assertThat(row.status()).isEqualTo(OdsRow.Status.CLOSED);
        assertThat(row.active()).isFalse();
        assertThat(row.closed()).contains(LocalDate.of(2021, 3, 31));
        assertThat(row.parent()).isEmpty();
        assertThat(row.telephone()).isEmpty();
    }

    @Test
    void unquotedFieldsCrlfBlankLinesAndAByteOrderMarkAreRead() {
        String text = "\uFEFFRX1,WEST RIDING NHS TRUST,,,GREAT GEORGE STREET,LEEDS,,,,LS1 3EX,19930401\r\n\r\n"
                + "RX2,\"O'NEILL \"\"THE\"\" HOSPITAL, LEEDS\",,,,,,,,,20000101\n";

        List<OdsRow> rows = read(text, OdsFileKind.ETR);

        assertThat(rows).extracting(OdsRow::code).containsExactly("RX1", "RX2");
        assertThat(rows.get(1).name()).isEqualTo("O'NEILL \"THE\" HOSPITAL, LEEDS");
        assertThat(rows.get(1).line()).isEqualTo(3);
        assertThat(rows.get(1).postcode()).isEmpty();
        assertThat(rows.get(1).addressLines()).isEmpty();
    }

    @Test
    void everyBadLineIsNamedWithItsColumnAndTheFileIsRefusedWhole() {
        String text = String.join("\n",
                PRACTICE,
                PRACTICE.replace("\"A81001\"", "\"a81002\""),
                PRACTICE.replace("\"A81001\"", "\"A81003\"").replace("\"19740401\"", "\"19741301\""),
                PRACTICE.replace("\"A81001\"", "\"A81004\"").replace("\"TS18 1HU\"", "\"NOT A POSTCODE\""),
                PRACTICE.replace("\"A81001\"", "\"A81005\"").replace(",\"A\",\"B\"", ",\"X\",\"B\""),
                PRACTICE,
                "\"A81007\",\"TOO SHORT\",\"\"",
                PRACTICE.replace("\"A81001\"", "\"A81008\"").replace("\"\",\"A\"", "\"19700101\",\"A\""),
                PRACTICE.replace("\"A81001\"", "\"A81009\"").replace("\"16C\",\"20130401\"", "\"A81009\",\"20130401\""),
                "\"A81010\",\"\",\"\",\"\",\"\",\"\",\"\",\"\",\"\",\"\",\"\"",
                "\"A81011\",\"BROKEN\"QUOTE\",\"\",\"\",\"\",\"\",\"\",\"\",\"\",\"\",\"19740401\"");

        OpenSpineException.Invalid refused = catchThrowableOfType(OpenSpineException.Invalid.class,
                () -> read(text, OdsFileKind.EPRACCUR));

        assertThat(refused.issues()).extracting(Issue::diagnostics).containsExactly(
                "the epraccur file was not loaded: 11 problems; nothing was written",
                "line 2: the organisation code (column 1) 'a81002' is not an ODS code (3 to 12 capital letters and digits)",
                "line 3: the open date (column 11) '19741301' is not a date in the form YYYYMMDD",
                "line 4: the postcode (column 10) 'NOT A POSTCODE' is not a UK postcode",
                "line 5: the status code (column 13) 'X' is not A (active), C (closed), P (proposed) or D (dormant)",
                "line 6: organisation code A81001 (column 1) is already on line 1",
                "line 7: the row has 3 columns; an ODS row has at least 11 (code, name, address, postcode, open date)",
                "line 8: the close date (column 12) 19700101 is before the open date (column 11) 19740401",
                "line 9: organisation A81009 names itself as its parent (column 15)",
                "line 10: the name (column 2) is blank",
                "line 10: the open date (column 11) is blank",
                "line 11: field 2 has text after its closing quote");
    }

    @Test
    void parentsThatLeadBackToARowAreRefused() {
        String text = "\"U1X\",\"NETWORK\",\"\",\"\",\"\",\"\",\"\",\"\",\"\",\"\",\"20190701\",\"\",\"A\",\"\",\"Q1X\"\n"
                + "\"Q1X\",\"BOARD\",\"\",\"\",\"\",\"\",\"\",\"\",\"\",\"\",\"20220701\",\"\",\"A\",\"\",\"U1X\"\n";

        OpenSpineException.Invalid refused = catchThrowableOfType(OpenSpineException.Invalid.class,
                () -> read(text, OdsFileKind.EPCN));

        assertThat(refused.issues()).extracting(Issue::diagnostics).contains(
                "line 1: organisation U1X is part of itself through its parents (U1X -> Q1X -> U1X)");
    }

    @Test
    void anEmptyFileOrAnUnclosedQuoteIsRefused() {
        assertThat(catchThrowableOfType(OpenSpineException.Invalid.class, () -> read("\n\n", OdsFileKind.ETR)).issues())
                .extracting(Issue::diagnostics).contains("the etr file has no rows");
        assertThat(catchThrowableOfType(OpenSpineException.Invalid.class,
                () -> read("\"RX1\",\"NEVER CLOSED,\n", OdsFileKind.ETR)).issues()).extracting(Issue::diagnostics)
                .contains("line 1: a quoted field is not closed before the end of the file");
    }

    @Test
    void aRefusalListsAHundredProblemsAndCountsTheRest() {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 150; i++) {
            text.append("\"bad").append(i).append("\",\"X\",\"\",\"\",\"\",\"\",\"\",\"\",\"\",\"\",\"20000101\"\n");
        }

        List<Issue> issues = catchThrowableOfType(OpenSpineException.Invalid.class,
                () -> read(text.toString(), OdsFileKind.ETR)).issues();

        assertThat(issues).hasSize(OdsFile.MAX_ISSUES + 2);
        assertThat(issues.get(issues.size() - 1).diagnostics()).isEqualTo("... and 50 more problems");
    }

    @Property
    void anyFieldsWrittenAsCsvAreReadBackAsTheyWere(@ForAll("records") List<List<String>> records) throws IOException {
        StringBuilder text = new StringBuilder();
        for (List<String> record : records) {
            List<String> quoted = new ArrayList<>();
            record.forEach(field -> quoted.add("\"" + field.replace("\"", "\"\"") + "\""));
            text.append(String.join(",", quoted)).append("\r\n");
        }

        List<CsvLines.Line> lines = new CsvLines(new StringReader(text.toString())).readAll();

        List<List<String>> read = new ArrayList<>();
        for (CsvLines.Line line : lines) {
            assertThat(line).isInstanceOf(CsvLines.Line.Fields.class);
            read.add(((CsvLines.Line.Fields) line).fields());
        }
        assertThat(read).isEqualTo(records.stream().filter(r -> !(r.size() == 1 && r.get(0).isEmpty())).toList());
    }

    @Provide
    Arbitrary<List<List<String>>> records() {
        Arbitrary<String> field = Arbitraries.strings().withChars("AZ09 ,\"'-\n\r\u00e9").ofMaxLength(12);
        return field.list().ofMinSize(1).ofMaxSize(30).list().ofMaxSize(8);
    }

    private static List<OdsRow> read(String text, OdsFileKind kind) {
        return OdsFile.read(new StringReader(text), kind);
    }
}
