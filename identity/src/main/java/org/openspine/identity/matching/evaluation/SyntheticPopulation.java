package org.openspine.identity.matching.evaluation;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.openspine.identity.matching.Demographics;
import org.openspine.platform.identifier.NhsNumber;

/**
 * A synthetic English population built household by household, so that it has the look-alikes that make
 * matching hard: couples and children sharing a surname and a postcode, twins sharing surname, birth date and
 * postcode, sons named after their fathers, neighbours sharing a postcode, and many people with the commonest
 * names. A share of the people is kept out of the population: they are the outsiders, queries for whom must find
 * no one, and many of them have relatives inside it.
 *
 * <p>Deterministic for a seed. Ages follow the shape of England's adult population; children are born to
 * parents aged 18 to 42; twins are two in a hundred births.
 */
final class SyntheticPopulation {

    /** The day the population is drawn for; nobody is born after it. */
    static final LocalDate AS_OF = LocalDate.of(2025, 6, 30);
    private static final String INWARD_LETTERS = "ABDEFGHJLNPQRSTUWXYZ";
    private static final List<String> AREAS = List.of("LS", "BD", "WF", "HD", "HX", "M", "OL", "BL", "SK", "L",
            "WA", "S", "DN", "NE", "SR", "B", "CV", "NG", "LE", "BS", "CF", "SA", "E", "N", "SE", "SW", "NW", "CR",
            "BR", "PL", "EX", "YO", "HU", "PR", "BB", "TS");
    /** Upper age bound of each adult band and the share of adults in it (rounded from ONS estimates). */
    private static final int[] ADULT_BAND_END = {30, 45, 60, 75, 90, 101};
    private static final double[] ADULT_BAND_SHARE = {0.20, 0.26, 0.25, 0.19, 0.09, 0.01};
    private static final int FIRST_NHS_STEM = 900_000_000;
    /** Households per postcode, on average; about fifteen in England, fewer here so that the sample has some. */
    private static final int HOUSEHOLDS_PER_POSTCODE = 6;
    private static final int POSTCODES_PER_DISTRICT = 40;
    private static final int DISTRICTS_PER_AREA = 30;
    private static final double TWINS = 0.02;
    private static final double JUNIOR = 0.04;
    private static final double MIDDLE_NAME = 0.55;

    private final Random random;
    private final List<String> postcodes;
    private final List<Person> members = new ArrayList<>();
    private final List<Person> outsiders = new ArrayList<>();
    private int nextStem = FIRST_NHS_STEM;

    /**
     * @param patients how many people the population has
     * @param outsiderCount how many people from households outside it to draw as well
     */
    SyntheticPopulation(int patients, int outsiderCount, long seed) {
        this.random = new Random(seed);
        this.postcodes = postcodes(Math.max(50, (patients + outsiderCount) / 2 / HOUSEHOLDS_PER_POSTCODE));
        double outsideShare = (double) outsiderCount / (patients + outsiderCount);
        int household = 0;
        while (members.size() < patients || outsiders.size() < outsiderCount) {
            for (Demographics person : household()) {
                // person by person, not household by household, so that outsiders have relatives inside:
                // an unregistered twin or father is the look-alike a false match would pick
                boolean outside = members.size() >= patients
                        || outsiders.size() < outsiderCount && random.nextDouble() < outsideShare;
                List<Person> into = outside ? outsiders : members;
                if (into.size() < (outside ? outsiderCount : patients)) {
                    into.add(new Person(into.size(), household, person));
                }
            }
            household++;
        }
    }

    /** @return the people of the population, person {@code i} at index {@code i} */
    List<Person> members() {
        return List.copyOf(members);
    }

    /** @return the people drawn from households outside the population */
    List<Person> outsiders() {
        return List.copyOf(outsiders);
    }

    /** @return a postcode of the population's area other than {@code current}, as after a move */
    String otherPostcode(Random choice, String current) {
        String moved;
        do {
            moved = UkNames.pick(choice, postcodes);
        } while (moved.equals(current));
        return moved;
    }

