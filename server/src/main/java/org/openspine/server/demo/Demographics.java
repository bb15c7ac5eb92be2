package org.openspine.server.demo;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.LocalDate;
import java.util.List;
import java.util.Random;
import org.openspine.platform.identifier.NhsNumber;
import org.openspine.server.demo.CareProviders.Provider;

/**
 * Draws a synthetic person living near their GP practice and writes them as a FHIR Patient.
 *
 * <p>Telephone numbers come from the Ofcom ranges reserved for drama (0113 496 0xxx, 07700 900xxx), so a
 * generated number never rings a real phone. Ages follow the shape of England's population pyramid.
 */
final class Demographics {

    private static final List<String> MALE = List.of("Oliver", "George", "Harry", "Jack", "Noah", "Leo",
            "Arthur", "Muhammad", "Oscar", "Charlie", "Jacob", "Thomas", "James", "William", "Daniel", "David",
            "Michael", "Paul", "Mark", "Andrew", "Richard", "Stephen", "Peter", "John", "Robert", "Christopher",
            "Mohammed", "Ali", "Adam", "Samuel", "Joseph", "Ethan", "Kwame", "Tomasz", "Rajesh", "Ryan", "Liam",
            "Callum", "Gareth", "Ian");
    private static final List<String> FEMALE = List.of("Olivia", "Amelia", "Isla", "Ava", "Ivy", "Freya",
            "Lily", "Florence", "Mia", "Willow", "Emily", "Grace", "Sophie", "Jessica", "Charlotte", "Hannah",
            "Sarah", "Emma", "Rebecca", "Laura", "Susan", "Margaret", "Patricia", "Elizabeth", "Helen", "Karen",
            "Julie", "Fatima", "Aisha", "Zainab", "Priya", "Ayesha", "Chloe", "Megan", "Niamh", "Agnieszka",
            "Amara", "Mary", "Joan", "Dorothy");
    private static final List<String> SURNAMES = List.of("Smith", "Jones", "Taylor", "Brown", "Williams",
            "Wilson", "Johnson", "Davies", "Robinson", "Wright", "Thompson", "Evans", "Walker", "White", "Roberts",
            "Green", "Hall", "Wood", "Jackson", "Clarke", "Patel", "Khan", "Hussain", "Ahmed", "Ali", "Begum",
            "Akhtar", "Iqbal", "Shah", "Singh", "Kaur", "Sharma", "Hill", "Moore", "Harrison", "Lewis", "Ward",
            "Baker", "Turner", "Hughes", "Edwards", "Armitage", "Sutcliffe", "Haigh", "Greenwood", "Ackroyd",
            "Barraclough", "Nowak", "Kowalski", "Okafor", "Mensah", "Nguyen", "Chen", "Murphy", "O'Brien",
            "Kelly", "Campbell", "Stewart", "Thomas", "Mitchell");
    private static final List<String> STREETS = List.of("High Street", "Station Road", "Church Lane",
            "Park Avenue", "Victoria Road", "Mill Lane", "The Green", "Manor Road", "Kings Road", "Queens Road",
            "Albert Street", "Chapel Street", "Westfield Road", "Springfield Road", "Orchard Close", "Meadow Way",
            "Woodland Drive", "Grove Road", "Moor Lane", "Beech Avenue", "Hollin Lane", "Carr Lane",
            "Back Lane", "Halifax Road", "Leeds Road", "Bradford Road", "Otley Road", "Greenside");
    /** Postcode districts around each practice, in the order of {@link CareProviders#PRACTICES}. */
    private static final List<List<String>> DISTRICTS = List.of(
            List.of("LS4", "LS5", "LS6", "LS12", "LS13", "LS16", "LS17"),
            List.of("BD1", "BD3", "BD5", "BD7", "BD8", "BD9"),
            List.of("WF1", "WF2", "WF3", "WF4"),
            List.of("HD1", "HD2", "HD3", "HD4", "HD5"));
    /** Letters allowed in the last two places of a postcode's inward code. */
    private static final String INWARD_LETTERS = "ABDEFGHJLNPQRSTUWXYZ";
    /** Upper age bound of each band and the share of the population in it (ONS mid-year estimates, rounded). */
    private static final int[] AGE_BAND_END = {5, 18, 30, 45, 60, 75, 90, 100};
    private static final double[] AGE_BAND_SHARE = {0.055, 0.155, 0.155, 0.20, 0.195, 0.155, 0.075, 0.01};
    private static final String NHS_NUMBER_VERIFICATION =
            "https://fhir.hl7.org.uk/StructureDefinition/Extension-UKCore-NHSNumberVerificationStatus";
    private static final String NHS_NUMBER_VERIFICATION_CODES =
            "https://fhir.hl7.org.uk/CodeSystem/UKCore-NHSNumberVerificationStatusEngland";
    private static final String MARITAL_STATUS = "http://terminology.hl7.org/CodeSystem/v3-MaritalStatus";

    private Demographics() {
    }

