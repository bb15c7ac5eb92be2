package org.openspine.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Renders scenario reports as the harness's results table: aligned plain text for the terminal, or Markdown
 * for a file. Both carry the same header lines, rows and notes.
 */
final class ResultTable {

    static final List<String> COLUMNS = List.of("scenario", "requests", "errors", "req/s", "resources/s",
            "p50 ms", "p95 ms", "p99 ms", "max ms");

    private final List<String[]> header;
    private final List<ScenarioReport> reports;

    /** @param header label and value pairs printed above the table (target, settings, machine, ...) */
    ResultTable(List<String[]> header, List<ScenarioReport> reports) {
        this.header = List.copyOf(header);
        this.reports = List.copyOf(reports);
    }

    /** @return the table as aligned plain text, numbers right-aligned */
    String text() {
        StringBuilder text = new StringBuilder();
        int labelWidth = header.stream().mapToInt(h -> h[0].length()).max().orElse(0);
        for (String[] line : header) {
            text.append(String.format("%-" + labelWidth + "s  %s%n", line[0], line[1]));
        }
        text.append(System.lineSeparator());
        List<String[]> rows = new ArrayList<>();
        rows.add(COLUMNS.toArray(String[]::new));
        reports.forEach(report -> rows.add(cells(report)));
        int[] widths = new int[COLUMNS.size()];
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        for (String[] row : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < row.length; i++) {
                String cell = i == 0 ? pad(row[i], widths[i], false) : pad(row[i], widths[i], true);
                line.append(i == 0 ? "" : "  ").append(cell);
            }
            text.append(line.toString().stripTrailing()).append(System.lineSeparator());
        }
        List<String> notes = notes();
        if (!notes.isEmpty()) {
            text.append(System.lineSeparator()).append("notes").append(System.lineSeparator());
            notes.forEach(note -> text.append("  ").append(note).append(System.lineSeparator()));
        }
        return text.toString();
    }

    /** @return the same content as Markdown: header as a list, then a table, then notes */
    String markdown() {
        StringBuilder md = new StringBuilder("# OpenSpine bench results\n\n");
        header.forEach(line -> md.append("- **").append(line[0]).append("**: ").append(line[1]).append('\n'));
        md.append('\n').append("| ").append(String.join(" | ", COLUMNS)).append(" |\n");
        md.append("|---").append("|---:".repeat(COLUMNS.size() - 1)).append("|\n");
        reports.forEach(report -> md.append("| ").append(String.join(" | ", cells(report))).append(" |\n"));
        List<String> notes = notes();
        if (!notes.isEmpty()) {
            md.append("\nNotes:\n\n");
            notes.forEach(note -> md.append("- ").append(note).append('\n'));
        }
        return md.toString();
    }

    private static String[] cells(ScenarioReport report) {
        return switch (report) {
            case ScenarioReport.Ran ran -> new String[] {
                ran.name(),
                Long.toString(ran.requests()),
                Long.toString(ran.errors()),
                decimal(ran.requestsPerSecond(), 1),
                ran.countsResources() ? decimal(ran.resourcesPerSecond(), 1) : "-",
                millis(ran.latency(), 50),
                millis(ran.latency(), 95),
                millis(ran.latency(), 99),
                ran.latency().count() == 0 ? "-" : decimal(ran.latency().maxMicros() / 1000.0, 2)
            };
            case ScenarioReport.NotRun notRun -> new String[] {
                notRun.name(), "-", "-", "-", "-", "-", "-", "-", "-"
            };
        };
    }

    private List<String> notes() {
        List<String> notes = new ArrayList<>();
        for (ScenarioReport report : reports) {
            switch (report) {
                case ScenarioReport.Ran ran -> {
                    if (!ran.errorReasons().isEmpty()) {
                        notes.add(ran.name() + ": errors " + ran.errorReasons().entrySet().stream()
                                .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                                .map(e -> e.getKey() + " x" + e.getValue())
                                .collect(Collectors.joining(", ")));
                    }
                    ran.notes().forEach(note -> notes.add(ran.name() + ": " + note));
                }
                case ScenarioReport.NotRun notRun -> notes.add(notRun.name() + ": not run, " + notRun.reason());
            }
        }
        return notes;
    }

    private static String millis(LatencyHistogram latency, double percentile) {
        return latency.count() == 0 ? "-" : decimal(latency.percentileMicros(percentile) / 1000.0, 2);
    }

    private static String decimal(double value, int places) {
        return String.format(Locale.ROOT, "%." + places + "f", value);
    }

    private static String pad(String cell, int width, boolean right) {
        String space = " ".repeat(width - cell.length());
        return right ? space + cell : cell + space;
    }
}
