package org.openspine.identity.directory;

import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits comma-separated text into records of fields (RFC 4180: fields may be quoted, a quote inside a
 * quoted field is doubled, a quoted field may span lines), numbering each record by the line it starts
 * on so that problems can name it. Blank lines are skipped; a byte order mark at the start is ignored.
 * Malformed quoting is reported as a {@link Line.Broken} line rather than thrown, so that one reading
 * can report every bad line of a file. Not thread-safe: one instance reads one file.
 */
final class CsvLines {

    /** More fields than any ODS file has (27): a guard against reading a file that is not CSV at all. */
    static final int MAX_FIELDS = 64;
    /** Longer than any real record; a guard against an unterminated quote swallowing the file. */
    static final int MAX_RECORD_CHARS = 16_384;

    private final Reader in;
    private int lineNumber = 1;
    private int pushedBack = -2;

    CsvLines(Reader in) {
        this.in = in;
    }

    /** One record of the file, by the line it starts on. */
    sealed interface Line {

        /** @return the 1-based line the record starts on */
        int number();

        /** A well-formed record. */
        record Fields(int number, List<String> fields) implements Line {
            public Fields {
                fields = List.copyOf(fields);
            }
        }

        /** A record that could not be split; {@code problem} says why. */
        record Broken(int number, String problem) implements Line {
        }
    }

    /** @return every record of the input, in order */
    List<Line> readAll() throws IOException {
        List<Line> lines = new ArrayList<>();
        int first = read();
        if (first != '\uFEFF') {
            unread(first);
        }
        while (true) {
            Line line = next();
            if (line == null) {
                return lines;
            }
            if (!(line instanceof Line.Fields fields && fields.fields().size() == 1 && fields.fields().get(0).isEmpty())) {
                lines.add(line); // a blank line is not a record
            }
        }
    }

    /** @return the next record, or null at the end of the input */
    private Line next() throws IOException {
        int c = read();
        if (c == -1) {
            return null;
        }
        unread(c);
        int start = lineNumber;
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        int chars = 0;
        boolean quoted = false;
        boolean afterQuote = false;
        String problem = null;
        while (true) {
            c = read();
            if (++chars > MAX_RECORD_CHARS && problem == null) {
                problem = "the record is longer than " + MAX_RECORD_CHARS + " characters (an unterminated quote?)";
            }
            if (quoted) {
                if (c == -1) {
                    return new Line.Broken(start, "a quoted field is not closed before the end of the file");
                }
                if (c == '"') {
                    int after = read();
                    if (after == '"') {
                        field.append('"');
                    } else {
                        unread(after);
                        quoted = false;
                        afterQuote = true;
                    }
                } else {
                    field.append((char) c);
                    if (c == '\n' || c == '\r' && !followedByNewline()) {
                        lineNumber++;
                    }
                }
                continue;
            }
            if (c == -1 || c == '\n' || c == '\r') {
                if (c == '\r') {
                    int after = read();
                    if (after != '\n') {
                        unread(after);
                    }
                }
                if (c != -1) {
                    lineNumber++;
                }
                fields.add(field.toString());
                if (fields.size() > MAX_FIELDS && problem == null) {
                    problem = "the record has " + fields.size() + " fields, more than " + MAX_FIELDS;
                }
                return problem == null ? new Line.Fields(start, fields) : new Line.Broken(start, problem);
            }
            if (c == ',') {
                fields.add(field.toString());
                field.setLength(0);
                afterQuote = false;
            } else if (afterQuote) {
                if (problem == null) {
                    problem = "field " + (fields.size() + 1) + " has text after its closing quote";
                }
            } else if (c == '"' && field.isEmpty()) {
                quoted = true;
            } else {
                field.append((char) c);
            }
        }
    }

    /** @return whether the next character is a line feed (which then counts the line), leaving it unread */
    private boolean followedByNewline() throws IOException {
        int after = read();
        unread(after);
        return after == '\n';
    }

    private int read() throws IOException {
        if (pushedBack != -2) {
            int c = pushedBack;
            pushedBack = -2;
            return c;
        }
        return in.read();
    }

    private void unread(int c) {
        pushedBack = c;
    }
}
