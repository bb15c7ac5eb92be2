package org.openspine.identity.matching.evaluation;

import java.text.Normalizer;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import org.openspine.identity.matching.Demographics;

/**
 * Turns a person's record into a query as a clerk would type it: without the NHS Number, with one
 * {@link ErrorKind} (chosen uniformly), and in a formatting of its own (case, accents and apostrophes dropped,
 * middle names left out, postcode spacing and case, gender initials), which matching must see through.
 */
final class QueryErrors {

    private static final List<ErrorKind> SINGLE = List.of(ErrorKind.FAMILY_TYPO, ErrorKind.GIVEN_TYPO,
            ErrorKind.NAMES_SWAPPED, ErrorKind.DAY_MONTH_SWAPPED, ErrorKind.DATE_DIGITS_TRANSPOSED,
            ErrorKind.DATE_TYPO, ErrorKind.POSTCODE_TYPO, ErrorKind.MOVED, ErrorKind.GIVEN_MISSING,
            ErrorKind.GENDER_MISSING, ErrorKind.POSTCODE_MISSING);
    private static final Set<ErrorKind> DATE = EnumSet.of(ErrorKind.DAY_MONTH_SWAPPED,
            ErrorKind.DATE_DIGITS_TRANSPOSED, ErrorKind.DATE_TYPO);
    private static final Set<ErrorKind> GIVEN = EnumSet.of(ErrorKind.GIVEN_TYPO, ErrorKind.NAMES_SWAPPED,
            ErrorKind.GIVEN_MISSING);
    private static final Set<ErrorKind> POSTCODE = EnumSet.of(ErrorKind.POSTCODE_TYPO, ErrorKind.MOVED,
            ErrorKind.POSTCODE_MISSING);
    private static final LocalDate EARLIEST = LocalDate.of(1900, 1, 1);
    /** Neighbouring keys on a UK keyboard, the commonest source of a wrong letter. */
    private static final Map<Character, String> NEIGHBOURS = Map.ofEntries(Map.entry('q', "wa"),
            Map.entry('w', "qeas"), Map.entry('e', "wrsd"), Map.entry('r', "etdf"), Map.entry('t', "ryfg"),
            Map.entry('y', "tugh"), Map.entry('u', "yihj"), Map.entry('i', "uojk"), Map.entry('o', "ipkl"),
            Map.entry('p', "ol"), Map.entry('a', "qwsz"), Map.entry('s', "awedxz"), Map.entry('d', "serfcx"),
            Map.entry('f', "drtgvc"), Map.entry('g', "ftyhbv"), Map.entry('h', "gyujnb"), Map.entry('j', "huikmn"),
            Map.entry('k', "jiolm"), Map.entry('l', "kop"), Map.entry('z', "asx"), Map.entry('x', "zsdc"),
            Map.entry('c', "xdfv"), Map.entry('v', "cfgb"), Map.entry('b', "vghn"), Map.entry('n', "bhjm"),
            Map.entry('m', "njk"));
    private static final String LETTERS = "abcdefghijklmnopqrstuvwxyz";

    private final SyntheticPopulation population;

    QueryErrors(SyntheticPopulation population) {
        this.population = population;
    }

    /** @return a query for {@code person} with an error of a kind drawn uniformly from {@link ErrorKind} */
    Query query(Demographics person, Random random) {
        ErrorKind[] kinds = ErrorKind.values();
        while (true) {
            ErrorKind kind = kinds[random.nextInt(kinds.length)];
            Draft draft = new Draft(person);
            if (apply(kind, draft, random)) {
                return new Query(draft.formatted(random), kind);
            }
        }
    }

