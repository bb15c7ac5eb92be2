package org.openspine.identity.directory;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.openspine.platform.error.Issue;
import org.openspine.platform.error.OpenSpineException;

/**
 * Reads an ODS CSV file (headerless, the ODS standard layout) into checked rows, all or nothing: a file
 * with any bad line is refused whole, with one issue per problem naming its line and column, so that a
 * load never stores part of a file. The columns read (1-based, as ODS documents them):
 * <ol>
 * <li>organisation code (required; 3-12 capital letters and digits)</li>
 * <li>name (required)</li>
 * <li value="5">address lines 1-5 (columns 5-9; blank lines are dropped)</li>
 * <li value="10">postcode (a UK postcode, or blank)</li>
 * <li>open date, {@code YYYYMMDD} (required)</li>
 * <li>close date, {@code YYYYMMDD} (blank while open; not before the open date)</li>
 * <li>status code: A active, C closed, P proposed, D dormant (blank: C when there is a close date, else A)</li>
 * <li value="15">parent organisation code: the commissioner, network or board it belongs to (blank: none)</li>
 * <li>date it joined the parent, {@code YYYYMMDD}</li>
 * <li>date it left the parent, {@code YYYYMMDD}; when given, the organisation is no longer part of it</li>
 * <li>contact telephone number</li>
 * <li value="26">prescribing setting ({@code epraccur} only: 4 is a GP practice, other values a prescribing
 * cost centre)</li>
 * </ol>
 * Columns 3, 4, 14 and 19-25 and 27 are not read. A row needs at least the first 11 columns; missing
 * trailing columns count as blank. Stateless.
 */
final class OdsFile {

    /** How many problems a refusal lists before it only counts the rest. */
    static final int MAX_ISSUES = 100;

    private static final Pattern CODE = Pattern.compile("[A-Z0-9]{3,12}");
    private static final Pattern POSTCODE = Pattern.compile("[A-Z]{1,2}[0-9][A-Z0-9]? ?[0-9][A-Z]{2}");
    private static final Pattern CONTROL = Pattern.compile("\\p{Cntrl}");
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("uuuuMMdd")
            .withResolverStyle(ResolverStyle.STRICT);
    private static final int MIN_COLUMNS = 11;
    private static final int MAX_TEXT = 250;

    private OdsFile() {
    }

    /**
     * @return the file's rows, in file order
     * @throws OpenSpineException.Invalid naming every bad line (up to {@value #MAX_ISSUES}), when any is bad
     *         or the file has no rows or is not UTF-8 text
     */
    static List<OdsRow> read(Reader in, OdsFileKind kind) {
        List<CsvLines.Line> lines;
        try {
            lines = new CsvLines(in).readAll();
        } catch (CharacterCodingException e) {
            throw new OpenSpineException.Invalid("invalid", "the " + kind.fileName() + " file is not UTF-8 text", e);
        } catch (IOException e) {
            throw new UncheckedIOException("the " + kind.fileName() + " file could not be read", e);
        }
        List<Issue> issues = new ArrayList<>();
        List<OdsRow> rows = new ArrayList<>();
        Map<String, Integer> lineOfCode = new HashMap<>();
        for (CsvLines.Line line : lines) {
            switch (line) {
                case CsvLines.Line.Broken broken -> issues.add(issue(broken.number(), broken.problem()));
                case CsvLines.Line.Fields fields -> row(fields, kind, issues).ifPresent(row -> {
                    Integer first = lineOfCode.putIfAbsent(row.code(), row.line());
                    if (first != null) {
                        issues.add(issue(row.line(), "organisation code " + row.code() + " (column 1) is already on line "
                                + first));
                    } else {
                        rows.add(row);
                    }
                });
            }
        }
        if (lines.isEmpty()) {
            issues.add(Issue.error("required", "the " + kind.fileName() + " file has no rows"));
        }
        checkAncestry(rows, issues);
        if (!issues.isEmpty()) {
            throw refusal(kind, issues);
        }
        return List.copyOf(rows);
    }