    /**
     * @param practiceIndex index into {@link CareProviders#PRACTICES}; the person lives near that practice
     * @param asOf the day the population is generated for; nobody is born after it
     */
    static Person draw(Random random, int practiceIndex, LocalDate asOf) {
        double gender = random.nextDouble();
        String sex = gender < 0.49 ? "male" : gender < 0.99 ? "female" : gender < 0.995 ? "other" : "unknown";
        List<String> givenNames = switch (sex) {
            case "male" -> MALE;
            case "female" -> FEMALE;
            default -> random.nextBoolean() ? MALE : FEMALE;
        };
        String given = pick(random, givenNames);
        String middle = random.nextDouble() < 0.4 ? pick(random, givenNames) : null;
        String family = pick(random, SURNAMES);
        int age = age(random);
        LocalDate birthDate = asOf.minusYears(age).minusDays(1 + random.nextInt(364));
        String city = CareProviders.PRACTICES.get(practiceIndex).city();
        String postcode = pick(random, DISTRICTS.get(practiceIndex)) + " " + random.nextInt(10)
                + INWARD_LETTERS.charAt(random.nextInt(INWARD_LETTERS.length()))
                + INWARD_LETTERS.charAt(random.nextInt(INWARD_LETTERS.length()));
        String line = (1 + random.nextInt(180)) + " " + pick(random, STREETS);
        String homePhone = String.format("0113 496 0%03d", random.nextInt(1000));
        String mobile = random.nextDouble() < 0.85 ? String.format("07700 900%03d", random.nextInt(1000)) : null;
        String marital = age < 18 ? null : pick(random, List.of("M", "M", "M", "S", "S", "D", "W"));
        return new Person(prefix(random, sex, age, marital), given, middle, family, sex, birthDate, age, line, city,
                postcode, homePhone, mobile, marital);
    }

    /** @return the person as a Patient registered at {@code practice} */
    static ObjectNode patient(Person person, NhsNumber nhsNumber, Provider practice) {
        ObjectNode patient = Datatypes.NODES.objectNode();
        patient.put("resourceType", "Patient");
        ObjectNode identifier = Datatypes.identifier(NhsNumber.SYSTEM, nhsNumber.value());
        ObjectNode verified = identifier.putArray("extension").addObject();
        verified.put("url", NHS_NUMBER_VERIFICATION);
        verified.set("valueCodeableConcept", Datatypes.status(
                NHS_NUMBER_VERIFICATION_CODES, "01", "Number present and verified"));
        patient.putArray("identifier").add(identifier);
        patient.put("active", true);
        ObjectNode name = patient.putArray("name").addObject();
        name.put("use", "official");
        name.put("family", person.family());
        ArrayNode given = name.putArray("given");
        given.add(person.given());
        if (person.middle() != null) {
            given.add(person.middle());
        }
        name.putArray("prefix").add(person.prefix());
        ArrayNode telecom = patient.putArray("telecom");
        telecom.add(Datatypes.telecom("phone", person.homePhone(), "home"));
        if (person.mobile() != null) {
            telecom.add(Datatypes.telecom("phone", person.mobile(), "mobile"));
        }
        patient.put("gender", person.gender());
        patient.put("birthDate", person.birthDate().toString());
        patient.putArray("address").add(Datatypes.address(
                "home", person.line(), person.city(), "West Yorkshire", person.postcode()));
        if (person.maritalStatus() != null) {
            patient.set("maritalStatus", Datatypes.status(MARITAL_STATUS, person.maritalStatus(),
                    switch (person.maritalStatus()) {
                        case "M" -> "Married";
                        case "D" -> "Divorced";
                        case "W" -> "Widowed";
                        default -> "Never Married";
                    }));
        }
        patient.putArray("generalPractitioner").add(
                Datatypes.reference(CareProviders.organisationReference(practice), practice.name()));
        return patient;
    }

    private static int age(Random random) {
        double share = random.nextDouble();
        int start = 0;
        for (int band = 0; band < AGE_BAND_END.length; band++) {
            share -= AGE_BAND_SHARE[band];
            if (share < 0 || band == AGE_BAND_END.length - 1) {
                return start + random.nextInt(AGE_BAND_END[band] - start);
            }
            start = AGE_BAND_END[band];
        }
        throw new IllegalStateException("unreachable: the last band always returns");
    }

    private static String prefix(Random random, String gender, int age, String marital) {
        if (age < 16) {
            return "male".equals(gender) ? "Master" : "female".equals(gender) ? "Miss" : "Mx";
        }
        return switch (gender) {
            case "male" -> "Mr";
            case "female" -> "M".equals(marital) || "W".equals(marital) ? "Mrs" : random.nextBoolean() ? "Ms" : "Miss";
            default -> "Mx";
        };
    }

    private static <T> T pick(Random random, List<T> values) {
        return values.get(random.nextInt(values.size()));
    }

    /**
     * One synthetic person. {@code middle}, {@code mobile} and {@code maritalStatus} are null when the person
     * has none (children have no marital status).
     *
     * @param age whole years on the generation day
     */
    record Person(String prefix, String given, String middle, String family, String gender, LocalDate birthDate,
                  int age, String line, String city, String postcode, String homePhone, String mobile,
                  String maritalStatus) {
    }
}
