package org.openspine.identity.matching;

import java.time.LocalDate;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;

/**
 * Blocking keys: short strings under which a patient is indexed so that a search can fetch the few records
 * worth scoring, instead of scoring a whole population. A record and a query for the same person, even with a
 * keying slip, swapped name fields, a transposed birth date or a missing field, share at least one key in
 * nearly every case; two different people rarely do.
 *
 * <p>At most {@value #MAX_KEYS} keys, each built from two identifiers so that it is selective: a name's Double
 * Metaphone code (four characters, so a slip late in a long name keeps it), the birth date with day and month in
 * ascending order (so a day/month swap keeps it), the birth year, the month and day alone, and the full
 * postcode. Names are paired without regard to which field they came from, so swapped names keep every key:
 * <ol>
 *   <li>{@code n} family code + birth date, and {@code n} first given code + birth date;</li>
 *   <li>{@code p} both name codes + birth year (survives a slip in day or month);</li>
 *   <li>{@code q} both name codes + month and day (survives a slip in the year);</li>
 *   <li>{@code d} postcode + birth date, and {@code y} postcode + birth year (survive any name slip);</li>
 *   <li>{@code f} family code + postcode, and {@code f} given code + postcode (survive any date slip).</li>
 * </ol>
 * A key whose parts are missing is left out, so a record with no usable field has no keys.
 *
 * <p>Stored keys depend on this algorithm: when {@link #VERSION} changes, rebuild them. Thread-safe.
 */
public final class MatchKeys {

    /** The version of the key algorithm; stored keys from another version must be rebuilt. */
    public static final int VERSION = 1;
    /** The most keys {@link #of} returns. */
    public static final int MAX_KEYS = 8;
    private static final int CODE_LENGTH = 4;

    private MatchKeys() {
    }

    /**
     * @return the keys of {@code demographics}, at most {@value #MAX_KEYS}, each under 24 ASCII characters;
     *     empty when it has too little to index
     */
    public static Set<String> of(Demographics demographics) {
        Optional<String> family = NormalName.of(demographics.family()).map(MatchKeys::code);
        Optional<String> given = NormalName.givenNames(demographics.given()).stream().findFirst()
                .map(MatchKeys::code);
        Optional<String> postcode = Postcode.of(demographics.postcode()).filter(Postcode::isFull)
                .map(Postcode::text);
        LocalDate born = demographics.birthDate();
        Set<String> keys = new LinkedHashSet<>();
        if (born != null) {
            String year = String.valueOf(born.getYear());
            String monthDay = monthDay(born);
            String date = year + monthDay;
            family.ifPresent(code -> keys.add("n" + code + ":" + date));
            given.ifPresent(code -> keys.add("n" + code + ":" + date));
            if (family.isPresent() && given.isPresent()) {
                String pair = pair(family.get(), given.get());
                keys.add("p" + pair + ":" + year);
                keys.add("q" + pair + ":" + monthDay);
            }
            postcode.ifPresent(code -> keys.add("d" + code + ":" + date));
            postcode.ifPresent(code -> keys.add("y" + code + ":" + year));
        }
        postcode.ifPresent(code -> family.ifPresent(name -> keys.add("f" + name + ":" + code)));
        postcode.ifPresent(code -> given.ifPresent(name -> keys.add("f" + name + ":" + code)));
        return keys;
    }

    /**
     * @return the first {@value #CODE_LENGTH} characters of the name's primary code, which is what Double Metaphone
     *     gives with that length (it builds a code from left to right and cuts it at the length)
     */
    private static String code(NormalName name) {
        return name.phonetic().substring(0, Math.min(CODE_LENGTH, name.phonetic().length()));
    }

    /** @return the two codes in alphabetical order, so that it does not matter which was the family name */
    private static String pair(String a, String b) {
        return a.compareTo(b) <= 0 ? a + "." + b : b + "." + a;
    }

    /** @return month and day as four digits, the smaller first, so that a day/month swap gives the same */
    private static String monthDay(LocalDate date) {
        int low = Math.min(date.getMonthValue(), date.getDayOfMonth());
        int high = Math.max(date.getMonthValue(), date.getDayOfMonth());
        return (char) ('0' + low / 10) + "" + (char) ('0' + low % 10) + (char) ('0' + high / 10)
                + (char) ('0' + high % 10);
    }
}
