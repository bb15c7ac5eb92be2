package org.openspine.fhir.search.index;

import java.text.Normalizer;
import java.util.Locale;

/**
 * The one normalisation string search compares under, at write and at query: accents removed
 * (NFD, then combining marks dropped), lower case, runs of whitespace made one space, trimmed. So
 * {@code "  Zoë  O'BRIEN"} is stored and searched as {@code "zoe o'brien"}.
 */
public final class TextNormaliser {

    private TextNormaliser() {
    }

    /** @return {@code text} normalised for case- and accent-insensitive matching */
    public static String normalise(String text) {
        boolean ascii = true;
        for (int i = 0; i < text.length() && ascii; i++) {
            ascii = text.charAt(i) < 0x80;
        }
        String folded = ascii ? text : Normalizer.normalize(text, Normalizer.Form.NFD).replaceAll("\\p{M}+", "");
        return folded.toLowerCase(Locale.ROOT).trim().replaceAll("\\s+", " ");
    }
}