    /** @return the row, or empty when it has problems (added to {@code issues}) */
    private static Optional<OdsRow> row(CsvLines.Line.Fields line, OdsFileKind kind, List<Issue> issues) {
        List<String> fields = line.fields();
        int n = line.number();
        if (fields.size() < MIN_COLUMNS) {
            issues.add(issue(n, "the row has " + fields.size() + " column" + (fields.size() == 1 ? "" : "s")
                    + "; an ODS row has at least " + MIN_COLUMNS + " (code, name, address, postcode, open date)"));
            return Optional.empty();
        }
        int before = issues.size();
        for (int column = 1; column <= fields.size(); column++) {
            if (CONTROL.matcher(fields.get(column - 1)).find()) {
                issues.add(issue(n, "column " + column + " holds a line break or other control character"));
            }
        }
        String code = code(fields, 1, "organisation code", n, issues).orElse("");
        if (column(fields, 1).isEmpty()) {
            issues.add(issue(n, "the organisation code (column 1) is blank"));
        }
        String name = column(fields, 2);
        if (name.isEmpty()) {
            issues.add(issue(n, "the name (column 2) is blank"));
        } else if (name.length() > MAX_TEXT) {
            issues.add(issue(n, "the name (column 2) is longer than " + MAX_TEXT + " characters"));
        }
        List<String> address = new ArrayList<>();
        for (int column = 5; column <= 9; column++) {
            String text = column(fields, column);
            if (text.length() > MAX_TEXT) {
                issues.add(issue(n, "address line " + (column - 4) + " (column " + column + ") is longer than " + MAX_TEXT
                        + " characters"));
            } else if (!text.isEmpty()) {
                address.add(text);
            }
        }
        String postcode = column(fields, 10);
        if (!postcode.isEmpty() && !POSTCODE.matcher(postcode).matches()) {
            issues.add(issue(n, "the postcode (column 10) '" + shown(postcode) + "' is not a UK postcode"));
        }
        Optional<LocalDate> opened = date(fields, 11, "open date", n, issues);
        if (opened.isEmpty() && column(fields, 11).isEmpty()) {
            issues.add(issue(n, "the open date (column 11) is blank"));
        }
        Optional<LocalDate> closed = date(fields, 12, "close date", n, issues);
        if (opened.isPresent() && closed.isPresent() && closed.get().isBefore(opened.get())) {
            issues.add(issue(n, "the close date (column 12) " + column(fields, 12) + " is before the open date (column 11) "
                    + column(fields, 11)));
        }
        String statusCode = column(fields, 13);
        Optional<OdsRow.Status> status = statusCode.isEmpty()
                ? Optional.of(closed.isPresent() ? OdsRow.Status.CLOSED : OdsRow.Status.ACTIVE)
                : OdsRow.Status.of(statusCode);
        if (status.isEmpty()) {
            issues.add(issue(n, "the status code (column 13) '" + shown(statusCode)
                    + "' is not A (active), C (closed), P (proposed) or D (dormant)"));
        }
        Optional<String> parentCode = code(fields, 15, "parent organisation code", n, issues);
        if (parentCode.isPresent() && parentCode.get().equals(code)) {
            issues.add(issue(n, "organisation " + code + " names itself as its parent (column 15)"));
        }
        Optional<LocalDate> joined = date(fields, 16, "date joined the parent", n, issues);
        Optional<LocalDate> left = date(fields, 17, "date left the parent", n, issues);
        if (joined.isPresent() && left.isPresent() && left.get().isBefore(joined.get())) {
            issues.add(issue(n, "the date it left its parent (column 17) is before the date it joined (column 16)"));
        }
        String telephone = column(fields, 18);
        if (telephone.length() > 40) {
            issues.add(issue(n, "the telephone number (column 18) is longer than 40 characters"));
        }
        String setting = kind == OdsFileKind.EPRACCUR ? column(fields, 26) : "";
        if (!setting.chars().allMatch(Character::isDigit)) {
            issues.add(issue(n, "the prescribing setting (column 26) '" + shown(setting) + "' is not a number"));
        }
        if (issues.size() > before) {
            return Optional.empty();
        }
        Optional<OdsRow.Parent> parent = left.isPresent() ? Optional.empty()
                : parentCode.map(parentOf -> new OdsRow.Parent(parentOf, joined));
        return Optional.of(new OdsRow(n, code, name, kind.type(setting), address, postcode, opened.orElseThrow(), closed,
                status.orElseThrow(), parent, telephone.isEmpty() ? Optional.empty() : Optional.of(telephone)));
    }

    /** Refuses rows whose parents, followed through the file, lead back to themselves. */
    private static void checkAncestry(List<OdsRow> rows, List<Issue> issues) {
        Map<String, String> parentOf = new HashMap<>();
        for (OdsRow row : rows) {
            row.parent().ifPresent(parent -> parentOf.put(row.code(), parent.code()));
        }
        for (OdsRow row : rows) {
            Set<String> chain = new LinkedHashSet<>();
            String code = row.code();
            while (code != null && chain.add(code)) {
                code = parentOf.get(code);
            }
            if (row.code().equals(code)) {
                issues.add(issue(row.line(), "organisation " + row.code() + " is part of itself through its parents ("
                        + String.join(" -> ", chain) + " -> " + code + ")"));
            }
        }
    }

    private static Optional<String> code(List<String> fields, int column, String what, int line, List<Issue> issues) {
        String value = column(fields, column);
        if (value.isEmpty()) {
            return Optional.empty();
        }
        if (!CODE.matcher(value).matches()) {
            issues.add(issue(line, "the " + what + " (column " + column + ") '" + shown(value)
                    + "' is not an ODS code (3 to 12 capital letters and digits)"));
            return Optional.empty();
        }
        return Optional.of(value);
    }

    private static Optional<LocalDate> date(List<String> fields, int column, String what, int line, List<Issue> issues) {
        String value = column(fields, column);
        if (value.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(LocalDate.parse(value, DATE));
        } catch (DateTimeParseException e) {
            issues.add(issue(line, "the " + what + " (column " + column + ") '" + shown(value)
                    + "' is not a date in the form YYYYMMDD"));
            return Optional.empty();
        }
    }

    /** @return column {@code column} (1-based), trimmed; blank when the row is shorter */
    private static String column(List<String> fields, int column) {
        return column <= fields.size() ? fields.get(column - 1).strip() : "";
    }

    /** @return a value as a message may show it: short, without control characters */
    private static String shown(String value) {
        String clean = CONTROL.matcher(value).replaceAll("?");
        return clean.length() > 40 ? clean.substring(0, 40) + "..." : clean;
    }

    private static Issue issue(int line, String problem) {
        return Issue.error("invalid", "line " + line + ": " + problem);
    }

    private static OpenSpineException.Invalid refusal(OdsFileKind kind, List<Issue> issues) {
        List<Issue> shown = new ArrayList<>(issues.subList(0, Math.min(issues.size(), MAX_ISSUES)));
        if (issues.size() > MAX_ISSUES) {
            shown.add(Issue.error("invalid", "... and " + (issues.size() - MAX_ISSUES) + " more problems"));
        }
        shown.add(0, Issue.error("invalid", "the " + kind.fileName() + " file was not loaded: " + issues.size()
                + " problem" + (issues.size() == 1 ? "" : "s") + "; nothing was written"));
        return new OpenSpineException.Invalid(shown);
    }
}