    private boolean apply(ErrorKind kind, Draft draft, Random random) {
        return switch (kind) {
            case NONE -> true;
            case FAMILY_TYPO -> {
                draft.family = typo(draft.family, random);
                yield true;
            }
            case GIVEN_TYPO -> {
                draft.given.set(0, typo(draft.given.getFirst(), random));
                yield true;
            }
            case NAMES_SWAPPED -> {
                String family = draft.family;
                draft.family = draft.given.getFirst();
                draft.given = new ArrayList<>(List.of(family));
                yield true;
            }
            case DAY_MONTH_SWAPPED -> {
                LocalDate born = draft.birthDate;
                if (born.getDayOfMonth() > 12 || born.getDayOfMonth() == born.getMonthValue()) {
                    yield false;
                }
                draft.birthDate = LocalDate.of(born.getYear(), born.getDayOfMonth(), born.getMonthValue());
                yield true;
            }
            case DATE_DIGITS_TRANSPOSED -> dateSlip(draft, random, true);
            case DATE_TYPO -> {
                if (random.nextDouble() < 0.3) {
                    draft.birthDate = draft.birthDate.plusDays(random.nextBoolean() ? 1 : -1);
                    yield !draft.birthDate.isAfter(SyntheticPopulation.AS_OF);
                }
                yield dateSlip(draft, random, false);
            }
            case POSTCODE_TYPO -> {
                draft.postcode = postcodeTypo(draft.postcode, random);
                yield true;
            }
            case MOVED -> {
                draft.postcode = population.otherPostcode(random, draft.postcode);
                yield true;
            }
            case GIVEN_MISSING -> {
                draft.given = new ArrayList<>();
                yield true;
            }
            case GENDER_MISSING -> {
                draft.gender = null;
                yield true;
            }
            case POSTCODE_MISSING -> {
                draft.postcode = null;
                yield true;
            }
            case TWO_ERRORS -> {
                ErrorKind first = SINGLE.get(random.nextInt(SINGLE.size()));
                ErrorKind second = SINGLE.get(random.nextInt(SINGLE.size()));
                if (first == second || sameField(first, second)) {
                    yield false;
                }
                yield apply(first, draft, random) && apply(second, draft, random);
            }
        };
    }

    private static boolean sameField(ErrorKind a, ErrorKind b) {
        return DATE.contains(a) && DATE.contains(b) || GIVEN.contains(a) && GIVEN.contains(b)
                || POSTCODE.contains(a) && POSTCODE.contains(b);
    }

    /** @return {@code name} with one slip: a letter inserted, deleted, substituted, or two adjacent swapped */
    static String typo(String name, Random random) {
        while (true) {
            StringBuilder text = new StringBuilder(name);
            int at = random.nextInt(name.length());
            switch (random.nextInt(4)) {
                case 0 -> text.insert(at + random.nextInt(2), letter(name.charAt(at), random));
                case 1 -> {
                    if (name.length() < 3) {
                        continue;
                    }
                    text.deleteCharAt(at);
                }
                case 2 -> text.setCharAt(at, letter(name.charAt(at), random));
                default -> {
                    if (at + 1 >= name.length() || name.charAt(at) == name.charAt(at + 1)) {
                        continue;
                    }
                    text.setCharAt(at, name.charAt(at + 1));
                    text.setCharAt(at + 1, name.charAt(at));
                }
            }
            String slipped = text.toString();
            if (!slipped.equalsIgnoreCase(name) && slipped.chars().anyMatch(Character::isLetter)) {
                return slipped;
            }
        }
    }

    /** @return a letter typed in place of, or next to, {@code near}: a neighbouring key two times in three */
    private static char letter(char near, Random random) {
        String neighbours = NEIGHBOURS.get(Character.toLowerCase(near));
        String from = neighbours != null && random.nextInt(3) > 0 ? neighbours : LETTERS;
        char letter = from.charAt(random.nextInt(from.length()));
        return Character.isUpperCase(near) ? Character.toUpperCase(letter) : letter;
    }

