package org.openspine.identity.matching;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.apache.commons.codec.language.DoubleMetaphone;

/**
 * One name reduced to what matching compares: upper-case A to Z without accents, apostrophes, hyphens or spaces
 * ("O'Brien" and "OBRIEN" are the same name, as are "Zoë" and "Zoe"), the words it was written as (so that
 * "Smith-Jones" can be recognised as containing "Smith"), and its Double Metaphone codes.
 *
 * @param text the letters of the whole name, never empty
 * @param words the words of the name in order, each non-empty
 * @param phonetic the primary Double Metaphone code of {@code text}, {@value #CODE_LENGTH} characters at most
 * @param alternate the alternate Double Metaphone code (equal to {@code phonetic} for most English names)
 */
record NormalName(String text, List<String> words, String phonetic, String alternate) {

    /** Long enough that a code tells Williams from Williamson, short enough to forgive a late typo. */
    static final int CODE_LENGTH = 6;
    private static final Pattern MARKS = Pattern.compile("\\p{M}+");
    /** Characters removed without separating words: apostrophes and full stops ("O'Brien", "St.John"). */
    private static final String DROPPED = "'\u2019`.";
    /**
     * Double Metaphone is thread-safe as long as its code length is set before it is shared: this instance is
     * configured during class initialisation, which publishes it safely, and never changed.
     */
    private static final DoubleMetaphone METAPHONE = new DoubleMetaphone();

    static {
        METAPHONE.setMaxCodeLen(CODE_LENGTH);
    }

    NormalName {
        words = List.copyOf(words);
    }

    /** @return the normalised name, or empty when {@code raw} has no letters */
    static Optional<NormalName> of(String raw) {
        List<String> words = words(raw);
        if (words.isEmpty()) {
            return Optional.empty();
        }
        String text = String.join("", words);
        return Optional.of(new NormalName(text, words, code(text, false), code(text, true)));
    }

    /**
     * @return the given names in {@code given}, each entry split at spaces (a hyphenated name such as
     *     "Mary-Jane" stays one name); empty when there are none
     */
    static List<NormalName> givenNames(List<String> given) {
        List<NormalName> names = new ArrayList<>();
        for (String entry : given) {
            for (String word : entry.trim().split("\\s+")) {
                of(word.replace("-", "")).ifPresent(names::add);
            }
        }
        return List.copyOf(names);
    }

    /** @return the upper-case words of {@code raw} with accents and apostrophes removed; empty for none */
    static List<String> words(String raw) {
        if (raw == null || raw.isBlank()) {
            return List.of();
        }
        String folded = raw;
        for (int i = 0; i < raw.length(); i++) {
            if (raw.charAt(i) >= 0x80) {
                folded = fold(raw);
                break;
            }
        }
        // one pass instead of regular expressions: names are normalised for every candidate of every search
        List<String> words = new ArrayList<>(2);
        StringBuilder word = new StringBuilder(folded.length());
        for (int i = 0; i < folded.length(); i++) {
            char c = folded.charAt(i);
            if (c >= 'a' && c <= 'z') {
                word.append((char) (c - 'a' + 'A'));
            } else if (c >= 'A' && c <= 'Z') {
                word.append(c);
            } else if (DROPPED.indexOf(c) < 0 && !word.isEmpty()) {
                words.add(word.toString());
                word.setLength(0);
            }
        }
        if (!word.isEmpty()) {
            words.add(word.toString());
        }
        return words;
    }

    /** @return {@code raw} without accents, letters no decomposition separates from their base spelt out */
    private static String fold(String raw) {
        String folded = MARKS.matcher(Normalizer.normalize(raw, Normalizer.Form.NFD)).replaceAll("");
        return folded.replace("Æ", "AE").replace("æ", "ae").replace("Œ", "OE").replace("œ", "oe")
                .replace("Ø", "O").replace("ø", "o").replace("Ł", "L").replace("ł", "l").replace("Đ", "D")
                .replace("đ", "d").replace("ß", "ss");
    }

    /** @return the Double Metaphone code of normalised {@code text}, or the text itself when it has no code */
    private static String code(String text, boolean alternate) {
        String code = METAPHONE.doubleMetaphone(text, alternate);
        return code == null || code.isEmpty() ? text : code;
    }

    /** @return whether the two names sound alike to Double Metaphone (either code of one meets either of the other) */
    boolean soundsLike(NormalName other) {
        return phonetic.equals(other.phonetic) || phonetic.equals(other.alternate)
                || alternate.equals(other.phonetic) || alternate.equals(other.alternate);
    }

    /** @return whether this is a one-letter name, an initial */
    boolean isInitial() {
        return text.length() == 1;
    }
}
