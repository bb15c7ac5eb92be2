package org.openspine.fhir.search.index;

import java.text.Normalizer;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The one normalisation string search compares under, at write and at query: accents removed
 * (NFD, then combining marks dropped), lower case, runs of whitespace made one space, trimmed. So
 * {@code "  Zoë  O'BRIEN"} is stored and searched as {@code "zoe o'brien"}.
 */
public final class TextNormaliser {

    private static final Pattern MARKS = Pattern.compile("\\p{M}+");

    private TextNormaliser() {
    }

    /** @return {@code text} normalised for case- and accent-insensitive matching */
    public static String normalise(String text) {
        // runs on every indexed display and name, so the common ASCII case avoids regex and NFD
        String folded = isAscii(text) ? text : MARKS.matcher(Normalizer.normalize(text, Normalizer.Form.NFD)).replaceAll("");
        return collapseWhitespace(folded.toLowerCase(Locale.ROOT).trim());
    }

    private static boolean isAscii(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) >= 0x80) {
                return false;
            }
        }
        return true;
    }

    /** Each run of regex {@code \s} (space, tab, newline, vertical tab, form feed, return) becomes one space. */
    private static String collapseWhitespace(String text) {
        int length = text.length();
        int i = 0;
        while (i < length && !needsCollapse(text, i)) {
            i++;
        }
        if (i == length) {
            return text; // the usual case: nothing to change, nothing copied
        }
        StringBuilder collapsed = new StringBuilder(length).append(text, 0, i);
        boolean inSpace = false;
        for (; i < length; i++) {
            char c = text.charAt(i);
            if (!isSpace(c)) {
                collapsed.append(c);
                inSpace = false;
            } else if (!inSpace) {
                collapsed.append(' ');
                inSpace = true;
            }
        }
        return collapsed.toString();
    }

    /** @return whether whitespace starts at {@code i} that is not a lone space */
    private static boolean needsCollapse(String text, int i) {
        char c = text.charAt(i);
        if (c > ' ') {
            return false;
        }
        return isSpace(c) && (c != ' ' || (i + 1 < text.length() && isSpace(text.charAt(i + 1))));
    }

    private static boolean isSpace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\u000B' || c == '\f' || c == '\r';
    }
}
