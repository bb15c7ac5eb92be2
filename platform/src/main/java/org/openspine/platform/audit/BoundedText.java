package org.openspine.platform.audit;

/**
 * Makes free text safe to keep in an audit row: at most a given length, and exactly what PostgreSQL
 * will store and give back. A NUL (which {@code text} refuses) and an unpaired surrogate (which the
 * driver would turn into '?') both become U+FFFD; otherwise the MAC computed before the insert would
 * not match the row read back. Truncated text ends with '…' and is never cut inside a surrogate pair.
 */
final class BoundedText {

    private static final char REPLACEMENT = '\uFFFD';
    private static final char ELLIPSIS = '\u2026';

    private BoundedText() {
    }

    /** @return {@code text} cleaned and cut to at most {@code max} chars ({@code max} at least 2) */
    static String of(String text, int max) {
        StringBuilder out = null;
        int length = text.length();
        for (int i = 0; i < length; i++) {
            char c = text.charAt(i);
            boolean pair = Character.isHighSurrogate(c) && i + 1 < length && Character.isLowSurrogate(text.charAt(i + 1));
            boolean bad = c == 0 || (Character.isSurrogate(c) && !pair);
            if (bad && out == null) {
                out = new StringBuilder(length).append(text, 0, i);
            }
            if (out != null) {
                out.append(bad ? REPLACEMENT : c);
                if (pair) {
                    out.append(text.charAt(++i));
                }
            } else if (pair) {
                i++;
            }
        }
        String clean = out == null ? text : out.toString();
        if (clean.length() <= max) {
            return clean;
        }
        int cut = max - 1;
        if (Character.isHighSurrogate(clean.charAt(cut - 1))) {
            cut--; // its low half would be cut off: drop the pair whole
        }
        return clean.substring(0, cut) + ELLIPSIS;
    }
}
