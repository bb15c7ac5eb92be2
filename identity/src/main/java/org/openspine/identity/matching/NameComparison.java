package org.openspine.identity.matching;

import java.util.List;
import java.util.Optional;
import org.apache.commons.text.similarity.JaroWinklerSimilarity;
import org.openspine.identity.matching.Evidence.Agreement;

/**
 * Compares names at the levels of {@link Agreement} (see there for what each means for a name).
 *
 * <p>Double Metaphone alone is too coarse for short given names (John, Jane, Joan, Jean and June share a code),
 * so a sound-alike counts as close only when the spellings are also fairly similar; and a slip or a sound-alike
 * counts as close only in names of four letters or more, because in a shorter name it is as likely another name
 * (Tom and Tim sound alike to Double Metaphone, and are one slip apart).
 */
final class NameComparison {

    /** Jaro-Winkler similarity from which two names are partly the same (Smith and Smithson are 0.93). */
    static final double SIMILAR = 0.88;
    /** Jaro-Winkler similarity a sound-alike needs as well (Catherine and Kathryn are 0.76, Jane and John 0.67). */
    static final double SOUND_ALIKE_SPELLING = 0.75;
    private static final int SLIP_LENGTH = 4;
    /** Stateless, so shared. */
    private static final JaroWinklerSimilarity JARO_WINKLER = new JaroWinklerSimilarity();

    private NameComparison() {
    }

    /** @return how two family names agree */
    static Agreement family(Optional<NormalName> a, Optional<NormalName> b) {
        if (a.isEmpty() || b.isEmpty()) {
            return Agreement.MISSING;
        }
        return compare(a.get(), b.get());
    }

    /**
     * @return how two lists of given names agree: by their first names, or PARTIAL when only a further given
     *     name of one agrees with the first of the other (someone known by their middle name)
     */
    static Agreement given(List<NormalName> a, List<NormalName> b) {
        if (a.isEmpty() || b.isEmpty()) {
            return Agreement.MISSING;
        }
        NormalName first = a.getFirst();
        NormalName other = b.getFirst();
        if (first.isInitial() || other.isInitial()) {
            return first.text().charAt(0) == other.text().charAt(0) ? Agreement.PARTIAL : Agreement.DIFFERENT;
        }
        Agreement agreement = compare(first, other);
        if (agreement == Agreement.EXACT || agreement == Agreement.CLOSE) {
            return agreement;
        }
        if (agreesWithAny(first, b.subList(1, b.size())) || agreesWithAny(other, a.subList(1, a.size()))) {
            return Agreement.PARTIAL;
        }
        return agreement;
    }

    /** @return how two names agree: EXACT, CLOSE, PARTIAL or DIFFERENT */
    static Agreement compare(NormalName a, NormalName b) {
        if (a.text().equals(b.text())) {
            return Agreement.EXACT;
        }
        int shorter = Math.min(a.text().length(), b.text().length());
        boolean slip = Edits.withinOne(a.text(), b.text());
        if (slip && shorter >= SLIP_LENGTH) {
            return Agreement.CLOSE;
        }
        double similarity = JARO_WINKLER.apply(a.text(), b.text());
        boolean soundAlike = a.soundsLike(b) && similarity >= SOUND_ALIKE_SPELLING;
        if (soundAlike && shorter >= SLIP_LENGTH || containsWord(a, b) || containsWord(b, a)) {
            return Agreement.CLOSE;
        }
        if (similarity >= SIMILAR || slip || soundAlike) {
            return Agreement.PARTIAL;
        }
        return Agreement.DIFFERENT;
    }

    /** @return whether {@code name} is one of two or more words of {@code whole} ("Smith" in "Smith-Jones") */
    private static boolean containsWord(NormalName whole, NormalName name) {
        return whole.words().size() > 1 && name.words().size() == 1 && whole.words().contains(name.text());
    }

    private static boolean agreesWithAny(NormalName name, List<NormalName> others) {
        for (NormalName other : others) {
            if (!other.isInitial()) {
                Agreement agreement = compare(name, other);
                if (agreement == Agreement.EXACT || agreement == Agreement.CLOSE) {
                    return true;
                }
            }
        }
        return false;
    }
}
