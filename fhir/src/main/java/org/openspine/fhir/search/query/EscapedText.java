package org.openspine.fhir.search.query;

import java.util.ArrayList;
import java.util.List;

/**
 * The FHIR search escaping rule: in a value, {@code \,} {@code \$} {@code \|} and {@code \\} stand for the
 * character after the backslash. A backslash before any other character, or at the end, is kept as it is,
 * so a client that forgets to escape a lone backslash still gets what it wrote.
 *
 * <p>Every split ({@code ,} then {@code $} then {@code |}) keeps the escapes in the parts it returns; only a
 * leaf parser unescapes, after its own split. Unescaping early would turn {@code a\|b} into {@code a|b}
 * and let the token split cut it in two.
 */
final class EscapedText {

    private EscapedText() {
    }

    /** @return the parts of {@code text} between unescaped {@code separator}s, escapes kept; empty parts included */
    static List<String> split(String text, char separator) {
        List<String> parts = new ArrayList<>();
        int start = 0;
        for (int at = indexOf(text, separator, 0); at >= 0; at = indexOf(text, separator, start)) {
            parts.add(text.substring(start, at));
            start = at + 1;
        }
        parts.add(text.substring(start));
        return parts;
    }

    /** @return the index of the first unescaped {@code separator} at or after {@code from}, or -1 */
    static int indexOf(String text, char separator, int from) {
        for (int i = from; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\\') {
                i++; // the next character is escaped (or there is none)
            } else if (c == separator) {
                return i;
            }
        }
        return -1;
    }

    /** @return {@code text} with {@code \,} {@code \$} {@code \|} {@code \\} replaced by the escaped character */
    static String unescape(String text) {
        if (text.indexOf('\\') < 0) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\\' && i + 1 < text.length() && isEscapable(text.charAt(i + 1))) {
                c = text.charAt(++i);
            }
            out.append(c);
        }
        return out.toString();
    }

    private static boolean isEscapable(char c) {
        return c == ',' || c == '$' || c == '|' || c == '\\';
    }
}