    private List<Demographics> household() {
        String postcode = UkNames.pick(random, postcodes);
        String surname = UkNames.surname(random);
        double shape = random.nextDouble();
        List<Demographics> people = new ArrayList<>();
        int age = adultAge();
        boolean firstMale = random.nextBoolean();
        Demographics first = adult(firstMale, surname, age, postcode);
        people.add(first);
        Demographics father = firstMale ? first : null;
        if (shape >= 0.3 && shape < 0.9) {
            boolean sameSex = random.nextDouble() < 0.05;
            boolean partnerMale = sameSex ? firstMale : !firstMale;
            int partnerAge = Math.max(18, age + random.nextInt(9) - 4);
            String partnerSurname = random.nextDouble() < 0.75 ? surname : UkNames.surname(random);
            Demographics partner = adult(partnerMale, partnerSurname, partnerAge, postcode);
            people.add(partner);
            father = father == null && partnerMale ? partner : father;
        }
        if (shape >= 0.55) {
            children(people, father, surname, age, postcode);
        }
        return people;
    }

    private void children(List<Demographics> people, Demographics father, String surname, int parentAge,
                          String postcode) {
        int count = 1 + random.nextInt(3);
        for (int child = 0; child < count; child++) {
            int age = parentAge - 18 - random.nextInt(25);
            if (age < 0) {
                continue;
            }
            LocalDate born = birthDate(age);
            boolean male = random.nextBoolean();
            String given = father != null && male && random.nextDouble() < JUNIOR ? father.given().getFirst()
                    : UkNames.given(random, male, born.getYear());
            people.add(person(male, List.of(given), surname, born, postcode));
            if (random.nextDouble() < TWINS) {
                boolean sameSex = random.nextDouble() < 0.6;
                boolean twinMale = sameSex ? male : !male;
                String twinName;
                do {
                    twinName = UkNames.given(random, twinMale, born.getYear());
                } while (twinName.equals(given));
                people.add(person(twinMale, List.of(twinName), surname, born, postcode));
            }
        }
    }

    private Demographics adult(boolean male, String surname, int age, String postcode) {
        LocalDate born = birthDate(age);
        return person(male, List.of(UkNames.given(random, male, born.getYear())), surname, born, postcode);
    }

    private Demographics person(boolean male, List<String> given, String surname, LocalDate born, String postcode) {
        List<String> names = new ArrayList<>(given);
        if (random.nextDouble() < MIDDLE_NAME) {
            String middle = UkNames.given(random, male, born.getYear());
            if (!middle.equals(names.getFirst())) {
                names.add(middle);
            }
        }
        return new Demographics(nhsNumber(), surname, names, born, male ? "male" : "female", postcode);
    }

    private int adultAge() {
        double band = random.nextDouble();
        int start = 18;
        for (int i = 0; i < ADULT_BAND_END.length; i++) {
            if (band < ADULT_BAND_SHARE[i] || i == ADULT_BAND_END.length - 1) {
                return start + random.nextInt(ADULT_BAND_END[i] - start);
            }
            band -= ADULT_BAND_SHARE[i];
            start = ADULT_BAND_END[i];
        }
        throw new IllegalStateException("unreachable: the last band always answers");
    }

    private LocalDate birthDate(int age) {
        return AS_OF.minusYears(age).minusDays(random.nextInt(365));
    }

    /** @return the next valid NHS Number in a range no real patient has */
    private String nhsNumber() {
        while (true) {
            String stem = String.valueOf(nextStem++);
            int check = NhsNumber.checkDigit(stem);
            if (check >= 0) {
                return stem + check;
            }
        }
    }

    private List<String> postcodes(int count) {
        List<String> districts = new ArrayList<>();
        // every district of the areas, at most, however large the population: they are spread thinner then
        int districtCount = Math.min(AREAS.size() * DISTRICTS_PER_AREA, Math.max(10, count / POSTCODES_PER_DISTRICT));
        Set<String> seen = new LinkedHashSet<>();
        while (seen.size() < districtCount) {
            seen.add(UkNames.pick(random, AREAS) + (1 + random.nextInt(DISTRICTS_PER_AREA)));
        }
        districts.addAll(seen);
        Set<String> codes = new LinkedHashSet<>();
        while (codes.size() < count) {
            codes.add(UkNames.pick(random, districts) + " " + random.nextInt(10)
                    + INWARD_LETTERS.charAt(random.nextInt(INWARD_LETTERS.length()))
                    + INWARD_LETTERS.charAt(random.nextInt(INWARD_LETTERS.length())));
        }
        return List.copyOf(codes);
    }

    /**
     * One person of the population or of the outsiders.
     *
     * @param index the position among the members, or among the outsiders
     * @param household the household the person was drawn in; relatives share it
     * @param demographics the person's record, with a valid NHS Number
     */
    record Person(int index, int household, Demographics demographics) {
    }
}