    /**
     * Gives the birth date a slip in its yyyyMMdd digits that still makes a date between 1900 and the population's
     * day: two adjacent digits swapped, or one digit replaced.
     *
     * @return whether such a slip exists
     */
    private static boolean dateSlip(Draft draft, Random random, boolean swap) {
        String digits = draft.birthDate.format(DateTimeFormatter.BASIC_ISO_DATE);
        List<LocalDate> slips = new ArrayList<>();
        for (int i = 0; i < digits.length(); i++) {
            if (swap && i + 1 < digits.length()) {
                char[] swapped = digits.toCharArray();
                swapped[i] = digits.charAt(i + 1);
                swapped[i + 1] = digits.charAt(i);
                date(new String(swapped)).ifPresent(slips::add);
            }
            for (char replacement = '0'; !swap && replacement <= '9'; replacement++) {
                char[] replaced = digits.toCharArray();
                replaced[i] = replacement;
                date(new String(replaced)).ifPresent(slips::add);
            }
        }
        slips.removeIf(draft.birthDate::equals);
        if (slips.isEmpty()) {
            return false;
        }
        draft.birthDate = slips.get(random.nextInt(slips.size()));
        return true;
    }

    /** @return the date {@code digits} (yyyyMMdd) spell, if it is one between 1900 and the population's day */
    private static Optional<LocalDate> date(String digits) {
        try {
            LocalDate date = LocalDate.parse(digits, DateTimeFormatter.BASIC_ISO_DATE);
            boolean plausible = !date.isBefore(EARLIEST) && !date.isAfter(SyntheticPopulation.AS_OF);
            return plausible ? Optional.of(date) : Optional.empty();
        } catch (DateTimeParseException e) {
            return Optional.empty(); // not a date (month 13, 31 April): a slip no system would store
        }
    }

    /** @return {@code postcode} with one character replaced by another of its kind, or two adjacent swapped */
    private static String postcodeTypo(String postcode, Random random) {
        while (true) {
            char[] text = postcode.toCharArray();
            int at = random.nextInt(text.length);
            char c = text[at];
            if (c == ' ') {
                continue;
            }
            if (random.nextDouble() < 0.7) {
                text[at] = Character.isDigit(c) ? (char) ('0' + random.nextInt(10))
                        : Character.toUpperCase(LETTERS.charAt(random.nextInt(LETTERS.length())));
            } else if (at + 1 < text.length && text[at + 1] != ' ') {
                text[at] = text[at + 1];
                text[at + 1] = c;
            }
            String slipped = new String(text);
            if (!slipped.equals(postcode)) {
                return slipped;
            }
        }
    }

    /** A query and the error it was given. */
    record Query(Demographics demographics, ErrorKind kind) {
    }

    /** The fields of a query while its error is applied. */
    private static final class Draft {

        private String family;
        private List<String> given;
        private LocalDate birthDate;
        private String gender;
        private String postcode;

        Draft(Demographics person) {
            family = person.family();
            given = new ArrayList<>(person.given());
            birthDate = person.birthDate();
            gender = person.gender();
            postcode = person.postcode();
        }

        /** @return the query, formatted as one of the many ways the same record gets typed */
        Demographics formatted(Random random) {
            boolean ascii = random.nextDouble() < 0.25;
            double nameCase = random.nextDouble();
            List<String> names = new ArrayList<>();
            for (String name : random.nextBoolean() || given.isEmpty() ? given : given.subList(0, 1)) {
                names.add(styled(name, ascii, nameCase));
            }
            String code = postcode;
            if (code != null) {
                code = random.nextDouble() < 0.3 ? code.replace(" ", "") : code;
                code = random.nextDouble() < 0.2 ? code.toLowerCase(Locale.ROOT) : code;
            }
            String sex = gender != null && random.nextDouble() < 0.15 ? gender.substring(0, 1).toUpperCase(Locale.ROOT)
                    : gender;
            return new Demographics(null, styled(family, ascii, nameCase), names, birthDate, sex, code);
        }

        private static String styled(String name, boolean ascii, double nameCase) {
            String styled = name;
            if (ascii) {
                styled = Normalizer.normalize(styled, Normalizer.Form.NFD).replaceAll("\\p{M}+", "")
                        .replace("'", "");
            }
            if (nameCase < 0.2) {
                return styled.toUpperCase(Locale.ROOT);
            }
            return nameCase < 0.3 ? styled.toLowerCase(Locale.ROOT) : styled;
        }
    }
}
